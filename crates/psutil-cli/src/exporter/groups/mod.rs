//! Per-process-group metrics under process-exporter's names (`namedprocess_namegroup_*`):
//! every process is read fresh each scrape, put in a group by [`GroupConfig`], and the
//! group's values summed.

mod config;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

pub use config::GroupConfig;
use config::ProcIdentity;
use psutil_rs::os::linux::MemoryFullInfoExt;
use psutil_rs::{Process, ProcessStatus, Rlimit, RLIM_INFINITY};

use super::collectors::{lib, CollectResult, Context};
use super::metrics::{Kind, Metrics};

static SCRAPE_ERRORS: AtomicU64 = AtomicU64::new(0);
static PROCREAD_ERRORS: AtomicU64 = AtomicU64::new(0);
static PARTIAL_ERRORS: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Default)]
struct Group {
    procs: u64,
    user: f64,
    system: f64,
    resident: u64,
    virt: u64,
    swapped: u64,
    pss: u64,
    fds: u64,
    worst_fd_ratio: f64,
    threads: u64,
    read_bytes: u64,
    write_bytes: u64,
    major_faults: u64,
    minor_faults: u64,
    voluntary: u64,
    nonvoluntary: u64,
    oldest_start: Option<f64>,
    states: [u64; 5],
}

/// process-exporter's state buckets: Running (R), Sleeping (S), Waiting (D), Zombie (Z),
/// Other.
const STATES: [&str; 5] = ["Running", "Sleeping", "Waiting", "Zombie", "Other"];

fn state_bucket(s: ProcessStatus) -> usize {
    match s {
        ProcessStatus::Running => 0,
        ProcessStatus::Sleeping => 1,
        ProcessStatus::DiskSleep => 2,
        ProcessStatus::Zombie => 3,
        _ => 4,
    }
}

/// The kernel's comm: psutil's name cut to the 15 bytes `stat` holds.
fn comm_of(p: &Process) -> psutil_rs::Result<String> {
    let name = p.name_os()?;
    let bytes = name.as_encoded_bytes();
    Ok(String::from_utf8_lossy(&bytes[..bytes.len().min(15)]).into_owned())
}

fn identity(p: &Process, full: bool) -> psutil_rs::Result<ProcIdentity> {
    let mut id = ProcIdentity { comm: comm_of(p)?, pid: p.pid(), ..ProcIdentity::default() };
    if full {
        let mut argv = p.cmdline().unwrap_or_default().into_iter();
        id.exe_full = argv.next().unwrap_or_default();
        id.cmdline = argv.collect();
        id.username = p.username().unwrap_or_default();
        id.start_time = p.create_time()?;
    }
    Ok(id)
}

/// Adds one process to `g`; false when any of its values could not be read.
fn add_process(g: &mut Group, p: &Process) -> psutil_rs::Result<bool> {
    let status = p.status()?;
    let mut complete = true;
    g.procs += 1;
    g.states[state_bucket(status)] += 1;
    let t = p.cpu_times()?;
    g.user += t.user;
    g.system += t.system;
    let mem = p.memory_info()?;
    g.resident += mem.rss;
    g.virt += mem.vms;
    g.threads += p.num_threads()?;
    let ctx = p.num_ctx_switches()?;
    g.voluntary += ctx.voluntary;
    g.nonvoluntary += ctx.involuntary;
    let start = p.create_time()?;
    g.oldest_start = Some(g.oldest_start.map_or(start, |o: f64| o.min(start)));
    match p.page_faults() {
        Ok(f) => {
            g.major_faults += f.major;
            g.minor_faults += f.minor;
        }
        Err(_) => complete = false,
    }
    match p.memory_full_info() {
        Ok(full) => {
            g.swapped += full.swap();
            g.pss += full.pss();
        }
        Err(_) => complete = false,
    }
    match p.io_counters() {
        Ok(io) => {
            g.read_bytes += io.read_bytes;
            g.write_bytes += io.write_bytes;
        }
        Err(_) => complete = false,
    }
    match (p.num_fds(), p.rlimit(Rlimit::Nofile)) {
        (Ok(n), Ok((soft, _))) => {
            g.fds += n as u64;
            if soft != RLIM_INFINITY && soft > 0 {
                g.worst_fd_ratio = g.worst_fd_ratio.max(n as f64 / soft as f64);
            }
        }
        _ => complete = false,
    }
    Ok(complete)
}

/// One process as read: its parent, its own group (when a rule matches it) and its values.
struct Member {
    ppid: u32,
    group: Option<String>,
    values: Group,
}

fn merge(into: &mut Group, g: &Group) {
    into.procs += g.procs;
    into.user += g.user;
    into.system += g.system;
    into.resident += g.resident;
    into.virt += g.virt;
    into.swapped += g.swapped;
    into.pss += g.pss;
    into.fds += g.fds;
    into.worst_fd_ratio = into.worst_fd_ratio.max(g.worst_fd_ratio);
    into.threads += g.threads;
    into.read_bytes += g.read_bytes;
    into.write_bytes += g.write_bytes;
    into.major_faults += g.major_faults;
    into.minor_faults += g.minor_faults;
    into.voluntary += g.voluntary;
    into.nonvoluntary += g.nonvoluntary;
    into.oldest_start = match (into.oldest_start, g.oldest_start) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    for (a, b) in into.states.iter_mut().zip(g.states) {
        *a += b;
    }
}

/// The group of an unmatched process with `children` on: that of its nearest ancestor
/// a rule matched (process-exporter's `-children`).
fn inherited_group(members: &HashMap<u32, Member>, mut pid: u32) -> Option<String> {
    for _ in 0..512 {
        let m = members.get(&pid)?;
        if let Some(g) = &m.group {
            return Some(g.clone());
        }
        if m.ppid == 0 || m.ppid == pid {
            return None;
        }
        pid = m.ppid;
    }
    None
}

/// The `namedprocess` collector.
pub fn collect(m: &mut Metrics, ctx: &Context) -> CollectResult {
    let procs = match psutil_rs::process_iter() {
        Ok(p) => p,
        Err(e) => {
            SCRAPE_ERRORS.fetch_add(1, Ordering::Relaxed);
            return lib(Err(e));
        }
    };
    let full = ctx.groups.needs_cmdline();
    let children = ctx.groups.children();
    let mut members: HashMap<u32, Member> = HashMap::with_capacity(procs.len());
    for p in procs {
        let result: psutil_rs::Result<bool> = p.oneshot(|p| {
            let id = identity(p, full)?;
            let group = ctx.groups.group_of(&id);
            let ppid = if children { p.ppid()? } else { 0 };
            if group.is_none() && !children {
                return Ok(true);
            }
            let mut values = Group::default();
            let complete = add_process(&mut values, p)?;
            members.insert(p.pid(), Member { ppid, group, values });
            Ok(complete)
        });
        match result {
            Ok(false) => {
                PARTIAL_ERRORS.fetch_add(1, Ordering::Relaxed);
            }
            Ok(true) => {}
            Err(e) if e.is_no_such_process() => {}
            Err(_) => {
                PROCREAD_ERRORS.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for member in members.values() {
        let name = match &member.group {
            Some(g) => Some(g.clone()),
            None if children => inherited_group(&members, member.ppid),
            None => None,
        };
        if let Some(name) = name {
            merge(groups.entry(name).or_default(), &member.values);
        }
    }
    emit(m, &groups);
    Ok(())
}

fn emit(m: &mut Metrics, groups: &BTreeMap<String, Group>) {
    const P: &str = "namedprocess_namegroup_";
    for (name, g) in groups {
        let l = |extra: Option<(&str, &str)>| -> Vec<(String, String)> {
            let mut v = vec![("groupname".to_owned(), name.clone())];
            if let Some((k, val)) = extra {
                v.push((k.to_owned(), val.to_owned()));
            }
            v
        };
        let mut add = |suffix: &str, help: &str, kind: Kind, extra: Option<(&str, &str)>, v: f64| {
            m.add_owned(&format!("{P}{suffix}"), help, kind, l(extra), v);
        };
        add("num_procs", "number of processes in this group", Kind::Gauge, None, g.procs as f64);
        add(
            "cpu_seconds_total",
            "Cpu user usage in seconds",
            Kind::Counter,
            Some(("mode", "system")),
            g.system,
        );
        add("cpu_seconds_total", "Cpu user usage in seconds", Kind::Counter, Some(("mode", "user")), g.user);
        add(
            "read_bytes_total",
            "number of bytes read by this group",
            Kind::Counter,
            None,
            g.read_bytes as f64,
        );
        add(
            "write_bytes_total",
            "number of bytes written by this group",
            Kind::Counter,
            None,
            g.write_bytes as f64,
        );
        add("major_page_faults_total", "Major page faults", Kind::Counter, None, g.major_faults as f64);
        add("minor_page_faults_total", "Minor page faults", Kind::Counter, None, g.minor_faults as f64);
        add(
            "context_switches_total",
            "Context switches",
            Kind::Counter,
            Some(("ctxswitchtype", "nonvoluntary")),
            g.nonvoluntary as f64,
        );
        add(
            "context_switches_total",
            "Context switches",
            Kind::Counter,
            Some(("ctxswitchtype", "voluntary")),
            g.voluntary as f64,
        );
        const MEM: &str = "number of bytes of memory in use";
        add("memory_bytes", MEM, Kind::Gauge, Some(("memtype", "proportionalResident")), g.pss as f64);
        add("memory_bytes", MEM, Kind::Gauge, Some(("memtype", "resident")), g.resident as f64);
        add("memory_bytes", MEM, Kind::Gauge, Some(("memtype", "swapped")), g.swapped as f64);
        add("memory_bytes", MEM, Kind::Gauge, Some(("memtype", "virtual")), g.virt as f64);
        add(
            "open_filedesc",
            "number of open file descriptors for this group",
            Kind::Gauge,
            None,
            g.fds as f64,
        );
        add(
            "worst_fd_ratio",
            "the worst (closest to 1) ratio between open fds and max fds among all procs in this group",
            Kind::Gauge,
            None,
            g.worst_fd_ratio,
        );
        if let Some(start) = g.oldest_start {
            add(
                "oldest_start_time_seconds",
                "start time in seconds since 1970/01/01 of oldest process in group",
                Kind::Gauge,
                None,
                start,
            );
        }
        add("num_threads", "Number of threads", Kind::Gauge, None, g.threads as f64);
        for (state, count) in STATES.iter().zip(g.states) {
            add(
                "states",
                "Number of processes in states Running, Sleeping, Waiting, Zombie, or Other",
                Kind::Gauge,
                Some(("state", state)),
                count as f64,
            );
        }
    }
    // process-exporter declares these counters without `_total`; prometheus-client would add
    // it to a counter, so they keep their names as untyped samples.
    let health = [
        ("namedprocess_scrape_errors", "general scrape errors: no proc metrics collected during a cycle", &SCRAPE_ERRORS),
        ("namedprocess_scrape_procread_errors", "incremented each time a proc's metrics collection fails", &PROCREAD_ERRORS),
        ("namedprocess_scrape_partial_errors", "incremented each time a tracked proc's metrics collection fails partially, e.g. unreadable I/O stats", &PARTIAL_ERRORS),
    ];
    for (name, help, counter) in health {
        m.add(name, help, Kind::Untyped, &[], counter.load(Ordering::Relaxed) as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmatched_processes_inherit_the_nearest_matched_ancestor() {
        let member = |ppid, group: Option<&str>| Member {
            ppid,
            group: group.map(String::from),
            values: Group::default(),
        };
        let members: HashMap<u32, Member> = [
            (1, member(0, None)),
            (10, member(1, Some("db"))),
            (11, member(10, None)),
            (12, member(11, None)),
            (20, member(1, None)),
        ]
        .into_iter()
        .collect();
        assert_eq!(inherited_group(&members, 11), Some("db".into()));
        assert_eq!(inherited_group(&members, members[&12].ppid), Some("db".into()));
        assert_eq!(inherited_group(&members, members[&20].ppid), None);
        assert_eq!(inherited_group(&members, 99), None);
    }

    #[test]
    fn merging_sums_and_keeps_extremes() {
        let a = Group {
            procs: 1,
            fds: 3,
            worst_fd_ratio: 0.5,
            oldest_start: Some(20.0),
            states: [1, 0, 0, 0, 0],
            ..Group::default()
        };
        let b = Group {
            procs: 2,
            fds: 4,
            worst_fd_ratio: 0.25,
            oldest_start: Some(10.0),
            states: [0, 2, 0, 0, 0],
            ..Group::default()
        };
        let mut total = Group::default();
        merge(&mut total, &a);
        merge(&mut total, &b);
        assert_eq!(
            (total.procs, total.fds, total.worst_fd_ratio, total.oldest_start),
            (3, 7, 0.5, Some(10.0))
        );
        assert_eq!(total.states, [1, 2, 0, 0, 0]);
    }
}
