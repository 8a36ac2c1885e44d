//! `cargo bench --bench system`: every system-wide call of psutil-rs timed against the least
//! work the kernel needs for the same data (a raw open/read/close of the same files, or the
//! same syscalls), interleaved call by call, with the ratio printed. Then `net_connections`
//! with 5,000 TCP sockets open in this process, against `ss -tanp` listing them.
//!
//! `BENCH_BUDGET_MS` sets the time per workload (default 600 ms).

#[path = "floor/mod.rs"]
mod floor;

use std::ffi::CString;
use std::hint::black_box;
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use floor::{budget, cpaths, measure, print_machine, print_table, RawReader, Row};
use psutil_rs::ConnectionKind;

fn files(paths: &[&str]) -> Vec<CString> {
    cpaths(&paths.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

fn glob_sys(dir: &str, prefix: &str, leaf: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.starts_with(prefix) && n[prefix.len()..].bytes().all(|b| b.is_ascii_digit()))
                .map(|n| format!("{dir}/{n}/{leaf}"))
                .filter(|p| std::path::Path::new(p).exists())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A workload whose floor is a raw read of `paths`.
fn file_row(name: &str, paths: &[CString], mut api: impl FnMut() -> usize) -> Row {
    let mut rd = RawReader::default();
    let mut fl = || rd.read_all(paths);
    measure(name, budget(), &mut api, Some(&mut fl))
}

fn ok<T>(r: psutil_rs::Result<T>) -> usize {
    r.map(|v| black_box(&v) as *const T as usize & 1).unwrap_or(0)
}

fn statvfs_floor() -> usize {
    let path = c"/";
    // SAFETY: statvfs writes into a zeroed, owned struct.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        libc::statvfs(path.as_ptr(), &mut st) as usize
    }
}

fn getifaddrs_floor() -> usize {
    // SAFETY: the list returned by getifaddrs is walked read-only and freed once.
    unsafe {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut head) != 0 {
            return 0;
        }
        let mut n = 0;
        let mut cur = head;
        while !cur.is_null() {
            n += 1;
            cur = (*cur).ifa_next;
        }
        libc::freeifaddrs(head);
        n
    }
}

/// /proc/net/dev plus, per NIC, the SIOCGIFFLAGS, SIOCGIFMTU and SIOCETHTOOL ioctls on one socket.
fn if_stats_floor(rd: &mut RawReader, netdev: &CString, nics: &[CString]) -> usize {
    let n = rd.read(netdev);
    // SAFETY: ioctls on a socket we own, with zeroed ifreq buffers naming existing interfaces.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        for nic in nics {
            let mut req: libc::ifreq = std::mem::zeroed();
            for (d, s) in req.ifr_name.iter_mut().zip(nic.as_bytes()) {
                *d = *s as libc::c_char;
            }
            libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut req);
            libc::ioctl(fd, libc::SIOCGIFMTU, &mut req);
            let mut cmd = [0u32; 11];
            cmd[0] = 1; // ETHTOOL_GSET
            req.ifr_ifru.ifru_data = cmd.as_mut_ptr().cast();
            libc::ioctl(fd, 0x8946, &mut req); // SIOCETHTOOL
        }
        libc::close(fd);
    }
    n
}

fn users_floor() -> usize {
    // SAFETY: the utmpx iteration functions, single-threaded here.
    unsafe {
        libc::setutxent();
        let mut n = 0;
        while !libc::getutxent().is_null() {
            n += 1;
        }
        libc::endutxent();
        n
    }
}

/// Reads the `socket:[N]` links of every fd of every process: the part of `net_connections`
/// no implementation can skip. The `net_connections` floor adds one raw read of each
/// socket table (`/proc/net/{tcp,tcp6,udp,udp6}`).
fn fd_links_floor() -> usize {
    let mut n = 0;
    let mut link = [0u8; 64];
    let Ok(procs) = std::fs::read_dir("/proc") else { return 0 };
    for p in procs.flatten() {
        let name = p.file_name();
        if !name.as_encoded_bytes().iter().all(u8::is_ascii_digit) {
            continue;
        }
        let Ok(dir) = CString::new(format!("/proc/{}/fd", name.to_string_lossy())) else { continue };
        // SAFETY: opendir/readdir/readlinkat on a directory we opened and close.
        unsafe {
            let d = libc::opendir(dir.as_ptr());
            if d.is_null() {
                continue;
            }
            let dfd = libc::dirfd(d);
            loop {
                let ent = libc::readdir(d);
                if ent.is_null() {
                    break;
                }
                if (*ent).d_name[0] == b'.' as libc::c_char {
                    continue;
                }
                n += libc::readlinkat(dfd, (*ent).d_name.as_ptr(), link.as_mut_ptr().cast(), link.len())
                    as usize;
            }
            libc::closedir(d);
        }
    }
    n
}

/// Lists each directory (getdents) and raw-reads `paths`: for calls that must discover their files.
fn listing_row(name: &str, dirs: &[&str], paths: &[CString], mut api: impl FnMut() -> usize) -> Row {
    let dirs: Vec<CString> = files(dirs);
    let mut rd = RawReader::default();
    let mut fl = || dirs.iter().map(list_dir).sum::<usize>() + rd.read_all(paths);
    measure(name, budget(), &mut api, Some(&mut fl))
}

fn list_dir(dir: &CString) -> usize {
    // SAFETY: opendir/readdir/closedir on a directory we open and close.
    unsafe {
        let d = libc::opendir(dir.as_ptr());
        if d.is_null() {
            return 0;
        }
        let mut n = 0;
        while !libc::readdir(d).is_null() {
            n += 1;
        }
        libc::closedir(d);
        n
    }
}

fn system_rows() -> Vec<Row> {
    let stat = files(&["/proc/stat"]);
    let meminfo = files(&["/proc/meminfo"]);
    let swap = files(&["/proc/meminfo", "/proc/vmstat"]);
    let mounts = files(&["/proc/self/mounts", "/proc/filesystems"]);
    let diskstats = files(&["/proc/diskstats"]);
    let netdev = files(&["/proc/net/dev"]);
    let loadavg = files(&["/proc/loadavg"]);
    let topology = cpaths(&glob_sys("/sys/devices/system/cpu", "cpu", "topology/core_cpus_list"));
    let mut freq_files = glob_sys("/sys/devices/system/cpu/cpufreq", "policy", "scaling_cur_freq");
    if freq_files.is_empty() {
        freq_files.push("/proc/cpuinfo".into());
    }
    let freq = cpaths(&freq_files);
    let hwmon = cpaths(&glob_sys("/sys/class/hwmon", "hwmon", "name"));
    let nics: Vec<CString> = psutil_rs::net_io_counters_pernic(false)
        .map(|m| m.keys().filter_map(|k| CString::new(k.as_str()).ok()).collect())
        .unwrap_or_default();

    let mut rows = vec![
        file_row("cpu_times()", &stat, || ok(psutil_rs::cpu_times())),
        file_row("cpu_times_percpu()", &stat, || ok(psutil_rs::cpu_times_percpu())),
        file_row("cpu_percent(None)", &stat, || ok(psutil_rs::cpu_percent(None))),
        file_row("cpu_percent_percpu(None)", &stat, || ok(psutil_rs::cpu_percent_percpu(None))),
        file_row("cpu_times_percent(None)", &stat, || ok(psutil_rs::cpu_times_percent(None))),
        file_row("cpu_stats()", &stat, || ok(psutil_rs::cpu_stats())),
        file_row("boot_time()", &stat, || ok(psutil_rs::boot_time())),
        listing_row("cpu_count(false)", &["/sys/devices/system/cpu"], &topology, || {
            ok(psutil_rs::cpu_count(false))
        }),
        file_row("cpu_freq()", &freq, || ok(psutil_rs::cpu_freq())),
        file_row("getloadavg()", &loadavg, || ok(psutil_rs::getloadavg())),
        file_row("virtual_memory()", &meminfo, || ok(psutil_rs::virtual_memory())),
        file_row("swap_memory()", &swap, || ok(psutil_rs::swap_memory())),
        file_row("disk_partitions(false)", &mounts, || ok(psutil_rs::disk_partitions(false))),
        file_row("disk_io_counters_perdisk(false)", &diskstats, || {
            ok(psutil_rs::disk_io_counters_perdisk(false))
        }),
        file_row("net_io_counters_pernic(false)", &netdev, || ok(psutil_rs::net_io_counters_pernic(false))),
        listing_row(
            "sensors_temperatures(false)",
            &["/sys/class/hwmon", "/sys/class/thermal", "/sys/devices/platform"],
            &hwmon,
            || ok(psutil_rs::sensors_temperatures(false)),
        ),
    ];
    let mut sysconf = || {
        // SAFETY: sysconf has no preconditions.
        unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) as usize }
    };
    rows.push(measure("cpu_count(true)", budget(), || ok(psutil_rs::cpu_count(true)), Some(&mut sysconf)));
    let mut statvfs = statvfs_floor;
    rows.push(measure("disk_usage(\"/\")", budget(), || ok(psutil_rs::disk_usage("/")), Some(&mut statvfs)));
    let mut ifaddrs = getifaddrs_floor;
    rows.push(measure("net_if_addrs()", budget(), || ok(psutil_rs::net_if_addrs()), Some(&mut ifaddrs)));
    let mut rd = RawReader::default();
    let mut ifstats = || if_stats_floor(&mut rd, &netdev[0], &nics);
    rows.push(measure("net_if_stats()", budget(), || ok(psutil_rs::net_if_stats()), Some(&mut ifstats)));
    let mut utmp = users_floor;
    rows.push(measure("users()", budget(), || ok(psutil_rs::users()), Some(&mut utmp)));
    let mut mallinfo = || {
        // SAFETY: mallinfo2 only reads allocator statistics.
        unsafe { libc::mallinfo2().uordblks }
    };
    rows.push(measure("heap_info()", budget(), || ok(psutil_rs::heap_info()), Some(&mut mallinfo)));
    let inet_tables = cpaths(&["tcp", "tcp6", "udp", "udp6"].map(|t| format!("/proc/net/{t}")));
    let mut tables = RawReader::default();
    let mut links = || fd_links_floor() + tables.read_all(&inet_tables);
    rows.push(measure(
        "net_connections(inet)",
        budget(),
        || ok(psutil_rs::net_connections(ConnectionKind::Inet)),
        Some(&mut links),
    ));
    rows
}

fn raise_nofile(want: u64) {
    // SAFETY: getrlimit/setrlimit on our own process with an owned struct.
    unsafe {
        let mut rl: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) == 0 && rl.rlim_cur < want {
            rl.rlim_cur = want.min(rl.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
        }
    }
}

fn median_of(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// 2,500 connected pairs on 127.0.0.1 = 5,000 TCP sockets owned by this process.
fn connections_vs_ss() {
    raise_nofile(16_384);
    let Ok(listener) = TcpListener::bind("127.0.0.1:0") else {
        println!("(skipped: cannot listen on 127.0.0.1)");
        return;
    };
    let Ok(addr) = listener.local_addr() else { return };
    let mut held = Vec::with_capacity(5_000);
    for _ in 0..2_500 {
        match (TcpStream::connect(addr), listener.accept()) {
            (Ok(c), Ok((s, _))) => {
                held.push(c);
                held.push(s);
            }
            _ => break,
        }
    }
    let ours: Vec<Duration> = (0..15)
        .map(|_| {
            let t = Instant::now();
            black_box(psutil_rs::net_connections(ConnectionKind::Inet).map(|v| v.len()).unwrap_or(0));
            t.elapsed()
        })
        .collect();
    let rows = psutil_rs::net_connections(ConnectionKind::Inet).map(|v| v.len()).unwrap_or(0);
    let ss: Vec<Duration> = (0..15)
        .filter_map(|_| {
            let t = Instant::now();
            let out = Command::new("ss").arg("-tanp").output().ok()?;
            out.status.success().then(|| t.elapsed())
        })
        .collect();
    println!("\n### net_connections with {} TCP sockets held by this process\n", held.len());
    println!("| workload | median |");
    println!("|---|---|");
    println!("| `net_connections(inet)` ({rows} rows, pids included) | {:.2} ms |", ms(median_of(ours)));
    if ss.is_empty() {
        println!("| `ss -tanp` | (ss not available) |");
    } else {
        println!("| `ss -tanp` (whole command) | {:.2} ms |", ms(median_of(ss)));
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    print_machine();
    print_table("System calls vs the kernel floor", "floor", &system_rows());
    println!(
        "\nfloor = raw open/read/close of the same files (or the same syscalls) with a reused buffer; \
         for net_connections it is the fd-link scan every implementation must do plus one raw read of \
         each inet socket table."
    );
    connections_vs_ss();
}
