//! `children()` against the `PPid:` lines of `/proc/PID/status` read by the test before and
//! after, for every process on the machine; a tree of shells, whose single-threaded
//! parents are answered from the kernel's lists of children; and a parent whose
//! short-lived children are reaped while `children()` runs, which must always name its
//! long-lived ones; and this multi-threaded process, whose threads fork children and exit
//! (handing the children to another thread) while `children()` runs.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use std::collections::{BTreeSet, HashMap};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use psutil_rs::Process;

/// pid → `PPid:` of every process whose status could be read.
fn ppids() -> HashMap<u32, u32> {
    let mut map = HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        if let Some(ppid) = sysa_oracle::proc_value_opt(&format!("/proc/{pid}/status"), "PPid:") {
            map.insert(pid, ppid as u32);
        }
    }
    map
}

/// Field 22 of `/proc/PID/stat`, the start time in ticks.
fn start_ticks(pid: u32) -> Option<u64> {
    sysa_oracle::stat_field(pid, 22)?.parse().ok()
}

fn kids_in(map: &HashMap<u32, u32>, parent: u32) -> BTreeSet<u32> {
    map.iter().filter(|&(_, &pp)| pp == parent).map(|(&pid, _)| pid).collect()
}

/// A shell running `script` in a process group of its own, killed with its group on drop.
struct Group(Child);

impl Group {
    fn spawn(script: &str) -> Group {
        Group(Command::new("sh").args(["-c", script]).process_group(0).spawn().expect("sh"))
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // SAFETY: kill(2) on our own child's process group.
        unsafe { libc::kill(-(self.0.id() as i32), libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

fn pids_of(list: Vec<Process>) -> BTreeSet<u32> {
    list.iter().map(Process::pid).collect()
}

#[test]
fn every_process_has_the_children_its_status_lines_name() {
    let before = ppids();
    let ours: Vec<(u32, BTreeSet<u32>)> = before
        .keys()
        .filter_map(|&pid| Some((pid, pids_of(Process::new(pid).ok()?.children(false).ok()?))))
        .collect();
    let after = ppids();
    let mut compared = 0;
    for (parent, kids) in ours {
        let parent_start = start_ticks(parent);
        if parent_start.is_none() || before.get(&parent) != after.get(&parent) {
            continue;
        }
        for &kid in &kids {
            let seen = before.get(&kid) == Some(&parent) || after.get(&kid) == Some(&parent);
            let came_or_went = !before.contains_key(&kid) || !after.contains_key(&kid);
            assert!(seen || came_or_went, "pid {parent}: {kid} is not its child in either scan");
        }
        for kid in kids_in(&before, parent).intersection(&kids_in(&after, parent)) {
            // a child older than its parent was adopted (subreaper): psutil leaves it out
            if start_ticks(*kid).is_some_and(|t| Some(t) >= parent_start) {
                assert!(kids.contains(kid), "pid {parent}: child {kid} missing from {kids:?}");
            }
        }
        compared += 1;
    }
    eprintln!("{compared} processes' children compared");
    assert!(compared > 10, "only {compared} processes compared");
}

#[test]
fn a_tree_of_shells_is_walked_as_psutil_walks_it() {
    let group =
        Group::spawn("sh -c 'sleep 60 & sleep 60 & wait' & sleep 60 & sh -c 'sleep 60 & wait' & wait");
    let top = group.0.id();
    let deadline = Instant::now() + Duration::from_secs(10);
    let (direct, all) = loop {
        let map = ppids();
        let direct = kids_in(&map, top);
        let mut all = BTreeSet::new();
        let mut stack: Vec<u32> = direct.iter().copied().collect();
        while let Some(pid) = stack.pop() {
            if all.insert(pid) {
                stack.extend(kids_in(&map, pid));
            }
        }
        if all.len() == 6 {
            break (direct, all);
        }
        assert!(Instant::now() < deadline, "the tree never reached 6 processes: {all:?}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let p = Process::new(top).unwrap();
    let got: Vec<u32> = p.children(false).unwrap().iter().map(Process::pid).collect();
    assert_eq!(got, direct.iter().copied().collect::<Vec<_>>(), "direct children, in pid order");
    assert_eq!(pids_of(p.children(true).unwrap()), all);
}

#[test]
fn long_lived_children_are_named_while_their_siblings_are_reaped() {
    // 40 short-lived children interleaved with 40 long-lived ones; once all are started
    // (the marker file), the shell reaps the short ones, in order, over the next second.
    let marker = std::env::temp_dir().join(format!("psutil-rs-children-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let group = Group::spawn(&format!(
        "i=0; shorts=''; while [ $i -lt 40 ]; do sleep 0.$((i % 9 + 1)) & shorts=\"$shorts $!\"; \
         sleep 60 & i=$((i + 1)); done; : > '{}'; for p in $shorts; do wait $p; done; wait",
        marker.display()
    ));
    let parent = Process::new(group.0.id()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !marker.exists() {
        assert!(Instant::now() < deadline, "the shell never started its children");
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut answers = Vec::new();
    let longs = loop {
        answers.push(pids_of(parent.children(false).unwrap()));
        let now = kids_in(&ppids(), group.0.id());
        if now.len() == 40 && answers.len() > 50 {
            break now;
        }
        assert!(Instant::now() < deadline, "the short-lived children never all went: {}", now.len());
    };
    let _ = std::fs::remove_file(&marker);
    for (i, answer) in answers.iter().enumerate() {
        let missing: Vec<_> = longs.difference(answer).collect();
        assert!(missing.is_empty(), "answer {i} misses long-lived children {missing:?}");
    }
    eprintln!("{} answers while siblings were reaped", answers.len());
}

/// Children killed and reaped on drop.
struct Kids(Vec<Child>);

impl Drop for Kids {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn children_of_threads_that_exit_are_named_while_they_are_handed_on() {
    // A thread forks a `sleep` and exits: the kernel hands its child to another thread of
    // this process, perhaps one whose list `children()` has read already. 40 times, while
    // `children()` runs; each answer must name every child forked before it began.
    let me = Process::current().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let forker = std::thread::spawn(move || {
        for _ in 0..40 {
            let child = std::thread::spawn(|| Command::new("sleep").arg("60").spawn().expect("sleep"));
            if tx.send(child.join().expect("fork thread")).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(3));
        }
    });
    let mut kids = Kids(Vec::new());
    let mut answers = 0;
    loop {
        let finished = forker.is_finished();
        kids.0.extend(rx.try_iter());
        let known: BTreeSet<u32> = kids.0.iter().map(Child::id).collect();
        let answer = pids_of(me.children(false).unwrap());
        let missing: Vec<_> = known.difference(&answer).collect();
        assert!(missing.is_empty(), "answer {answers} misses {missing:?} of {} children", known.len());
        answers += 1;
        if finished {
            break;
        }
    }
    forker.join().unwrap();
    assert_eq!(kids.0.len(), 40);
    eprintln!("{answers} answers while 40 threads forked and exited");
}
