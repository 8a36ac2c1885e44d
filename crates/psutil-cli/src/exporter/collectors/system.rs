//! cpu, cpufreq, loadavg, meminfo, vmstat, stat, time, uname, entropy, filefd, conntrack,
//! processes, pressure and timex, under node_exporter's names.

use psutil_rs::os::linux::{self as linux, CpuTimesExt, PressureResource};

use super::{is_not_found, lib, CollectResult, Context};
use crate::exporter::metrics::{Kind, Metrics};

pub fn cpu(m: &mut Metrics, _: &Context) -> CollectResult {
    const HELP: &str = "Seconds the CPUs spent in each mode.";
    const GUEST: &str = "Seconds the CPUs spent in guests (VMs) for each mode.";
    for (i, t) in lib(psutil_rs::cpu_times_percpu())?.iter().enumerate() {
        let cpu = i.to_string();
        let modes = [
            ("idle", Some(t.idle)),
            ("iowait", Some(t.iowait())),
            ("irq", Some(t.irq())),
            ("nice", Some(t.nice)),
            ("softirq", Some(t.softirq())),
            ("steal", t.steal()),
            ("system", Some(t.system)),
            ("user", Some(t.user)),
        ];
        for (mode, v) in modes.into_iter().filter_map(|(mode, v)| Some((mode, v?))) {
            m.add("node_cpu_seconds_total", HELP, Kind::Counter, &[("cpu", &cpu), ("mode", mode)], v);
        }
        if let (Some(guest), Some(guest_nice)) = (t.guest(), t.guest_nice()) {
            m.add(
                "node_cpu_guest_seconds_total",
                GUEST,
                Kind::Counter,
                &[("cpu", &cpu), ("mode", "nice")],
                guest_nice,
            );
            m.add(
                "node_cpu_guest_seconds_total",
                GUEST,
                Kind::Counter,
                &[("cpu", &cpu), ("mode", "user")],
                guest,
            );
        }
    }
    Ok(())
}

pub fn cpufreq(m: &mut Metrics, _: &Context) -> CollectResult {
    for f in lib(linux::cpu_scaling_frequencies())? {
        let cpu = f.cpu.to_string();
        let rows = [
            ("node_cpu_frequency_hertz", "Current CPU thread frequency in hertz.", f.hardware_current_khz),
            ("node_cpu_frequency_max_hertz", "Maximum CPU thread frequency in hertz.", f.hardware_max_khz),
            ("node_cpu_frequency_min_hertz", "Minimum CPU thread frequency in hertz.", f.hardware_min_khz),
            (
                "node_cpu_scaling_frequency_hertz",
                "Current scaled CPU thread frequency in hertz.",
                f.current_khz,
            ),
            (
                "node_cpu_scaling_frequency_max_hertz",
                "Maximum scaled CPU thread frequency in hertz.",
                f.max_khz,
            ),
            (
                "node_cpu_scaling_frequency_min_hertz",
                "Minimum scaled CPU thread frequency in hertz.",
                f.min_khz,
            ),
        ];
        for (name, help, khz) in rows {
            if let Some(khz) = khz {
                m.add(name, help, Kind::Gauge, &[("cpu", &cpu)], khz as f64 * 1000.0);
            }
        }
    }
    Ok(())
}

pub fn loadavg(m: &mut Metrics, _: &Context) -> CollectResult {
    let (l1, l5, l15) = lib(psutil_rs::getloadavg())?;
    m.gauge("node_load1", "1m load average.", l1);
    m.gauge("node_load5", "5m load average.", l5);
    m.gauge("node_load15", "15m load average.", l15);
    Ok(())
}

/// `Active(anon)` → `Active_anon`, as node_exporter names meminfo fields.
pub fn meminfo_metric_name(field: &str, in_bytes: bool) -> String {
    let base: String = field.chars().filter(|c| *c != ')').map(|c| if c == '(' { '_' } else { c }).collect();
    if in_bytes {
        format!("node_memory_{base}_bytes")
    } else {
        format!("node_memory_{base}")
    }
}

pub fn meminfo(m: &mut Metrics, _: &Context) -> CollectResult {
    for f in lib(linux::meminfo_fields())? {
        let name = meminfo_metric_name(&f.name, f.in_bytes);
        let help = format!("Memory information field {}.", &name["node_memory_".len()..]);
        m.gauge(&name, &help, f.value as f64);
    }
    Ok(())
}

pub fn vmstat(m: &mut Metrics, _: &Context) -> CollectResult {
    for v in lib(linux::vmstat())? {
        let n = v.name.as_str();
        let wanted = n.starts_with("oom_kill")
            || n.starts_with("pgpg")
            || n.starts_with("pswp")
            || (n.starts_with("pg") && n.contains("fault"));
        if wanted {
            let name = format!("node_vmstat_{n}");
            m.add(&name, &format!("/proc/vmstat information field {n}."), Kind::Untyped, &[], v.value as f64);
        }
    }
    Ok(())
}

pub fn stat(m: &mut Metrics, _: &Context) -> CollectResult {
    let stats = lib(psutil_rs::cpu_stats())?;
    let counters = lib(linux::stat_counters())?;
    m.gauge("node_boot_time_seconds", "Node boot time, in unixtime.", lib(psutil_rs::boot_time())?);
    m.counter("node_context_switches_total", "Total number of context switches.", stats.ctx_switches as f64);
    m.counter("node_forks_total", "Total number of forks.", counters.forks as f64);
    m.counter("node_intr_total", "Total number of interrupts serviced.", stats.interrupts as f64);
    m.gauge(
        "node_procs_blocked",
        "Number of processes blocked waiting for I/O to complete.",
        counters.procs_blocked as f64,
    );
    m.gauge("node_procs_running", "Number of processes in runnable state.", counters.procs_running as f64);
    Ok(())
}

pub fn time(m: &mut Metrics, _: &Context) -> CollectResult {
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?;
    m.gauge("node_time_seconds", "System time in seconds since epoch (1970).", now.as_secs_f64());
    Ok(())
}

pub fn uname(m: &mut Metrics, _: &Context) -> CollectResult {
    let u = linux::uname();
    let labels = [
        ("domainname", u.domainname.as_str()),
        ("machine", &u.machine),
        ("nodename", &u.nodename),
        ("release", &u.release),
        ("sysname", &u.sysname),
        ("version", &u.version),
    ];
    m.add(
        "node_uname_info",
        "Labeled system information as provided by the uname system call.",
        Kind::Gauge,
        &labels,
        1.0,
    );
    Ok(())
}

fn sysctl_value(name: &str, index: usize) -> Result<f64, String> {
    let v = lib(linux::sysctl(name))?;
    v.get(index).map(|&x| x as f64).ok_or_else(|| format!("{name}: fewer than {} values", index + 1))
}

pub fn entropy(m: &mut Metrics, _: &Context) -> CollectResult {
    m.gauge(
        "node_entropy_available_bits",
        "Bits of available entropy.",
        sysctl_value("kernel.random.entropy_avail", 0)?,
    );
    m.gauge(
        "node_entropy_pool_size_bits",
        "Bits of entropy pool.",
        sysctl_value("kernel.random.poolsize", 0)?,
    );
    Ok(())
}

pub fn filefd(m: &mut Metrics, _: &Context) -> CollectResult {
    m.gauge(
        "node_filefd_allocated",
        "File descriptor statistics: allocated.",
        sysctl_value("fs.file-nr", 0)?,
    );
    m.gauge("node_filefd_maximum", "File descriptor statistics: maximum.", sysctl_value("fs.file-nr", 2)?);
    Ok(())
}

pub fn kernel_hung(m: &mut Metrics, _: &Context) -> CollectResult {
    let count = sysctl_value("kernel.hung_task_detect_count", 0)?;
    m.counter(
        "node_kernel_hung_tasks_total",
        "Total number of tasks that have been detected as hung since system boot.",
        count,
    );
    Ok(())
}

pub fn conntrack(m: &mut Metrics, _: &Context) -> CollectResult {
    let count = sysctl_value("net.netfilter.nf_conntrack_count", 0)?;
    let max = sysctl_value("net.netfilter.nf_conntrack_max", 0)?;
    m.gauge(
        "node_nf_conntrack_entries",
        "Number of currently allocated flow entries for connection tracking.",
        count,
    );
    m.gauge("node_nf_conntrack_entries_limit", "Maximum size of connection tracking table.", max);
    Ok(())
}

/// The `stat` letter of a status, as node_exporter's `processes` collector labels states.
fn state_letter(s: psutil_rs::ProcessStatus) -> &'static str {
    use psutil_rs::ProcessStatus as S;
    match s {
        S::Running => "R",
        S::Sleeping => "S",
        S::DiskSleep => "D",
        S::Stopped => "T",
        S::TracingStop => "t",
        S::Zombie => "Z",
        S::Dead => "X",
        S::WakeKill => "K",
        S::Waking => "W",
        S::Parked => "P",
        S::Idle => "I",
        _ => "?",
    }
}

pub fn processes(m: &mut Metrics, _: &Context) -> CollectResult {
    let mut pids = 0u64;
    let mut threads = 0u64;
    let mut states: Vec<(&'static str, u64)> = Vec::new();
    for p in lib(psutil_rs::process_iter())? {
        let Ok((status, n)) = p.oneshot(|p| Ok::<_, psutil_rs::Error>((p.status()?, p.num_threads()?)))
        else {
            continue;
        };
        pids += 1;
        threads += n;
        let letter = state_letter(status);
        match states.iter_mut().find(|(l, _)| *l == letter) {
            Some((_, c)) => *c += 1,
            None => states.push((letter, 1)),
        }
    }
    m.gauge("node_processes_pids", "Number of PIDs", pids as f64);
    m.gauge("node_processes_threads", "Allocated threads in system", threads as f64);
    for (letter, count) in states {
        m.add(
            "node_processes_state",
            "Number of processes in each state.",
            Kind::Gauge,
            &[("state", letter)],
            count as f64,
        );
    }
    m.gauge("node_processes_max_processes", "Number of max PIDs limit", sysctl_value("kernel.pid_max", 0)?);
    m.gauge(
        "node_processes_max_threads",
        "Limit of threads in the system",
        sysctl_value("kernel.threads-max", 0)?,
    );
    Ok(())
}

pub fn pressure(m: &mut Metrics, _: &Context) -> CollectResult {
    let read = |r| match linux::pressure(r) {
        Ok(p) => Ok(Some(p)),
        Err(e) if is_not_found(&e) && r == PressureResource::Irq => Ok(None),
        Err(e) => Err(e.to_string()),
    };
    let seconds = |us: u64| us as f64 / 1e6;
    if let Some(some) = read(PressureResource::Cpu)?.and_then(|p| p.some) {
        m.counter(
            "node_pressure_cpu_waiting_seconds_total",
            "Total time in seconds that processes have waited for CPU time",
            seconds(some.total_us),
        );
    }
    for (r, name) in
        [(PressureResource::Io, "io"), (PressureResource::Memory, "memory"), (PressureResource::Irq, "irq")]
    {
        let Some(p) = read(r)? else { continue };
        if let (Some(some), true) = (p.some, r != PressureResource::Irq) {
            m.counter(
                &format!("node_pressure_{name}_waiting_seconds_total"),
                &format!("Total time in seconds that processes have waited due to {name} congestion"),
                seconds(some.total_us),
            );
        }
        if let Some(full) = p.full {
            m.counter(
                &format!("node_pressure_{name}_stalled_seconds_total"),
                &format!("Total time in seconds no process could make progress due to {name} congestion"),
                seconds(full.total_us),
            );
        }
    }
    Ok(())
}

pub fn timex(m: &mut Metrics, _: &Context) -> CollectResult {
    const STA_NANO: i32 = 0x2000;
    const TIME_ERROR: i32 = 5;
    const PPM16: f64 = 1_000_000.0 * 65536.0;
    let t = lib(linux::timex())?;
    let divisor = if t.status & STA_NANO != 0 { 1e9 } else { 1e6 };
    let gauges = [
        (
            "node_timex_sync_status",
            "Is clock synchronized to a reliable server (1 = yes, 0 = no).",
            if t.state == TIME_ERROR { 0.0 } else { 1.0 },
        ),
        (
            "node_timex_offset_seconds",
            "Time offset in between local system and reference clock.",
            t.offset as f64 / divisor,
        ),
        (
            "node_timex_frequency_adjustment_ratio",
            "Local clock frequency adjustment.",
            1.0 + t.freq as f64 / PPM16,
        ),
        ("node_timex_maxerror_seconds", "Maximum error in seconds.", t.maxerror as f64 / 1e6),
        ("node_timex_estimated_error_seconds", "Estimated error in seconds.", t.esterror as f64 / 1e6),
        ("node_timex_status", "Value of the status array bits.", t.status as f64),
        ("node_timex_loop_time_constant", "Phase-locked loop time constant.", t.constant as f64),
        ("node_timex_tick_seconds", "Seconds between clock ticks.", t.tick as f64 / 1e6),
        ("node_timex_pps_frequency_hertz", "Pulse per second frequency.", t.ppsfreq as f64 / PPM16),
        ("node_timex_pps_jitter_seconds", "Pulse per second jitter.", t.jitter as f64 / divisor),
        ("node_timex_pps_shift_seconds", "Pulse per second interval duration.", t.shift as f64),
        (
            "node_timex_pps_stability_hertz",
            "Pulse per second stability, average of recent frequency changes.",
            t.stabil as f64 / PPM16,
        ),
        ("node_timex_tai_offset_seconds", "International Atomic Time (TAI) offset.", t.tai as f64),
    ];
    for (name, help, v) in gauges {
        m.gauge(name, help, v);
    }
    m.counter(
        "node_timex_pps_jitter_total",
        "Pulse per second count of jitter limit exceeded events.",
        t.jitcnt as f64,
    );
    m.counter(
        "node_timex_pps_calibration_total",
        "Pulse per second count of calibration intervals.",
        t.calcnt as f64,
    );
    m.counter("node_timex_pps_error_total", "Pulse per second count of calibration errors.", t.errcnt as f64);
    m.counter(
        "node_timex_pps_stability_exceeded_total",
        "Pulse per second count of stability limit exceeded events.",
        t.stbcnt as f64,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meminfo_names() {
        assert_eq!(meminfo_metric_name("Active(anon)", true), "node_memory_Active_anon_bytes");
        assert_eq!(meminfo_metric_name("HugePages_Total", false), "node_memory_HugePages_Total");
        assert_eq!(meminfo_metric_name("MemTotal", true), "node_memory_MemTotal_bytes");
    }
}
