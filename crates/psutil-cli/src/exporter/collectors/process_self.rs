//! The exporter's own process, as client libraries report it (`process_*`).

use psutil_rs::{Process, Rlimit, RLIM_INFINITY};

use crate::exporter::metrics::{Kind, Metrics};

/// `process_*` families of the exporter itself; a value that cannot be read is left out.
pub fn collect(m: &mut Metrics) {
    let Ok(me) = Process::current() else { return };
    let limit = |r| {
        me.rlimit(r).ok().map(|(soft, _)| if soft == RLIM_INFINITY { u64::MAX as f64 } else { soft as f64 })
    };
    if let Ok(t) = me.cpu_times() {
        m.add(
            "process_cpu_seconds_total",
            "Total user and system CPU time spent in seconds.",
            Kind::Counter,
            &[],
            t.user + t.system,
        );
    }
    if let Some(v) = limit(Rlimit::Nofile) {
        m.gauge("process_max_fds", "Maximum number of open file descriptors.", v);
    }
    if let Ok(n) = me.num_fds() {
        m.gauge("process_open_fds", "Number of open file descriptors.", n as f64);
    }
    if let Ok(mem) = me.memory_info() {
        m.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", mem.rss as f64);
        m.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", mem.vms as f64);
    }
    if let Ok(t) = me.create_time() {
        m.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", t);
    }
    if let Some(v) = limit(Rlimit::As) {
        m.gauge(
            "process_virtual_memory_max_bytes",
            "Maximum amount of virtual memory available in bytes.",
            v,
        );
    }
}
