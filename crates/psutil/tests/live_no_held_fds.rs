//! No public system function or `Process` getter leaves a descriptor open between calls:
//! the kernel's list of this process's descriptors (`/proc/self/fd`, targets included)
//! is the same before the first call and after three more. One test in its own binary,
//! so no other test opens or closes descriptors meanwhile. (Setters and signals:
//! `live_descriptors.rs`.)
#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::time::Duration;

use psutil_rs::{Attr, ConnectionKind, MemType, Process, Rlimit};

fn fds() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir("/proc/self/fd").expect("/proc/self/fd").flatten() {
        // the listing's own descriptor is gone by the time its link is read
        if let Ok(target) = std::fs::read_link(entry.path()) {
            out.insert(
                entry.file_name().to_string_lossy().into_owned(),
                target.to_string_lossy().into_owned(),
            );
        }
    }
    out
}

type Call = (&'static str, Box<dyn Fn()>);

fn calls() -> Vec<Call> {
    let me = Process::current().expect("current");
    let p = move |f: fn(&Process)| -> Box<dyn Fn()> {
        let me = me.clone();
        Box::new(move || f(&me))
    };
    vec![
        ("cpu_times", Box::new(|| drop(psutil_rs::cpu_times()))),
        ("cpu_times_percpu", Box::new(|| drop(psutil_rs::cpu_times_percpu()))),
        ("cpu_count(true)", Box::new(|| drop(psutil_rs::cpu_count(true)))),
        ("cpu_count(false)", Box::new(|| drop(psutil_rs::cpu_count(false)))),
        ("cpu_stats", Box::new(|| drop(psutil_rs::cpu_stats()))),
        ("cpu_freq", Box::new(|| drop(psutil_rs::cpu_freq()))),
        ("cpu_freq_percpu", Box::new(|| drop(psutil_rs::cpu_freq_percpu()))),
        ("getloadavg", Box::new(|| drop(psutil_rs::getloadavg()))),
        ("cpu_percent", Box::new(|| drop(psutil_rs::cpu_percent(Some(Duration::from_millis(1)))))),
        ("cpu_times_percent", Box::new(|| drop(psutil_rs::cpu_times_percent(None)))),
        ("virtual_memory", Box::new(|| drop(psutil_rs::virtual_memory()))),
        ("swap_memory", Box::new(|| drop(psutil_rs::swap_memory()))),
        ("disk_partitions", Box::new(|| drop(psutil_rs::disk_partitions(true)))),
        ("disk_usage", Box::new(|| drop(psutil_rs::disk_usage("/")))),
        ("disk_io_counters_perdisk", Box::new(|| drop(psutil_rs::disk_io_counters_perdisk(true)))),
        ("net_connections(all)", Box::new(|| drop(psutil_rs::net_connections(ConnectionKind::All)))),
        ("net_io_counters_pernic", Box::new(|| drop(psutil_rs::net_io_counters_pernic(true)))),
        ("net_if_addrs", Box::new(|| drop(psutil_rs::net_if_addrs()))),
        ("net_if_stats", Box::new(|| drop(psutil_rs::net_if_stats()))),
        ("sensors_temperatures", Box::new(|| drop(psutil_rs::sensors_temperatures(false)))),
        ("sensors_fans", Box::new(|| drop(psutil_rs::sensors_fans()))),
        ("sensors_battery", Box::new(|| drop(psutil_rs::sensors_battery()))),
        ("boot_time", Box::new(|| drop(psutil_rs::boot_time()))),
        ("users", Box::new(|| drop(psutil_rs::users()))),
        ("heap_info", Box::new(|| drop(psutil_rs::heap_info()))),
        ("pids", Box::new(|| drop(psutil_rs::pids()))),
        (
            "pid_exists",
            Box::new(|| {
                let _ = psutil_rs::pid_exists(std::process::id());
            }),
        ),
        ("process_iter", Box::new(|| drop(psutil_rs::process_iter()))),
        ("process_iter_with(all)", Box::new(|| drop(psutil_rs::process_iter_with(&[])))),
        ("Process::new", Box::new(|| drop(Process::new(1)))),
        ("as_dict(all)", p(|me| drop(me.as_dict(Attr::ALL)))),
        ("memory_full_info", p(|me| drop(me.memory_full_info()))),
        ("memory_maps", p(|me| drop(me.memory_maps(true)))),
        ("memory_percent(uss)", p(|me| drop(me.memory_percent(MemType::Uss)))),
        ("open_files", p(|me| drop(me.open_files()))),
        ("num_fds", p(|me| drop(me.num_fds()))),
        ("net_connections", p(|me| drop(me.net_connections(ConnectionKind::All)))),
        ("threads", p(|me| drop(me.threads()))),
        ("environ", p(|me| drop(me.environ()))),
        ("children", p(|me| drop(me.children(true)))),
        ("cpu_percent(p)", p(|me| drop(me.cpu_percent(None)))),
        ("rlimit", p(|me| drop(me.rlimit(Rlimit::Nofile)))),
        (
            "is_running",
            p(|me| {
                let _ = me.is_running();
            }),
        ),
    ]
}

#[test]
fn no_call_leaves_a_descriptor_open() {
    let mut left = Vec::new();
    for (name, call) in calls() {
        let before = fds();
        for _ in 0..4 {
            call();
        }
        let after = fds();
        if after != before {
            let extra: Vec<_> = after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).collect();
            left.push(format!("{name}: {extra:?}"));
        }
    }
    assert!(left.is_empty(), "descriptors left open: {left:#?}");
}
