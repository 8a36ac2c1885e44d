//! `cargo bench --bench control`: what process control costs per call on a kept `Process`
//! handle (the way `process_iter` hands them out): `send_signal(0)`, `set_nice` to the current
//! value, `set_ionice` to the current class, `set_cpu_affinity` to the current CPUs, all aimed
//! at a sleeping child this bench spawns and reaps.
//!
//! Each is timed interleaved with its floor: the bare syscall by pid (`kill(pid, 0)`,
//! `setpriority`, `ioprio_set`, `sched_setaffinity`), with no identity check and no pidfd.
//! The difference is what the pid-reuse check costs (the `stat` read of the create time, and
//! the pidfd opened, checked and closed within the call). Results are in
//! `docs/performance.md`. `BENCH_BUDGET_MS` sets the time per workload (default 600 ms).

#[path = "floor/mod.rs"]
mod floor;

use std::process::{Command, Stdio};

use floor::{budget, measure, print_machine, print_table_with};
use psutil_rs::{IoPrioClass, Process};

fn fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn main() {
    print_machine();
    let mut child = match Command::new("sleep").arg("600").stdin(Stdio::null()).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot spawn sleep: {e}");
            return;
        }
    };
    let pid = child.id();
    let raw = pid as libc::pid_t;
    let Ok(p) = Process::new(pid) else {
        eprintln!("cannot open the child");
        return;
    };
    let (Ok(nice), Ok(io), Ok(cpus)) = (p.nice(), p.ionice(), p.cpu_affinity()) else {
        eprintln!("cannot read the child's settings");
        return;
    };
    let value =
        if matches!(io.ioclass, IoPrioClass::Be | IoPrioClass::Rt) { Some(io.value as i32) } else { None };
    let prio = ((io.ioclass as libc::c_long) << 13) | libc::c_long::from(io.value);
    let mut mask = [0u64; 16];
    for &c in &cpus {
        mask[c / 64] |= 1 << (c % 64);
    }
    let fds_before = fd_count();
    let b = budget();
    let rows = vec![
        measure(
            "send_signal(0)",
            b,
            || usize::from(p.send_signal(0).is_ok()),
            Some(&mut || {
                // SAFETY: signal 0 to a positive pid only checks it exists.
                usize::from(unsafe { libc::kill(raw, 0) } == 0)
            }),
        ),
        measure(
            "set_nice(current)",
            b,
            || usize::from(p.set_nice(nice).is_ok()),
            Some(&mut || {
                // SAFETY: plain integers.
                usize::from(unsafe { libc::setpriority(libc::PRIO_PROCESS, pid, nice) } == 0)
            }),
        ),
        measure(
            "set_ionice(current)",
            b,
            || usize::from(p.set_ionice(io.ioclass, value).is_ok()),
            Some(&mut || {
                // SAFETY: plain integers (IOPRIO_WHO_PROCESS = 1).
                usize::from(unsafe { libc::syscall(libc::SYS_ioprio_set, 1, raw, prio) } == 0)
            }),
        ),
        measure(
            "set_cpu_affinity(current)",
            b,
            || usize::from(p.set_cpu_affinity(&cpus).is_ok()),
            Some(&mut || {
                // SAFETY: `mask` is 128 bytes and only read.
                let ret = unsafe { libc::syscall(libc::SYS_sched_setaffinity, raw, 128usize, mask.as_ptr()) };
                usize::from(ret == 0)
            }),
        ),
    ];
    let fds_after = fd_count();
    print_table_with("process control on a kept handle", "psutil-rs", "bare syscall", &rows);
    println!("\ndescriptors of this process: {fds_before} before, {fds_after} after the calls");
    let _ = child.kill();
    let _ = child.wait();
}
