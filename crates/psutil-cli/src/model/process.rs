//! The process row shared by `ps`, `top` and `cpu-distribution`, and the sampler that
//! gives `top` its CPU% over the last refresh window.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::sync::Arc;

use psutil_rs::{Pid, Process};
use serde::Serialize;

use super::pidmap::{PidMap, PidSet};
use super::{now, round1};

/// One process as the tables show it. Sizes in bytes, times in seconds. A field the
/// library could not read (access denied, a zombie's memory) is `None` and shown as `?`.
///
/// `cpu_percent` is set by whoever builds the row: `ps` gives CPU time over lifetime (as
/// `ps` computes %CPU), `top` the share of one CPU over its last refresh window.
/// `nice` and `cpu_num` are only read by the monitors (and left out of `ps`'s JSON).
/// The monitors' full-screen views leave `user`, `command`, memory, nice and `create_time`
/// unread (`None`) except for the rows they show (see [`ProcessSampler`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcRow {
    pub user: Option<Arc<str>>,
    pub pid: Pid,
    pub cpu_percent: Option<f64>,
    pub memory_percent: Option<f64>,
    pub vms: Option<u64>,
    pub rss: Option<u64>,
    pub terminal: Option<String>,
    pub status: Option<&'static str>,
    pub create_time: Option<f64>,
    pub cpu_time: Option<f64>,
    pub name: Arc<str>,
    pub command: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nice: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_num: Option<i64>,
    /// Seconds after boot the process started, read afresh from its `stat` (psutil's
    /// `create_time(monotonic=True)`): what tells a reused pid apart.
    #[serde(skip)]
    pub started: Option<f64>,
}

/// The user owning a process: its name, else the real uid, else `?`.
pub fn user_of(p: &Process) -> String {
    p.username().or_else(|_| p.uids().map(|u| u.real.to_string())).unwrap_or_else(|_| "?".into())
}

/// The command line as `ps` shows it: argv joined, or `[name]` when it is empty
/// (kernel threads, zombies).
pub fn command_of(p: &Process, name: &str) -> String {
    match p.cmdline() {
        Ok(argv) if !argv.is_empty() => argv.join(" "),
        _ => format!("[{name}]"),
    }
}

/// `ps`'s one-letter state for psutil's status strings.
pub fn stat_letter(status: &str) -> &'static str {
    match status {
        "running" => "R",
        "sleeping" => "S",
        "disk-sleep" => "D",
        "stopped" => "T",
        "tracing-stop" => "t",
        "zombie" => "Z",
        "dead" => "X",
        "wake-kill" => "K",
        "waking" => "W",
        "idle" => "I",
        "parked" => "P",
        "locked" => "L",
        _ => "?",
    }
}

/// psutil's `memory_percent()`: `rss / total * 100`, one decimal.
fn memory_percent(rss: u64, mem_total: u64) -> Option<f64> {
    (mem_total > 0).then(|| round1(rss as f64 / mem_total as f64 * 100.0))
}

/// CPU time over lifetime as `ps` computes %CPU.
fn lifetime_percent(cpu_time: Option<f64>, create_time: Option<f64>, now: f64) -> Option<f64> {
    match (cpu_time, create_time) {
        (Some(c), Some(start)) if now > start => Some(round1(c / (now - start) * 100.0)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    }
}

/// The row of one process for `ps` (everything read afresh, %CPU over lifetime), or
/// None when it has vanished.
pub fn ps_row(p: &Process, mem_total: u64, now: f64) -> Option<ProcRow> {
    p.oneshot(|p| {
        let name = match p.name() {
            Ok(n) => n,
            Err(e) if e.is_no_such_process() && !e.is_zombie() => return None,
            Err(_) => String::new(),
        };
        let mem = p.memory_info().ok();
        let times = p.cpu_times().ok();
        let create_time = p.create_time().ok();
        let cpu_time = times.as_ref().map(|t| t.user + t.system);
        Some(ProcRow {
            user: Some(user_of(p).into()),
            pid: p.pid(),
            cpu_percent: lifetime_percent(cpu_time, create_time, now),
            memory_percent: mem.as_ref().and_then(|m| memory_percent(m.rss, mem_total)),
            vms: mem.as_ref().map(|m| m.vms),
            rss: mem.as_ref().map(|m| m.rss),
            terminal: p.terminal().ok().flatten(),
            status: p.status().ok().map(|s| s.as_str()),
            create_time,
            cpu_time,
            command: Some(command_of(p, &name).into()),
            name: name.into(),
            nice: None,
            cpu_num: None,
            started: p.create_time_monotonic().ok(),
        })
    })
}

/// What does not change while a process lives (or changes rarely enough for a monitor):
/// its name, read with its first sample, then its user and command line, read the first
/// time they are asked for (they cost a `status` and a `cmdline` read and a passwd lookup,
/// which a full-screen view spends only on the rows it shows).
#[derive(Debug, Clone)]
struct Identity {
    started: Option<f64>,
    name: Arc<str>,
    user_command: Option<(Arc<str>, Arc<str>)>,
}

impl Identity {
    fn named(p: &Process, started: Option<f64>) -> Identity {
        Identity { started, name: p.name().unwrap_or_default().into(), user_command: None }
    }

    /// The user and command line, read now if they were not yet.
    fn user_command(&mut self, p: &Process) -> (Arc<str>, Arc<str>) {
        let name = &self.name;
        self.user_command.get_or_insert_with(|| (user_of(p).into(), command_of(p, name).into())).clone()
    }
}

/// The name, user and command line of a process.
#[derive(Debug, Clone)]
pub struct Names {
    /// psutil's `name()`.
    pub name: Arc<str>,
    /// The owner's name (or uid).
    pub user: Arc<str>,
    /// The command line, or `[name]`.
    pub command: Arc<str>,
}

/// Identities read once per process (pid + start time since boot, so a reused pid is
/// read again) and reused by later refreshes.
#[derive(Debug, Default)]
pub struct Identities {
    known: PidMap<Identity>,
}

impl Identities {
    /// The identity of `p` as far as it was read: its name at least (read now unless known
    /// for this pid and start time).
    fn named(&mut self, p: &Process, started: Option<f64>) -> &mut Identity {
        let slot = self.known.entry(p.pid()).or_insert_with(|| Identity::named(p, started));
        if slot.started != started {
            *slot = Identity::named(p, started);
        }
        slot
    }

    /// The name, user and command line of `p`, each read now unless known for this pid and
    /// start time.
    pub fn of(&mut self, p: &Process, started: Option<f64>) -> Names {
        let id = self.named(p, started);
        let (user, command) = id.user_command(p);
        Names { name: id.name.clone(), user, command }
    }

    /// Forgets the processes for which `alive` is false.
    pub fn keep_only(&mut self, alive: impl Fn(&Pid) -> bool) {
        self.known.retain(|pid, _| alive(pid));
    }
}

/// What the sampler keeps of one process from a refresh to the next: its identity (pid
/// and start time, then names) and its CPU time then.
#[derive(Debug)]
struct Known {
    pid: Pid,
    identity: Identity,
    cpu_time: Option<f64>,
}

/// Samples every process for the monitors: each refresh reads what moves (CPU time,
/// state, last CPU) and computes CPU% as the share of one CPU used since the previous
/// refresh, like `top`. Names are read once per process (pid + start time).
///
/// Asked for all details, a sample also reads every process's memory
/// (`/proc/PID/statm`), nice (`getpriority`), create time, user and command line (the
/// last two once per process). Otherwise these are left `None` for a full-screen view to
/// read for the rows it shows ([`ProcessSampler::fill_details`]), or, user and command
/// line only, for every row when it filters on them ([`ProcessSampler::fill_names`]):
/// a refresh then reads one file per process, `/proc/PID/stat`.
///
/// What it keeps between refreshes is a list in pid order, the order of
/// `process_iter`, so a refresh walks it along instead of looking each process up.
#[derive(Debug, Default)]
pub struct ProcessSampler {
    /// The processes of the last sample, in pid order, and their handles (same index).
    known: Vec<Known>,
    handles: Vec<Process>,
    last_wall: Option<f64>,
    /// Whether the last sample read every process's details, else which ones were read.
    all_details_read: bool,
    details_read: PidSet,
    mem_total: u64,
}

impl ProcessSampler {
    /// A sampler with no history: its first refresh reports no CPU%.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rows of every process alive now. Processes that vanished are dropped (and
    /// forgotten); a process whose fields cannot be read keeps the ones that can.
    pub fn sample(&mut self, mem_total: u64, all_details: bool) -> psutil_rs::Result<Vec<ProcRow>> {
        let procs = psutil_rs::process_iter()?;
        self.mem_total = mem_total;
        self.all_details_read = all_details;
        self.details_read.clear();
        self.handles.clear();
        let wall = now();
        let window = self.last_wall.map(|t| wall - t).filter(|w| *w > 0.0);
        let mut rows = Vec::with_capacity(procs.len());
        let mut known = Vec::with_capacity(procs.len());
        // The previous refresh, walked along in pid order: what is passed by is gone.
        let mut before = std::mem::take(&mut self.known).into_iter().peekable();
        for p in procs {
            let pid = p.pid();
            while before.next_if(|k| k.pid < pid).is_some() {}
            let prev = before.next_if(|k| k.pid == pid);
            let Some((row, now)) = row(&p, prev, all_details, window, wall, mem_total) else { continue };
            known.push(now);
            self.handles.push(p);
            rows.push(row);
        }
        self.known = known;
        self.last_wall = Some(wall);
        Ok(rows)
    }

    /// Reads the memory and nice of the `rows` the last sample left without them, once
    /// per sample (what cannot be read stays `None`), and their user and command line.
    pub fn fill_details<'a>(&mut self, rows: impl IntoIterator<Item = &'a mut ProcRow>) {
        for row in rows {
            if self.all_details_read || !self.details_read.insert(row.pid) {
                continue;
            }
            let Some(i) = self.index_of(row.pid) else { continue };
            let Some(p) = self.handles.get(i) else { continue };
            row.nice = p.nice().ok();
            if let Ok(m) = p.memory_info() {
                row.memory_percent = memory_percent(m.rss, self.mem_total);
                row.vms = Some(m.vms);
                row.rss = Some(m.rss);
            }
            self.fill_names_at(i, row);
        }
    }

    /// Reads the user and command line of the `rows` the last sample left without them
    /// (once per process: later samples reuse them).
    pub fn fill_names<'a>(&mut self, rows: impl IntoIterator<Item = &'a mut ProcRow>) {
        for row in rows {
            if let Some(i) = self.index_of(row.pid) {
                self.fill_names_at(i, row);
            }
        }
    }

    /// Where the process with this pid is in the last sample.
    fn index_of(&self, pid: Pid) -> Option<usize> {
        self.known.binary_search_by_key(&pid, |k| k.pid).ok()
    }

    /// Sets the user and command line of `row`, the process at `i`, when they are not set.
    fn fill_names_at(&mut self, i: usize, row: &mut ProcRow) {
        if row.user.is_some() && row.command.is_some() {
            return;
        }
        let (Some(k), Some(p)) = (self.known.get_mut(i), self.handles.get(i)) else { return };
        let (user, command) = k.identity.user_command(p);
        row.user = Some(user);
        row.command = Some(command);
    }
}

/// One process's row, and what to keep of it for the next refresh; `prev` is what was
/// kept at the previous one. None when the process has vanished.
fn row(
    p: &Process,
    prev: Option<Known>,
    all_details: bool,
    window: Option<f64>,
    wall: f64,
    mem_total: u64,
) -> Option<(ProcRow, Known)> {
    p.oneshot(|p| {
        let times = match p.cpu_times() {
            Ok(t) => Some(t),
            Err(e) if e.is_no_such_process() && !e.is_zombie() => return None,
            Err(_) => None,
        };
        // The handle may be older than the process now behind its pid (the library
        // keeps handles across scans): the start time read now decides.
        let started = p.create_time_monotonic().ok();
        let same_process = p.create_time_monotonic_at_open() == started;
        let create_time = || if same_process { p.create_time().ok() } else { None };
        let cpu_time = times.map(|t| t.user + t.system);
        // What the previous refresh kept is this process's only if it started then too.
        let prev = prev.filter(|k| k.identity.started == started);
        let cpu_percent = match (cpu_time, window) {
            (Some(now_cpu), Some(window)) => {
                let before = match prev.as_ref().and_then(|k| k.cpu_time) {
                    Some(t) => Some(t),
                    // Started within the window: all its CPU time is the window's.
                    None if create_time().is_some_and(|c| c >= wall - window) => Some(0.0),
                    None => None,
                };
                before.map(|b| round1((now_cpu - b).max(0.0) / window * 100.0))
            }
            _ => None,
        };
        let mem = if all_details { p.memory_info().ok() } else { None };
        let mut identity = prev.map_or_else(|| Identity::named(p, started), |k| k.identity);
        // What an earlier refresh read for this process (a row shown) is kept.
        let (user, command) = if all_details {
            let (user, command) = identity.user_command(p);
            (Some(user), Some(command))
        } else {
            identity.user_command.clone().unzip()
        };
        let row = ProcRow {
            user,
            pid: p.pid(),
            cpu_percent,
            memory_percent: mem.as_ref().and_then(|m| memory_percent(m.rss, mem_total)),
            vms: mem.as_ref().map(|m| m.vms),
            rss: mem.as_ref().map(|m| m.rss),
            terminal: None,
            status: p.status().ok().map(|s| s.as_str()),
            create_time: if all_details { create_time() } else { None },
            cpu_time,
            name: identity.name.clone(),
            command,
            nice: if all_details { p.nice().ok() } else { None },
            cpu_num: p.cpu_num().ok(),
            started,
        };
        Some((row, Known { pid: p.pid(), identity, cpu_time }))
    })
}

/// The orders of the process table (`top`'s keys P, M, N, T).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// CPU% over the last window, highest first.
    Cpu,
    /// Resident memory, largest first.
    Mem,
    /// Process id, ascending.
    Pid,
    /// Total CPU time, largest first.
    Time,
}

impl SortKey {
    /// The column header this order sorts by.
    pub fn column(self) -> &'static str {
        match self {
            SortKey::Cpu => "CPU%",
            SortKey::Mem => "MEM%",
            SortKey::Pid => "PID",
            SortKey::Time => "TIME+",
        }
    }
}

/// Unknown values sort after every known one.
fn desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts rows by `key`; ties go by pid so the order is stable between refreshes.
pub fn sort_rows<R: Borrow<ProcRow>>(rows: &mut [R], key: SortKey) {
    rows.sort_by(|a, b| compare_rows(a.borrow(), b.borrow(), key));
}

/// The order of [`sort_rows`].
pub fn compare_rows(a: &ProcRow, b: &ProcRow, key: SortKey) -> Ordering {
    let primary = match key {
        SortKey::Cpu => desc(a.cpu_percent, b.cpu_percent),
        SortKey::Mem => desc(a.rss.map(|v| v as f64), b.rss.map(|v| v as f64)),
        SortKey::Pid => Ordering::Equal,
        SortKey::Time => desc(a.cpu_time, b.cpu_time),
    };
    primary.then(a.pid.cmp(&b.pid))
}

/// True when the row matches a filter typed by the user: a case-insensitive substring of
/// the name or the command line, or the pid itself.
pub fn matches_filter(row: &ProcRow, filter: &str) -> bool {
    let filter = filter.trim();
    if filter.is_empty() {
        return true;
    }
    if filter.parse::<Pid>().is_ok_and(|pid| pid == row.pid) {
        return true;
    }
    let needle = filter.to_lowercase();
    row.name.to_lowercase().contains(&needle)
        || row.command.as_deref().is_some_and(|c| c.to_lowercase().contains(&needle))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn row(
        pid: Pid,
        cpu: Option<f64>,
        rss: Option<u64>,
        time: Option<f64>,
        name: &str,
    ) -> ProcRow {
        ProcRow {
            user: Some("u".into()),
            pid,
            cpu_percent: cpu,
            memory_percent: None,
            vms: None,
            rss,
            terminal: None,
            status: Some("sleeping"),
            create_time: None,
            cpu_time: time,
            name: name.into(),
            command: Some(format!("/bin/{name} --flag").into()),
            nice: Some(0),
            cpu_num: Some(0),
            started: None,
        }
    }

    fn pids(rows: &[ProcRow]) -> Vec<Pid> {
        rows.iter().map(|r| r.pid).collect()
    }

    #[test]
    fn sorting_puts_unknowns_last_and_breaks_ties_by_pid() {
        let mut rows = vec![
            row(5, Some(1.0), Some(10), Some(9.0), "a"),
            row(3, None, None, None, "b"),
            row(4, Some(50.0), Some(30), Some(1.0), "c"),
            row(2, Some(1.0), Some(20), Some(3.0), "d"),
        ];
        sort_rows(&mut rows, SortKey::Cpu);
        assert_eq!(pids(&rows), [4, 2, 5, 3]);
        sort_rows(&mut rows, SortKey::Mem);
        assert_eq!(pids(&rows), [4, 2, 5, 3]);
        sort_rows(&mut rows, SortKey::Pid);
        assert_eq!(pids(&rows), [2, 3, 4, 5]);
        sort_rows(&mut rows, SortKey::Time);
        assert_eq!(pids(&rows), [5, 2, 4, 3]);
    }

    #[test]
    fn filter_matches_name_command_or_pid() {
        let r = row(1234, None, None, None, "Firefox");
        assert!(matches_filter(&r, ""));
        assert!(matches_filter(&r, "fire"));
        assert!(matches_filter(&r, "--FLAG"));
        assert!(matches_filter(&r, "1234"));
        assert!(!matches_filter(&r, "123"));
        assert!(!matches_filter(&r, "chrome"));
    }

    #[test]
    fn percents() {
        assert_eq!(memory_percent(512, 1024), Some(50.0));
        assert_eq!(memory_percent(1, 0), None);
        assert_eq!(lifetime_percent(Some(1.0), Some(90.0), 100.0), Some(10.0));
        assert_eq!(lifetime_percent(Some(1.0), Some(100.0), 100.0), Some(0.0));
        assert_eq!(lifetime_percent(None, Some(1.0), 100.0), None);
    }

    #[test]
    fn stat_letters() {
        assert_eq!(stat_letter("running"), "R");
        assert_eq!(stat_letter("zombie"), "Z");
        assert_eq!(stat_letter("nonsense"), "?");
    }

    /// Our nice value from procfs (field 19 of /proc/self/stat), not from the library.
    fn nice_from_procfs() -> i32 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        after.split_whitespace().nth(16).unwrap().parse().unwrap()
    }

    /// A /proc with one process, pid 500, called `comm`, started `start` ticks after boot.
    fn one_process_proc(dir: &std::path::Path, comm: &str, start: u64, cpu_ticks: u64) {
        let pid_dir = dir.join("proc/500");
        std::fs::create_dir_all(&pid_dir).unwrap();
        std::fs::write(dir.join("proc/stat"), "cpu  1 2 3 4 5 6 7 8 0 0\nbtime 1700000000\n").unwrap();
        let stat = format!(
            "500 ({comm}) S 1 500 500 0 -1 4194304 0 0 0 0 {cpu_ticks} 0 0 0 20 0 1 0 {start} 4096000 25 \
             18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        );
        std::fs::write(pid_dir.join("stat"), stat).unwrap();
        std::fs::write(pid_dir.join("statm"), "1000 25 10 5 0 40 0\n").unwrap();
        std::fs::write(pid_dir.join("status"), format!("Name:\t{comm}\nUid:\t0\t0\t0\t0\n")).unwrap();
        std::fs::write(pid_dir.join("cmdline"), format!("/bin/{comm}\0--x\0")).unwrap();
    }

    #[test]
    fn a_reused_pid_is_a_new_process() {
        use psutil_rs::paths::{with_roots, Roots};
        let dir = std::env::temp_dir().join(format!("psutil-cli-reuse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        one_process_proc(&dir, "first", 1000, 50);
        let mut s = ProcessSampler::new();
        let first = with_roots(Roots::fixture(&dir), || s.sample(1 << 30, true)).unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!((&*first[0].name, first[0].command.as_deref()), ("first", Some("/bin/first --x")));
        // Same process a refresh later: 50 more ticks.
        one_process_proc(&dir, "first", 1000, 100);
        let again = with_roots(Roots::fixture(&dir), || s.sample(1 << 30, true)).unwrap();
        assert!(again[0].cpu_percent.is_some_and(|p| p > 0.0), "{:?}", again[0]);
        // The pid now belongs to another process (another start time): its own name and
        // command, and no CPU% against the old one's time.
        one_process_proc(&dir, "second", 5000, 10);
        let reused = with_roots(Roots::fixture(&dir), || s.sample(1 << 30, true)).unwrap();
        assert_eq!((&*reused[0].name, reused[0].command.as_deref()), ("second", Some("/bin/second --x")));
        assert_eq!(reused[0].cpu_percent, None);
        assert_eq!(reused[0].started, Some(5000.0 / clock_ticks()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn clock_ticks() -> f64 {
        // SAFETY: sysconf has no preconditions.
        unsafe { libc::sysconf(libc::_SC_CLK_TCK) as f64 }
    }

    #[test]
    fn without_details_user_and_command_are_read_for_the_rows_asked_only() {
        let me = Process::current().unwrap();
        let mut s = ProcessSampler::new();
        let mut rows = s.sample(1 << 30, false).unwrap();
        assert!(rows.iter().all(|r| r.user.is_none() && r.command.is_none() && r.create_time.is_none()));
        let mine = rows.iter().position(|r| r.pid == me.pid()).unwrap();
        assert_eq!(*rows[mine].name, me.name().unwrap());
        s.fill_names(std::iter::once(&mut rows[mine]));
        assert_eq!(rows[mine].user.as_deref(), Some(me.username().unwrap().as_str()));
        assert_eq!(rows[mine].command.as_deref(), Some(me.cmdline().unwrap().join(" ").as_str()));
        // Read once, kept: the next sample has them for this row only.
        let again = s.sample(1 << 30, false).unwrap();
        let named: Vec<Pid> =
            again.iter().filter(|r| r.user.is_some() || r.command.is_some()).map(|r| r.pid).collect();
        assert_eq!(named, [me.pid()]);
        let row = again.iter().find(|r| r.pid == me.pid()).unwrap();
        assert_eq!((&row.user, &row.command), (&rows[mine].user, &rows[mine].command));
    }

    #[test]
    fn sampler_measures_our_own_busy_loop() {
        let mut s = ProcessSampler::new();
        let first = s.sample(1 << 30, true).unwrap_or_default();
        let me = std::process::id();
        assert!(first.iter().any(|r| r.pid == me && r.cpu_percent.is_none()));
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < std::time::Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let mut second = s.sample(1 << 30, false).unwrap_or_default();
        let mine = second.iter().find(|r| r.pid == me).and_then(|r| r.cpu_percent);
        assert!(mine.is_some_and(|p| p > 5.0), "{mine:?}");
        // Memory and nice left for later, then read for our row only.
        assert!(second.iter().all(|r| r.rss.is_none() && r.nice.is_none()));
        s.fill_details(second.iter_mut().filter(|r| r.pid == me));
        let rss = second.iter().find(|r| r.pid == me).and_then(|r| r.rss);
        assert!(rss.is_some_and(|v| v > 0), "{rss:?}");
        assert!(second.iter().filter(|r| r.rss.is_some()).count() == 1);
        let nice = second.iter().find(|r| r.pid == me).and_then(|r| r.nice);
        assert_eq!(nice, Some(nice_from_procfs()));
    }
}
