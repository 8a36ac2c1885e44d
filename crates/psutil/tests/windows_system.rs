//! The Windows system functions against independent sources. Under Wine (detected by
//! `ntdll!wine_get_version`) those are the Linux host's own files, which Wine shows on
//! drive Z: (`Z:\proc\...`, `Z:\sys\...`), and the oracle files the test step writes
//! with host tools (`df`, named by PSUTIL_RS_WINE_ORACLE). Where Wine 8.0 does not
//! implement a call, the test asserts Wine's documented outcome instead.
#![cfg(windows)]

use std::collections::BTreeSet;

use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};

fn under_wine() -> bool {
    let ntdll: Vec<u16> = "ntdll.dll\0".encode_utf16().collect();
    // SAFETY: a NUL-terminated module name; ntdll is loaded in every process.
    let h = unsafe { GetModuleHandleW(ntdll.as_ptr()) };
    // SAFETY: a NUL-terminated export name.
    !h.is_null() && unsafe { GetProcAddress(h, c"wine_get_version".as_ptr().cast()) }.is_some()
}

/// A file of the Linux host, read through Wine's Z: drive; `None` outside Wine.
fn host_file(unix_path: &str) -> Option<String> {
    if !under_wine() {
        return None;
    }
    std::fs::read_to_string(format!("Z:{}", unix_path.replace('/', "\\"))).ok()
}

fn meminfo_kb(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("{key} in meminfo"))
}

/// (user + nice, system + iowait + irq + softirq + steal, idle) of the host's `/proc/stat` line `label`,
/// in seconds: what Wine reports as a CPU's user, kernel − idle, and idle time.
fn host_cpu_line(label: &str) -> (f64, f64, f64) {
    let stat = host_file("/proc/stat").expect("host /proc/stat");
    let line = stat.lines().find(|l| l.split_whitespace().next() == Some(label)).expect("cpu line");
    let v: Vec<f64> = line.split_whitespace().skip(1).map(|x| x.parse().expect("number")).collect();
    let hz = 100.0;
    ((v[0] + v[1]) / hz, (v[2] + v[4] + v[5] + v[6] + v[7]) / hz, v[3] / hz)
}

#[test]
fn memory_total_is_the_hosts_and_available_is_near_it() {
    let vm = psutil_rs::virtual_memory().expect("virtual_memory");
    assert!(vm.total > 0 && vm.used + vm.available == vm.total && vm.free == vm.available);
    assert!((0.0..=100.0).contains(&vm.percent));
    if let Some(meminfo) = host_file("/proc/meminfo") {
        let total = meminfo_kb(&meminfo, "MemTotal") * 1024;
        assert!(total.abs_diff(vm.total) <= 4096, "{} vs host {total}", vm.total);
        // A gauge that moves with the whole machine: within 5% of the total.
        let avail = meminfo_kb(&meminfo, "MemAvailable") * 1024;
        assert!(avail.abs_diff(vm.available) <= total / 20, "{} vs host {avail}", vm.available);
    }
}

#[test]
fn swap_memory_follows_the_paging_files() {
    let swap = psutil_rs::swap_memory();
    if under_wine() {
        // Wine 8.0 does not implement SystemPageFileInformation (STATUS_INVALID_INFO_CLASS).
        let err = swap.expect_err("Wine has no paging-file information");
        assert_eq!(err.raw_os_error(), Some(87), "{err:?}");
    } else {
        let s = swap.expect("swap_memory");
        assert!(s.used <= s.total && s.used + s.free == s.total && s.sin == 0 && s.sout == 0);
    }
}

#[test]
fn cpu_counts_match_the_hosts_cpuinfo() {
    let logical = psutil_rs::cpu_count(true).expect("cpu_count").expect("known");
    let cores = psutil_rs::cpu_count(false).expect("cpu_count").expect("known");
    assert!(cores >= 1 && cores <= logical);
    assert_eq!(psutil_rs::cpu_times_percpu().expect("percpu").len(), logical);
    if let Some(cpuinfo) = host_file("/proc/cpuinfo") {
        let processors = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
        assert_eq!(logical, processors);
        let mut core_ids = BTreeSet::new();
        let mut physical = "";
        for line in cpuinfo.lines() {
            if let Some((k, v)) = line.split_once(':') {
                match k.trim() {
                    "physical id" => physical = v.trim(),
                    "core id" => {
                        core_ids.insert((physical.to_owned(), v.trim().to_owned()));
                    }
                    _ => {}
                }
            }
        }
        if !core_ids.is_empty() {
            assert_eq!(cores, core_ids.len());
        }
    }
}

#[test]
fn cpu_times_are_bracketed_by_the_hosts() {
    if !under_wine() {
        let t = psutil_rs::cpu_times().expect("cpu_times");
        assert!(t.user >= 0.0 && t.system >= 0.0 && t.idle > 0.0);
        return;
    }
    let before = host_cpu_line("cpu");
    let ours = psutil_rs::cpu_times().expect("cpu_times");
    let after = host_cpu_line("cpu");
    let slack = 0.06; // a host tick per summed field, for rounding
    for (name, b, o, a) in [
        ("user", before.0, ours.user, after.0),
        ("system", before.1, ours.system, after.1),
        ("idle", before.2, ours.idle, after.2),
    ] {
        assert!(b - slack <= o && o <= a + slack, "{name}: {b} <= {o} <= {a}");
    }
    let per = psutil_rs::cpu_times_percpu().expect("percpu");
    for (i, cpu) in per.iter().enumerate() {
        let after = host_cpu_line(&format!("cpu{i}"));
        assert!(cpu.idle <= after.2 + slack && cpu.user <= after.0 + slack, "cpu{i}");
    }
}

#[test]
fn cpu_stats_and_frequency() {
    let stats = psutil_rs::cpu_stats().expect("cpu_stats");
    assert_eq!(stats.soft_interrupts, 0);
    if under_wine() {
        // Wine 8.0 reports no context switches, system calls or interrupts.
        assert_eq!((stats.ctx_switches, stats.interrupts, stats.syscalls), (0, 0, 0));
    } else {
        assert!(stats.ctx_switches > 0 && stats.syscalls > 0);
    }
    let f = psutil_rs::cpu_freq().expect("cpu_freq").expect("a frequency");
    assert!(f.current > 0.0 && f.min == 0.0 && f.max >= f.current);
    assert_eq!(psutil_rs::cpu_freq_percpu().expect("percpu").len(), 1, "psutil gives CPU 0 only");
    if let Some(cpuinfo) = host_file("/proc/cpuinfo") {
        let mhz: f64 = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("cpu MHz")?.split(':').nth(1)?.trim().parse().ok())
            .expect("cpu MHz");
        assert!((f.current - mhz).abs() <= mhz * 0.05, "{} vs host {mhz}", f.current);
    }
}

/// The host's `df -B1 --output=size,avail` of the prefix's drive C:, written by the step.
fn oracle_df() -> Option<(u64, u64)> {
    let dir = std::env::var("PSUTIL_RS_WINE_ORACLE").ok()?;
    let text = std::fs::read_to_string(format!("{dir}\\df_c.txt")).ok()?;
    let mut nums = text.lines().nth(1)?.split_whitespace().map(|v| v.parse::<u64>());
    Some((nums.next()?.ok()?, nums.next()?.ok()?))
}

#[test]
fn drive_c_is_the_hosts_filesystem() {
    let parts = psutil_rs::disk_partitions(false).expect("disk_partitions");
    let c = parts.iter().find(|p| p.mountpoint == "C:\\").expect("C:\\ listed");
    assert_eq!(c.device, "C:\\");
    assert!(c.opts.ends_with("fixed") && c.opts.starts_with("rw"), "{}", c.opts);
    assert!(!c.fstype.is_empty());
    let usage = psutil_rs::disk_usage("C:\\").expect("disk_usage");
    assert!(usage.used + usage.free == usage.total && usage.total > 0);
    if under_wine() {
        let (size, avail) = oracle_df().expect("the step's df oracle (PSUTIL_RS_WINE_ORACLE)");
        assert_eq!(usage.total, size);
        // Other writers share the disk: free space within 1 GiB of the host's.
        assert!(usage.free.abs_diff(avail) <= 1 << 30, "{} vs host {avail}", usage.free);
    }
    let missing = psutil_rs::disk_usage("C:\\no\\such\\dir").expect_err("a missing path");
    assert!(matches!(missing.raw_os_error(), Some(2 | 3)), "{missing:?}");
}

#[test]
fn disk_io_counters_where_drives_report_them() {
    let io = psutil_rs::disk_io_counters(false).expect("disk_io_counters");
    if under_wine() {
        // Wine's IOCTL_DISK_PERFORMANCE fails with ERROR_NOT_SUPPORTED: no disk is listed.
        assert_eq!(io, None);
    }
}

fn host_net_dev() -> std::collections::BTreeMap<String, (u64, u64)> {
    let text = host_file("/proc/net/dev").expect("host /proc/net/dev");
    text.lines()
        .skip(2)
        .filter_map(|l| {
            let (name, rest) = l.split_once(':')?;
            let v: Vec<u64> = rest.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            Some((name.trim().to_owned(), (v[0], v[8])))
        })
        .collect()
}

#[test]
fn nic_counters_are_bracketed_by_the_hosts() {
    if !under_wine() {
        assert!(!psutil_rs::net_io_counters_pernic(false).expect("pernic").is_empty());
        return;
    }
    let before = host_net_dev();
    let ours = psutil_rs::net_io_counters_pernic(false).expect("pernic");
    let after = host_net_dev();
    assert_eq!(ours.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    for (nic, c) in &ours {
        let (b, a) = (before[nic], after[nic]);
        assert!(b.0 <= c.bytes_recv && c.bytes_recv <= a.0, "{nic} recv {b:?} {c:?} {a:?}");
        assert!(b.1 <= c.bytes_sent && c.bytes_sent <= a.1, "{nic} sent {b:?} {c:?} {a:?}");
    }
}

#[test]
fn nic_addresses_and_status_match_the_hosts_sysfs() {
    let addrs = psutil_rs::net_if_addrs().expect("net_if_addrs");
    let stats = psutil_rs::net_if_stats().expect("net_if_stats");
    assert_eq!(addrs.keys().collect::<Vec<_>>(), stats.keys().collect::<Vec<_>>());
    if !under_wine() {
        return;
    }
    for (nic, st) in &stats {
        let sys = |f: &str| host_file(&format!("/sys/class/net/{nic}/{f}")).map(|s| s.trim().to_owned());
        assert_eq!(Some(st.mtu.to_string()), sys("mtu"), "{nic} mtu");
        let flags = u32::from_str_radix(sys("flags").expect("flags").trim_start_matches("0x"), 16)
            .expect("hex flags");
        assert_eq!(st.isup, flags & 1 != 0, "{nic} isup vs IFF_UP");
        let mac = sys("address").expect("address").to_uppercase().replace(':', "-");
        let link = addrs[nic].iter().find(|a| a.family == psutil_rs::AF_LINK);
        if mac != "00-00-00-00-00-00" {
            assert_eq!(link.map(|a| a.address.as_str()), Some(mac.as_str()), "{nic} MAC");
        }
    }
    let lo = &addrs["lo"];
    let v4 = lo.iter().find(|a| a.family == psutil_rs::NicFamily::Inet).expect("lo IPv4");
    assert_eq!((v4.address.as_str(), v4.netmask.as_deref()), ("127.0.0.1", Some("255.0.0.0")));
}

#[test]
fn boot_time_is_the_hosts() {
    let bt = psutil_rs::boot_time().expect("boot_time");
    assert_eq!(psutil_rs::boot_time().expect("boot_time"), bt, "stable between calls");
    if let Some(stat) = host_file("/proc/stat") {
        let btime: f64 =
            stat.lines().find_map(|l| l.strip_prefix("btime ")?.trim().parse().ok()).expect("btime");
        assert!((bt - btime).abs() <= 1.5, "{bt} vs host btime {btime}");
    }
}

#[test]
fn users_battery_and_sensors() {
    let users = psutil_rs::users().expect("users");
    let battery = psutil_rs::sensors_battery().expect("sensors_battery");
    if under_wine() {
        // Wine 8.0: no Remote Desktop sessions, and a power status without a battery.
        assert!(users.is_empty());
        assert_eq!(battery, None);
    }
    assert!(psutil_rs::sensors_temperatures(false).expect_err("not on Windows").is_not_supported());
    assert!(psutil_rs::sensors_fans().expect_err("not on Windows").is_not_supported());
}

#[test]
fn cpu_times_windows_fields_through_the_extension_trait() {
    use psutil_rs::os::windows::CpuTimesExt;
    let t = psutil_rs::cpu_times().expect("cpu_times");
    if under_wine() {
        // Wine 8.0 leaves DpcTime and InterruptTime at 0.
        assert_eq!((t.interrupt(), t.dpc()), (0.0, 0.0));
    } else {
        assert!(t.interrupt() >= 0.0 && t.dpc() >= 0.0);
    }
}
