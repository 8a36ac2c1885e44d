//! Platform backends, and the contract between them and the facade.
//!
//! One backend is compiled, as the private `imp`: `linux` on Linux, `unsupported` (every
//! call returns [`crate::Error::NotSupported`]) elsewhere, and also on Linux under
//! `--cfg psutil_unsupported`, so that the test command checks it on the host. The
//! modules below are **the contract**: per domain, the exact list of items every backend
//! provides, with the same names and signatures. The facade reaches a backend only
//! through them (`use crate::sys::cpu as imp;`), and a backend that lacks an item fails to
//! compile at its line here. Value types (`CpuTimes`, `Error`, ...) cross freely; OS-only
//! fields live in each backend's `*Os` structs, listed here with the helpers the facade
//! calls on them. `sys::linux` stays reachable for the Linux-only extension APIs of
//! `os::linux` (on Linux builds only).
//!
//! To add a backend: create `sys/<os>/` with one module per domain below, each providing
//! every listed item (start from a copy of `unsupported/`), pick it in the `cfg` switch
//! here, and add its target to `scripts/test.d/50-cross.sh`.

#[cfg(all(target_os = "linux", not(psutil_unsupported)))]
pub(crate) mod linux;
#[cfg(all(target_os = "linux", not(psutil_unsupported)))]
use linux as imp;

// The shared POSIX layer (users, signals, priority, waitpid, getifaddrs, statvfs, the tty
// map), built for the Linux, macOS and FreeBSD backends, and with the BSD decoders for the
// unit tests on every Unix host.
#[cfg(any(
    all(test, unix),
    all(target_os = "linux", not(psutil_unsupported)),
    target_os = "macos",
    target_os = "freebsd"
))]
pub(crate) mod unix;

#[cfg(any(all(test, unix), target_os = "macos"))]
pub(crate) mod macos;

#[cfg(any(all(test, unix), target_os = "freebsd"))]
pub(crate) mod freebsd;

#[cfg(target_os = "macos")]
use macos as imp;

#[cfg(target_os = "freebsd")]
use freebsd as imp;

#[cfg(all(windows, not(psutil_unsupported)))]
pub(crate) mod windows;
#[cfg(all(windows, not(psutil_unsupported)))]
use windows as imp;

// The Windows decoders are pure: their unit tests run on every host.
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/conn_decode.rs"]
mod windows_conn_decode;
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/decode.rs"]
mod windows_decode;
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/handle_list.rs"]
mod windows_handle_list;
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/loadavg.rs"]
mod windows_loadavg;
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/service_decode.rs"]
mod windows_service_decode;
#[cfg(all(test, not(windows)))]
#[allow(dead_code)]
#[path = "windows/spi.rs"]
mod windows_spi;

// The backends that lack some domains (macOS, FreeBSD, Windows) take those from here.
#[cfg(any(not(target_os = "linux"), psutil_unsupported))]
#[cfg_attr(
    any(target_os = "macos", target_os = "freebsd", all(windows, not(psutil_unsupported))),
    allow(dead_code)
)]
pub(crate) mod unsupported;
#[cfg(all(
    any(not(target_os = "linux"), psutil_unsupported),
    not(any(target_os = "macos", target_os = "freebsd")),
    not(all(windows, not(psutil_unsupported)))
))]
use unsupported as imp;

/// System CPU times, counts, frequency, statistics and load.
pub(crate) mod cpu {
    pub(crate) use super::imp::cpu::{
        // Physical cores, `None` when unknown (psutil's `cpu_count(logical=False)`).
        cpu_count_cores,
        // Logical CPUs, `None` when unknown (psutil's `cpu_count()`).
        cpu_count_logical,
        // The CPUs online now, `None` when unknown (`sysconf(_SC_NPROCESSORS_ONLN)` on Linux).
        cpu_count_online,
        // The frequency of each CPU (psutil's `cpu_freq(percpu=True)`).
        cpu_freq_percpu,
        // Context switches, interrupts, soft interrupts, syscalls (psutil's `cpu_stats`).
        cpu_stats,
        // System-wide CPU times (psutil's `cpu_times()`).
        cpu_times,
        // CPU times of each CPU (psutil's `cpu_times(percpu=True)`).
        cpu_times_percpu,
        // The 1, 5 and 15 minute load averages (psutil's `getloadavg`).
        getloadavg,
        // The OS-only fields of `CpuTimes`, with `zip`, `fold_sum`, `guest_parts`, `iowait`.
        CpuTimesOs,
    };
}

/// System memory and swap.
pub(crate) mod memory {
    pub(crate) use super::imp::memory::{
        // psutil's `swap_memory()`.
        swap_memory,
        // psutil's `virtual_memory()`.
        virtual_memory,
        // The OS-only fields of `SwapMemory`.
        SwapMemoryOs,
        // The OS-only fields of `VirtualMemory`.
        VirtualMemoryOs,
    };
}

/// Disks: partitions, usage and I/O counters.
pub(crate) mod disk {
    pub(crate) use super::imp::disk::{
        // Raw I/O counters, total or per disk (psutil's `disk_io_counters`, before nowrap).
        disk_io_counters,
        // Mounted partitions (psutil's `disk_partitions(all)`).
        disk_partitions,
        // Space of the filesystem holding a path (psutil's `disk_usage`).
        disk_usage,
        // The OS-only fields of `DiskIoCounters`, with `FIELDS`, `from_fields`, `write_fields`
        // (the raw tuple's tail after the six portable counters).
        DiskIoOs,
    };
}

/// Network interfaces: counters, addresses and status.
pub(crate) mod net {
    pub(crate) use super::imp::net::{
        // Each interface's addresses (psutil's `net_if_addrs`).
        net_if_addrs,
        // Each interface's status (psutil's `net_if_stats`).
        net_if_stats,
        // Raw per-interface counters (psutil's `net_io_counters(pernic=True)`, before nowrap).
        net_io_counters,
        // The OS's `AF_*` number of an address family (`NicFamily::raw`).
        nic_family_number,
    };
}

/// Sockets of the whole system.
pub(crate) mod connections {
    pub(crate) use super::imp::connections::{
        // Sockets of a kind, with their owning pids (psutil's `net_connections`).
        net_connections,
        // The OS's `AF_*` number of a socket family (`SocketFamily::raw`).
        socket_family_number,
        // The OS's `SOCK_*` numbers of the socket types psutil names (`SocketType::raw`).
        SOCK_NUMBERS,
    };
}

/// Temperatures, fans and battery.
pub(crate) mod sensors {
    pub(crate) use super::imp::sensors::{
        // psutil's `sensors_battery()`.
        sensors_battery,
        // psutil's `sensors_fans()`.
        sensors_fans,
        // psutil's `sensors_temperatures()`.
        sensors_temperatures,
    };
}

/// The host: boot time, users, the C heap.
pub(crate) mod host {
    pub(crate) use super::imp::host::{
        // Boot time, seconds since the epoch (psutil's `boot_time`).
        boot_time,
        // The C allocator's heap figures (psutil's `heap_info`).
        heap_info,
        // Returns free heap memory to the OS (psutil's `heap_trim`).
        heap_trim,
        // Logged-in users (psutil's `users`).
        users,
        // The OS-only fields of `HeapInfo` (Windows: `heap_count`).
        HeapInfoOs,
    };
}

/// Per-process reads: identity, the pid list, and the getters of `Process`.
pub(crate) mod process {
    pub(crate) use super::imp::process::{
        // The children of one process from a per-process kernel list, sorted, when it
        // can be trusted; `None`: the caller scans `ppid_map` instead.
        child_pids,
        // The command line.
        cmdline,
        // The CPU the process last ran on.
        cpu_num,
        // The process's CPU times.
        cpu_times,
        // Start time in seconds since boot (add `host::boot_time` for the epoch).
        create_time_monotonic,
        // The start ticks, read through the oneshot cache (the reuse check of `ppid`).
        current_start_ticks,
        // The working directory.
        cwd,
        // The environment.
        environ,
        // The executable's path.
        exe,
        // Real, effective and saved group ids.
        gids,
        // Memory (rss, vms, ...).
        memory_info,
        // The name.
        name,
        // Sockets of one process.
        net_connections,
        // Voluntary and involuntary context switches.
        num_ctx_switches,
        // The number of threads.
        num_threads,
        // Minor and major page faults.
        page_faults,
        // Whether a pid names a process (psutil's `pid_exists`).
        pid_exists,
        // Every pid (psutil's `pids`, unsorted).
        pids,
        // The parent pid.
        ppid,
        // pid -> parent pid of every process (psutil's `ppid_map`).
        ppid_map,
        // The order in which `as_dict` fetches attributes (reads shared first).
        prefetch_rank,
        // The identity: start time in ticks since boot, fresh.
        start_ticks,
        // Converts start ticks to seconds since boot.
        start_ticks_to_secs,
        // The run state.
        status_of,
        // The controlling terminal.
        terminal,
        // Real, effective and saved user ids.
        uids,
        // The user name of a uid (psutil's `username` lookup).
        user_name,
        // The OS-only fields of `ProcessCpuTimes`.
        ProcessCpuTimesOs,
        // The OS-only fields of `ProcessMemoryInfo`, with `field` (their `memory_percent`
        // values, `None` for a memtype not held there).
        ProcessMemoryInfoOs,
        // The backend's state of one process, with `enter_oneshot`, `leave_oneshot`,
        // `enter_snapshot`, `leave_snapshot` (Linux: the oneshot cache; elsewhere caches or
        // nothing). Getters take it through `crate::process::ProcRef`, never the `Process`.
        ProcessState,
    };
}

/// Per-process resources: files, maps, threads, I/O.
pub(crate) mod process_res {
    pub(crate) use super::imp::process_res::{
        // Read and write counters (psutil's `io_counters`).
        io_counters,
        // Memory with uss, pss, swap (psutil's `memory_full_info`).
        memory_full_info,
        // Mapped regions, one per mapping (psutil's `memory_maps(grouped=False)`).
        memory_maps,
        // Mapped regions grouped by path (psutil's `memory_maps()`).
        memory_maps_grouped,
        // The number of open descriptors (psutil's `num_fds`).
        num_fds,
        // Open regular files (psutil's `open_files`).
        open_files,
        // The threads' ids and times (psutil's `threads`).
        threads,
        // The OS-only fields of `IoCounters`.
        IoCountersOs,
        // The OS-only fields of `MemoryFullInfo`, with `field` (their `memory_percent`
        // values, `None` for a memtype not held there).
        MemoryFullInfoOs,
        // The OS-only fields of `MemoryMap`, with `checked_add` (psutil's grouping by path).
        MemoryMapOs,
        // The OS-only fields of `OpenFile`.
        OpenFileOs,
    };
}

/// Process control: pins, signals, wait, priorities, limits, affinity.
pub(crate) mod process_ctl {
    pub(crate) use super::imp::process_ctl::{
        // Every CPU psutil accepts in an affinity list.
        all_cpus,
        // The CPUs a process may be given (for psutil's error messages).
        eligible_cpus,
        // The CPUs a process may run on.
        get_cpu_affinity,
        // I/O priority as (class, value).
        get_ionice,
        // The nice value.
        get_nice,
        // Whether a control call's error means the caller lacks privilege (AccessDenied).
        is_denied,
        // Whether a control call's error means the process does not exist (NoSuchProcess).
        is_gone,
        // Whether a control call's error means a rejected argument (psutil's ValueError).
        is_invalid,
        // The largest valid signal number.
        max_signal,
        // Opens a pin: `Ok(None)` where the OS cannot pin, an error when the process is gone.
        pin_open,
        // Gets and optionally sets a resource limit, returning the old (soft, hard).
        prlimit,
        // The real-time signal range, `None` where the OS has none.
        realtime_signals,
        // Sends a signal through the pin when given, else by pid.
        send_signal,
        // Sets the CPUs a process may run on.
        set_cpu_affinity,
        // Sets the I/O priority.
        set_ionice,
        // Sets the nice value.
        set_nice,
        // The name of a signal number (`None` if unnamed).
        signal_name,
        // Every named signal as (name, number), by number.
        signal_names,
        // Waits for a process to end, through the pin when given.
        wait,
        // Pins one process for the length of a call (a pidfd on Linux), with `identity`.
        Pin,
        // What a wait ended with: our child's status, gone, or timed out.
        WaitOutcome,
        // The signal numbers of `resume`, `kill`, `suspend`, `terminate`.
        SIGCONT,
        SIGKILL,
        SIGSTOP,
        SIGTERM,
    };
}
