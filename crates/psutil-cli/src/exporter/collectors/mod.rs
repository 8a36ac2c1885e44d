//! The collector groups, named as node_exporter's, and the scrape that runs them: each
//! collector is timed, and one that fails (or panics) is reported through
//! `node_scrape_collector_success 0` without failing the scrape.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use super::groups::GroupConfig;
use super::metrics::{Kind, Metrics};

mod hardware;
mod kernel;
mod network;
mod process_self;
mod storage;
mod system;
mod textfile;

/// What a collector returns: its error message when it failed.
pub type CollectResult = Result<(), String>;

/// Everything a collector may need besides the system: the process-group config.
#[derive(Debug, Default)]
pub struct Context {
    /// Process grouping (process-exporter's config), for the `namedprocess` collector.
    pub groups: GroupConfig,
    /// The directory of `*.prom` files for the `textfile` collector.
    pub textfile_dir: Option<std::path::PathBuf>,
}

/// One collector group.
pub struct CollectorDef {
    /// The name used by `--collectors` and in the `collector` label.
    pub name: &'static str,
    /// On unless `--collectors` says otherwise.
    pub default: bool,
    /// Adds this group's samples.
    pub collect: fn(&mut Metrics, &Context) -> CollectResult,
}

/// Every collector, in scrape order.
pub const ALL: &[CollectorDef] = &[
    CollectorDef { name: "arp", default: true, collect: network::arp },
    CollectorDef { name: "conntrack", default: true, collect: system::conntrack },
    CollectorDef { name: "cpu", default: true, collect: system::cpu },
    CollectorDef { name: "cpufreq", default: true, collect: system::cpufreq },
    CollectorDef { name: "diskstats", default: true, collect: storage::diskstats },
    CollectorDef { name: "entropy", default: true, collect: system::entropy },
    CollectorDef { name: "filefd", default: true, collect: system::filefd },
    CollectorDef { name: "filesystem", default: true, collect: storage::filesystem },
    CollectorDef { name: "hwmon", default: true, collect: hardware::hwmon },
    CollectorDef { name: "interrupts", default: false, collect: kernel::interrupts },
    CollectorDef { name: "kernel_hung", default: true, collect: system::kernel_hung },
    CollectorDef { name: "loadavg", default: true, collect: system::loadavg },
    CollectorDef { name: "meminfo", default: true, collect: system::meminfo },
    CollectorDef { name: "netclass", default: true, collect: network::netclass },
    CollectorDef { name: "netdev", default: true, collect: network::netdev },
    CollectorDef { name: "netstat", default: true, collect: network::netstat },
    CollectorDef { name: "powersupplyclass", default: true, collect: hardware::power_supply },
    CollectorDef { name: "pressure", default: true, collect: system::pressure },
    CollectorDef { name: "processes", default: false, collect: system::processes },
    CollectorDef { name: "schedstat", default: true, collect: kernel::schedstat },
    CollectorDef { name: "sockstat", default: true, collect: network::sockstat },
    CollectorDef { name: "softnet", default: true, collect: network::softnet },
    CollectorDef { name: "stat", default: true, collect: system::stat },
    CollectorDef { name: "tcpstat", default: false, collect: kernel::tcpstat },
    CollectorDef { name: "textfile", default: true, collect: textfile::textfile },
    CollectorDef { name: "thermal_zone", default: true, collect: hardware::cooling_devices },
    CollectorDef { name: "time", default: true, collect: system::time },
    CollectorDef { name: "timex", default: true, collect: system::timex },
    CollectorDef { name: "udp_queues", default: true, collect: network::udp_queues },
    CollectorDef { name: "uname", default: true, collect: system::uname },
    CollectorDef { name: "vmstat", default: true, collect: system::vmstat },
    CollectorDef { name: "namedprocess", default: false, collect: super::groups::collect },
];

/// Picks the collectors from a `--collectors` list: plain names select exactly those;
/// `+name` and `-name` add to or remove from the defaults. Unknown names are an error.
pub fn select(spec: Option<&str>) -> Result<Vec<&'static CollectorDef>, String> {
    let Some(spec) = spec else { return Ok(ALL.iter().filter(|c| c.default).collect()) };
    let items: Vec<&str> = spec.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    let relative = items.iter().all(|i| i.starts_with('+') || i.starts_with('-'));
    let absolute = items.iter().all(|i| !i.starts_with('+') && !i.starts_with('-'));
    if !relative && !absolute {
        return Err("--collectors: use either names, or +name/-name changes to the defaults, not both".into());
    }
    let find = |n: &str| {
        ALL.iter().position(|c| c.name == n).ok_or_else(|| {
            let known: Vec<&str> = ALL.iter().map(|c| c.name).collect();
            format!("--collectors: unknown collector {n:?} (known: {})", known.join(", "))
        })
    };
    let mut on: Vec<bool> = ALL.iter().map(|c| relative && c.default).collect();
    for item in items {
        match item.strip_prefix('-') {
            Some(name) => on[find(name)?] = false,
            None => on[find(item.trim_start_matches('+'))?] = true,
        }
    }
    Ok(ALL.iter().zip(on).filter(|(_, on)| *on).map(|(c, _)| c).collect())
}

/// Runs `collectors` once, fresh, and adds the scrape-health families.
pub fn scrape(collectors: &[&CollectorDef], ctx: &Context) -> Metrics {
    let mut out = Metrics::default();
    let mut health = Vec::with_capacity(collectors.len());
    for c in collectors {
        let start = Instant::now();
        let mut m = Metrics::default();
        let result = catch_unwind(AssertUnwindSafe(|| (c.collect)(&mut m, ctx)))
            .unwrap_or_else(|_| Err("the collector panicked".to_owned()));
        let seconds = start.elapsed().as_secs_f64();
        let ok = match result {
            Ok(()) => {
                out.append(m);
                true
            }
            Err(e) => {
                log_first_failure(c.name, &e);
                false
            }
        };
        health.push((c.name, seconds, ok));
    }
    for (name, seconds, _) in &health {
        out.add(
            "node_scrape_collector_duration_seconds",
            "node_exporter: Duration of a collector scrape.",
            Kind::Gauge,
            &[("collector", name)],
            *seconds,
        );
    }
    for (name, _, ok) in &health {
        out.add(
            "node_scrape_collector_success",
            "node_exporter: Whether a collector succeeded.",
            Kind::Gauge,
            &[("collector", name)],
            if *ok { 1.0 } else { 0.0 },
        );
    }
    process_self::collect(&mut out);
    out
}

/// Writes a collector's failure to stderr the first time it happens (it is reported in
/// every scrape by `node_scrape_collector_success`; a log line per scrape would flood).
fn log_first_failure(name: &'static str, error: &str) {
    static LOGGED: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut logged = LOGGED.lock().unwrap_or_else(|e| e.into_inner());
    if !logged.contains(&name) {
        logged.push(name);
        eprintln!(
            "psutil exporter: collector {name} failed: {error} (reported as node_scrape_collector_success 0)"
        );
    }
}

/// `map_err(|e| e.to_string())` for library results.
pub fn lib<T>(r: psutil_rs::Result<T>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

/// True when `e` is a library I/O error for a file that does not exist.
pub fn is_not_found(e: &psutil_rs::Error) -> bool {
    matches!(e, psutil_rs::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collector_selection() {
        let names = |v: Vec<&CollectorDef>| v.iter().map(|c| c.name).collect::<Vec<_>>();
        let default = names(select(None).unwrap());
        assert!(default.contains(&"cpu") && !default.contains(&"processes"));
        assert_eq!(names(select(Some("cpu,meminfo")).unwrap()), ["cpu", "meminfo"]);
        let changed = names(select(Some("-cpu,+processes")).unwrap());
        assert!(!changed.contains(&"cpu") && changed.contains(&"processes") && changed.contains(&"meminfo"));
        assert!(select(Some("cpu,-meminfo")).is_err());
        assert!(select(Some("nope")).is_err());
    }

    fn failing(_: &mut Metrics, _: &Context) -> CollectResult {
        Err("broken".into())
    }

    fn panicking(_: &mut Metrics, _: &Context) -> CollectResult {
        panic!("collector bug")
    }

    #[test]
    fn a_failing_collector_is_reported_not_fatal() {
        let bad = CollectorDef { name: "bad", default: false, collect: failing };
        let boom = CollectorDef { name: "boom", default: false, collect: panicking };
        let load = &ALL[ALL.iter().position(|c| c.name == "loadavg").unwrap()];
        let m = scrape(&[&bad, &boom, load], &Context::default());
        let text = super::super::metrics::encode(std::sync::Arc::new(m), super::super::metrics::Format::Text)
            .unwrap();
        assert!(text.contains("node_scrape_collector_success{collector=\"bad\"} 0"), "{text}");
        assert!(text.contains("node_scrape_collector_success{collector=\"boom\"} 0"), "{text}");
        assert!(text.contains("node_scrape_collector_success{collector=\"loadavg\"} 1"), "{text}");
        assert!(text.contains("\nnode_load1 "), "{text}");
    }
}
