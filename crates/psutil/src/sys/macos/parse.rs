//! Pure decoders of what macOS's kernel interfaces return: `kinfo_proc` (sysctl
//! `KERN_PROC`), `proc_taskinfo` (`proc_pidinfo(PROC_PIDTASKINFO)`), `vm_statistics64`
//! and `vm_statistics` words (`host_statistics(64)`), `xsw_usage` (`vm.swapusage`),
//! `host_cpu_load_info` ticks, Apple's `voltage-states*-sram` tables, IOKit disk
//! statistics and power-source values. Field offsets are xnu's (LP64, both arches);
//! `layout.rs` asserts them against hand-written `#[repr(C)]` mirrors and libc.
// Some decoders are not wired into a backend yet (docs/coverage.md lists which); they are
// unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

use crate::process::ProcessStatus;
use crate::sys::unix::bsd::bytes::{cstr_at, i32_at, i8_at, timeval_at, u32_at, u64_at};
use crate::sys::unix::bsd::units::ticks_to_secs;
use crate::sys::unix::bsd::DecodeError;

/// `sizeof(struct kinfo_proc)`.
pub(crate) const KINFO_PROC_SIZE: usize = 648;
/// Offsets in `kinfo_proc` (`kp_proc` = `extern_proc` at 0, `kp_eproc` = `eproc` at 296).
pub(crate) mod kp {
    pub(crate) const P_STARTTIME: usize = 0;
    pub(crate) const P_FLAG: usize = 32;
    pub(crate) const P_STAT: usize = 36;
    pub(crate) const P_PID: usize = 40;
    pub(crate) const P_COMM: usize = 243;
    pub(crate) const P_COMM_LEN: usize = 17;
    pub(crate) const P_RUID: usize = 392;
    pub(crate) const P_SVUID: usize = 396;
    pub(crate) const P_RGID: usize = 400;
    pub(crate) const P_SVGID: usize = 404;
    pub(crate) const CR_UID: usize = 420;
    pub(crate) const CR_GROUPS0: usize = 428;
    pub(crate) const E_PPID: usize = 560;
    pub(crate) const E_TDEV: usize = 572;
    pub(crate) const E_FLAG: usize = 612;
}

/// The oneshot fields psutil takes from one `kinfo_proc`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Kinfo {
    pub(crate) pid: i32,
    pub(crate) ppid: i32,
    pub(crate) comm: Vec<u8>,
    pub(crate) stat: i8,
    pub(crate) flag: i32,
    pub(crate) eflag: i32,
    /// `p_starttime` in seconds since the epoch.
    pub(crate) start: f64,
    /// real, effective, saved uid.
    pub(crate) uids: [u32; 3],
    /// real, effective (`cr_groups[0]`), saved gid.
    pub(crate) gids: [u32; 3],
    /// `e_tdev`; `NODEV` (-1) when no terminal.
    pub(crate) tdev: i32,
}

/// Decodes one `kinfo_proc`. Fewer than 648 bytes (the sysctl answers 0 bytes for a gone
/// pid) is an error the caller turns into NoSuchProcess.
pub(crate) fn parse_kinfo(buf: &[u8]) -> Result<Kinfo, DecodeError> {
    const SHORT: DecodeError = DecodeError("kinfo_proc shorter than 648 bytes");
    if buf.len() < KINFO_PROC_SIZE {
        return Err(SHORT);
    }
    let u = |off| u32_at(buf, off).ok_or(SHORT);
    Ok(Kinfo {
        pid: i32_at(buf, kp::P_PID).ok_or(SHORT)?,
        ppid: i32_at(buf, kp::E_PPID).ok_or(SHORT)?,
        comm: cstr_at(buf, kp::P_COMM, kp::P_COMM_LEN).ok_or(SHORT)?.to_vec(),
        stat: i8_at(buf, kp::P_STAT).ok_or(SHORT)?,
        flag: i32_at(buf, kp::P_FLAG).ok_or(SHORT)?,
        eflag: i32_at(buf, kp::E_FLAG).ok_or(SHORT)?,
        start: timeval_at(buf, kp::P_STARTTIME).ok_or(SHORT)?,
        uids: [u(kp::P_RUID)?, u(kp::CR_UID)?, u(kp::P_SVUID)?],
        gids: [u(kp::P_RGID)?, u(kp::CR_GROUPS0)?, u(kp::P_SVGID)?],
        tdev: i32_at(buf, kp::E_TDEV).ok_or(SHORT)?,
    })
}

/// The pids of a `KERN_PROC_ALL` answer (n × 648 bytes).
pub(crate) fn pids_of_kinfo_array(buf: &[u8]) -> Result<Vec<u32>, DecodeError> {
    if buf.len() % KINFO_PROC_SIZE != 0 {
        return Err(DecodeError("KERN_PROC_ALL answer is not a whole number of kinfo_proc"));
    }
    Ok(buf
        .chunks_exact(KINFO_PROC_SIZE)
        .filter_map(|rec| i32_at(rec, kp::P_PID).and_then(|p| u32::try_from(p).ok()))
        .collect())
}

// p_stat values and flag bits (<sys/proc.h>).
const SIDL: i8 = 1;
const SRUN: i8 = 2;
const SSLEEP: i8 = 3;
const SSTOP: i8 = 4;
const SZOMB: i8 = 5;
const P_PPWAIT: i32 = 0x10;
const P_SYSTEM: i32 = 0x200;
const P_WEXIT: i32 = 0x2000;
const EPROC_SLEADER: i32 = 0x2;

/// Whether `p_stat` says zombie: the fact psutil's `is_zombie` uses.
pub(crate) fn is_zombie_stat(stat: i8) -> bool {
    stat == SZOMB
}

/// psutil's macOS status: zombie and stopped from `p_stat`; else a system, exiting or
/// vfork-waiting process is idle, a session leader sleeping; else `p_stat` 1 idle, 2
/// running, 3 sleeping; anything else `?` (the kernel's `p_stat` is unreliable, gh-2675).
pub(crate) fn status(stat: i8, flag: i32, eflag: i32) -> ProcessStatus {
    match stat {
        SZOMB => ProcessStatus::Zombie,
        SSTOP => ProcessStatus::Stopped,
        _ if flag & (P_SYSTEM | P_WEXIT | P_PPWAIT) != 0 => ProcessStatus::Idle,
        _ if eflag & EPROC_SLEADER != 0 => ProcessStatus::Sleeping,
        SIDL => ProcessStatus::Idle,
        SRUN => ProcessStatus::Running,
        SSLEEP => ProcessStatus::Sleeping,
        _ => ProcessStatus::Unknown,
    }
}

/// `sizeof(struct proc_taskinfo)`.
pub(crate) const TASKINFO_SIZE: usize = 96;

/// The `proc_taskinfo` fields psutil uses. The counters are `int32` in the struct and are
/// read as `u32` (psutil 7.2.2 could take garbage high bits, gh-2726).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskInfo {
    pub(crate) virtual_size: u64,
    pub(crate) resident_size: u64,
    /// Mach absolute-time units.
    pub(crate) total_user: u64,
    pub(crate) total_system: u64,
    pub(crate) faults: u32,
    pub(crate) pageins: u32,
    pub(crate) csw: u32,
    pub(crate) threadnum: u32,
}

/// Decodes `proc_taskinfo`; psutil treats an answer shorter than 96 bytes as a failure.
pub(crate) fn parse_taskinfo(buf: &[u8]) -> Result<TaskInfo, DecodeError> {
    const SHORT: DecodeError = DecodeError("proc_taskinfo shorter than 96 bytes");
    if buf.len() < TASKINFO_SIZE {
        return Err(SHORT);
    }
    let q = |off| u64_at(buf, off).ok_or(SHORT);
    let d = |off| u32_at(buf, off).ok_or(SHORT);
    Ok(TaskInfo {
        virtual_size: q(0)?,
        resident_size: q(8)?,
        total_user: q(16)?,
        total_system: q(24)?,
        faults: d(52)?,
        pageins: d(56)?,
        csw: d(80)?,
        threadnum: d(84)?,
    })
}

/// psutil's macOS `page_faults()` (minor, major), as `getrusage` counts them: major =
/// `pti_pageins`, minor = the other faults (`pti_faults - pti_pageins`, 0 rather than a
/// wrapped count should the kernel's two counters ever disagree).
pub(crate) fn page_faults(t: &TaskInfo) -> (u64, u64) {
    let major = u64::from(t.pageins);
    (u64::from(t.faults).saturating_sub(major), major)
}

/// The `vm_statistics64` counts psutil uses (pages), from the words the kernel returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct VmStats64 {
    pub(crate) free: u64,
    pub(crate) active: u64,
    pub(crate) inactive: u64,
    pub(crate) wire: u64,
    pub(crate) pageins: u64,
    pub(crate) pageouts: u64,
    pub(crate) speculative: u64,
}

/// Decodes the first `count` 32-bit words `host_statistics64(HOST_VM_INFO64)` filled
/// (macOS 27's struct is 104 words where older ones are 38; only the prefix psutil needs,
/// 24 words, must be present).
pub(crate) fn parse_vm_statistics64(buf: &[u8], count_words: usize) -> Result<VmStats64, DecodeError> {
    let filled = buf.get(..count_words.saturating_mul(4)).unwrap_or(buf);
    const SHORT: DecodeError = DecodeError("vm_statistics64 shorter than 24 words");
    if filled.len() < 96 {
        return Err(SHORT);
    }
    let w = |off| u32_at(filled, off).map(u64::from).ok_or(SHORT);
    Ok(VmStats64 {
        free: w(0)?,
        active: w(4)?,
        inactive: w(8)?,
        wire: w(12)?,
        pageins: u64_at(filled, 32).ok_or(SHORT)?,
        pageouts: u64_at(filled, 40).ok_or(SHORT)?,
        speculative: w(92)?,
    })
}

/// psutil's macOS `virtual_memory` in bytes: (total, available, used, free, active,
/// inactive, wired). available = inactive + free; used = active + wired; free excludes
/// the speculative pages.
pub(crate) fn virtual_memory(total: u64, vm: &VmStats64, page: u64) -> [u64; 7] {
    let b = |pages: u64| pages.saturating_mul(page);
    let free = b(vm.free);
    let available = b(vm.inactive).saturating_add(free);
    let used = b(vm.active).saturating_add(b(vm.wire));
    [total, available, used, free.saturating_sub(b(vm.speculative)), b(vm.active), b(vm.inactive), b(vm.wire)]
}

/// `xsw_usage` (32 bytes): total, avail, used in bytes.
pub(crate) fn parse_xsw_usage(buf: &[u8]) -> Result<[u64; 3], DecodeError> {
    const SHORT: DecodeError = DecodeError("xsw_usage shorter than 24 bytes");
    Ok([u64_at(buf, 0).ok_or(SHORT)?, u64_at(buf, 8).ok_or(SHORT)?, u64_at(buf, 16).ok_or(SHORT)?])
}

/// psutil's `swap_memory`: (total, used, free, sin, sout); sin/sout are all page-ins and
/// page-outs of the system in bytes (macOS counts no swap-only figure).
pub(crate) fn swap_memory(xsw: [u64; 3], vm: &VmStats64, page: u64) -> [u64; 5] {
    let [total, avail, used] = xsw;
    [total, used, avail, vm.pageins.saturating_mul(page), vm.pageouts.saturating_mul(page)]
}

/// `host_cpu_load_info` / one `processor_cpu_load_info`: ticks indexed by
/// `CPU_STATE_USER 0, SYSTEM 1, IDLE 2, NICE 3`, to (user, nice, system, idle) seconds at
/// `CLK_TCK` = 100.
pub(crate) fn cpu_times_of_ticks(ticks: [u32; 4]) -> [f64; 4] {
    let s = |t: u32| ticks_to_secs(u64::from(t), 100);
    [s(ticks[0]), s(ticks[3]), s(ticks[1]), s(ticks[2])]
}

/// The per-CPU tick array of `host_processor_info(PROCESSOR_CPU_LOAD_INFO)`: `cpus` × 4
/// words.
pub(crate) fn percpu_ticks(words: &[u32], cpus: usize) -> Result<Vec<[u32; 4]>, DecodeError> {
    let need = cpus.checked_mul(4).ok_or(DecodeError("CPU count overflows"))?;
    let words =
        words.get(..need).ok_or(DecodeError("processor_cpu_load_info shorter than 4 words per CPU"))?;
    Ok(words.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect())
}

/// psutil's `cpu_stats()` on macOS: the kernel fills a 15-word `vm_statistics`, which
/// psutil reads through `struct vmmeter`'s field names. The values are therefore page
/// counts (ctx_switches = free, syscalls = inactive, interrupts = wired, soft_interrupts
/// = zero-fill), kept because macOS offers no system-wide event counters (psutil #847).
/// Returns (ctx_switches, interrupts, soft_interrupts, syscalls).
pub(crate) fn cpu_stats_words(words: &[u32]) -> Result<[u64; 4], DecodeError> {
    let w = |i: usize| {
        words.get(i).copied().map(u64::from).ok_or(DecodeError("vm_statistics shorter than 5 words"))
    };
    Ok([w(0)?, w(3)?, w(4)?, w(2)?])
}

/// Apple Silicon `cpu_freq` from the `pmgr` tables (`voltage-states5-sram` for P cores,
/// `voltage-states1-sram` for E cores, little-endian `(freq, voltage)` u32 pairs):
/// (current, min, max) in MHz, current = max as psutil. M1-M3 tables hold Hz; M4 and
/// later hold kHz (a Hz value would not fit 32 bits): a top frequency below 100 MHz read
/// as Hz is taken as kHz (psutil 7.2.2 reports 1000x too little there, gh-2642). `None`
/// for tables too short to hold a pair, or a zero frequency.
pub(crate) fn apple_freq(p_table: &[u8], e_table: &[u8]) -> Option<(u64, u64, u64)> {
    let le = |b: &[u8], off: usize| b.get(off..off + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    if p_table.len() < 8 {
        return None;
    }
    let max_raw = le(p_table, p_table.len() - 8)?;
    let p_first = le(p_table, 0)?;
    let min_raw = match le(e_table, 0) {
        Some(e_first) if e_table.len() >= 8 => p_first.min(e_first),
        _ => p_first,
    };
    if max_raw == 0 || min_raw == 0 {
        return None;
    }
    let scale = if max_raw < 100_000_000 { 1_000 } else { 1 };
    let mhz = |raw: u32| u64::from(raw) * scale / 1_000_000;
    Some((mhz(max_raw), mhz(min_raw), mhz(max_raw)))
}

/// An IOKit block-storage driver's `Statistics` dictionary (values looked up by key) to
/// psutil's (read_count, write_count, read_bytes, write_bytes, read_time, write_time);
/// times are ns in IOKit and ms here (integer division, as psutil). Missing keys are 0.
pub(crate) fn disk_statistics(get: impl Fn(&str) -> Option<i64>) -> [u64; 6] {
    let v = |k: &str| get(k).and_then(|x| u64::try_from(x).ok()).unwrap_or(0);
    [
        v("Operations (Read)"),
        v("Operations (Write)"),
        v("Bytes (Read)"),
        v("Bytes (Write)"),
        v("Total Time (Read)") / 1_000_000,
        v("Total Time (Write)") / 1_000_000,
    ]
}

/// The first power source's description to psutil's battery: (percent, secsleft,
/// plugged). `Current Capacity` is the percent as psutil takes it (not scaled by `Max
/// Capacity`); plugged is `Power Source State == "AC Power"`; `Time to Empty` in minutes,
/// -1 when unknown or missing.
pub(crate) fn battery(
    current_capacity: i64,
    time_to_empty: Option<i64>,
    state: Option<&str>,
) -> (f64, i64, bool) {
    let plugged = state == Some("AC Power");
    let minutes = time_to_empty.unwrap_or(-1);
    (current_capacity as f64, crate::sys::unix::bsd::units::battery_secsleft(minutes, plugged), plugged)
}

/// The thread handles (`u64` each) `proc_pidinfo(PROC_PIDLISTTHREADS)` wrote; a partial
/// trailing handle is dropped.
pub(crate) fn thread_handles(buf: &[u8]) -> Vec<u64> {
    buf.chunks_exact(8).filter_map(|c| u64_at(c, 0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::unix::bsd::bytes::build::*;

    pub(crate) fn kinfo(pid: i32, ppid: i32, comm: &[u8], stat: i8) -> Vec<u8> {
        let mut b = vec![0u8; KINFO_PROC_SIZE];
        put_i64(&mut b, kp::P_STARTTIME, 1_700_000_000);
        put_i32(&mut b, kp::P_STARTTIME + 8, 500_000);
        put_i32(&mut b, kp::P_PID, pid);
        put_i32(&mut b, kp::E_PPID, ppid);
        put(&mut b, kp::P_COMM, comm);
        b[kp::P_STAT] = stat as u8;
        put_u32(&mut b, kp::P_RUID, 501);
        put_u32(&mut b, kp::CR_UID, 0);
        put_u32(&mut b, kp::P_SVUID, 502);
        put_u32(&mut b, kp::P_RGID, 20);
        put_u32(&mut b, kp::CR_GROUPS0, 12);
        put_u32(&mut b, kp::P_SVGID, 21);
        put_i32(&mut b, kp::E_TDEV, -1);
        b
    }

    #[test]
    fn kinfo_fields() {
        let k = parse_kinfo(&kinfo(123, 1, b"launchd_longname", SRUN)).unwrap();
        assert_eq!((k.pid, k.ppid, k.stat), (123, 1, SRUN));
        assert_eq!(k.comm, b"launchd_longname");
        assert_eq!(k.start, 1_700_000_000.5);
        assert_eq!(k.uids, [501, 0, 502]);
        assert_eq!(k.gids, [20, 12, 21]);
        assert_eq!(k.tdev, -1);
        let mut full = kinfo(1, 0, b"0123456789abcdefXYZ", SRUN);
        full[kp::P_COMM + 16] = 0;
        assert_eq!(parse_kinfo(&full).unwrap().comm, b"0123456789abcdef", "p_comm is 16 chars + NUL");
        assert!(parse_kinfo(&[]).is_err(), "a gone pid answers 0 bytes");
        assert!(parse_kinfo(&kinfo(1, 0, b"x", 2)[..647]).is_err());
    }

    #[test]
    fn kinfo_arrays() {
        let mut all = kinfo(0, 0, b"kernel_task", SRUN);
        all.extend(kinfo(1, 0, b"launchd", SRUN));
        all.extend(kinfo(-7, 0, b"odd", SRUN));
        assert_eq!(pids_of_kinfo_array(&all).unwrap(), vec![0, 1]);
        assert!(pids_of_kinfo_array(&all[..700]).is_err());
        assert!(pids_of_kinfo_array(&[]).unwrap().is_empty());
    }

    #[test]
    fn status_table() {
        use ProcessStatus::*;
        let rows: &[(i8, i32, i32, ProcessStatus)] = &[
            (SZOMB, P_SYSTEM, EPROC_SLEADER, Zombie),
            (SSTOP, P_WEXIT, 0, Stopped),
            (SRUN, P_SYSTEM, 0, Idle),
            (SRUN, P_WEXIT, 0, Idle),
            (SSLEEP, P_PPWAIT, EPROC_SLEADER, Idle),
            (SRUN, 0, EPROC_SLEADER, Sleeping),
            (SIDL, 0, 0, Idle),
            (SRUN, 0, 0, Running),
            (SSLEEP, 0, 0, Sleeping),
            (0, 0, 0, Unknown),
            (9, 0, 0, Unknown),
            (-1, 0, 0, Unknown),
        ];
        for (stat, flag, eflag, want) in rows {
            assert_eq!(status(*stat, *flag, *eflag), *want, "stat {stat} flag {flag:#x} eflag {eflag:#x}");
        }
        assert!(is_zombie_stat(SZOMB) && !is_zombie_stat(SSTOP));
    }

    #[test]
    fn taskinfo_fields_read_as_u32() {
        let mut b = vec![0u8; TASKINFO_SIZE];
        put_u64(&mut b, 0, 4 << 30);
        put_u64(&mut b, 8, 10 << 20);
        put_u64(&mut b, 16, 1_000);
        put_u64(&mut b, 24, 2_000);
        put_i32(&mut b, 52, -2); // a wrapped int32 counter stays 32 bits wide
        put_i32(&mut b, 56, 7);
        put_i32(&mut b, 80, 99);
        put_i32(&mut b, 84, 4);
        let t = parse_taskinfo(&b).unwrap();
        assert_eq!(
            (t.virtual_size, t.resident_size, t.total_user, t.total_system),
            (4 << 30, 10 << 20, 1_000, 2_000)
        );
        assert_eq!((t.faults, t.pageins, t.csw, t.threadnum), (u32::MAX - 1, 7, 99, 4));
        assert!(parse_taskinfo(&b[..95]).is_err());
    }

    fn vm_words(words: usize) -> Vec<u8> {
        let mut b = vec![0u8; words * 4];
        put_u32(&mut b, 0, 1000); // free
        put_u32(&mut b, 4, 2000); // active
        put_u32(&mut b, 8, 3000); // inactive
        put_u32(&mut b, 12, 400); // wire
        put_u64(&mut b, 32, 55); // pageins
        put_u64(&mut b, 40, 66); // pageouts
        put_u32(&mut b, 92, 100); // speculative
        b
    }

    #[test]
    fn virtual_memory_formula() {
        for words in [38, 104] {
            let vm = parse_vm_statistics64(&vm_words(words), words).unwrap();
            let page = 16384;
            let [total, available, used, free, active, inactive, wired] =
                virtual_memory(100_000 * page, &vm, page);
            assert_eq!(total, 100_000 * page);
            assert_eq!(available, 4000 * page);
            assert_eq!(used, 2400 * page);
            assert_eq!(free, 900 * page);
            assert_eq!((active, inactive, wired), (2000 * page, 3000 * page, 400 * page));
        }
        // Only the words the kernel reported count.
        assert!(parse_vm_statistics64(&vm_words(38), 23).is_err());
        assert!(parse_vm_statistics64(&vm_words(38)[..90], 38).is_err());
        // More speculative than free pages: free is 0, not negative.
        let vm = VmStats64 { free: 1, speculative: 5, ..Default::default() };
        assert_eq!(virtual_memory(0, &vm, 4096)[3], 0);
    }

    #[test]
    fn swap_formula() {
        let mut b = vec![0u8; 32];
        put_u64(&mut b, 0, 2 << 30);
        put_u64(&mut b, 8, 1 << 30);
        put_u64(&mut b, 16, 1 << 30);
        let xsw = parse_xsw_usage(&b).unwrap();
        let vm = parse_vm_statistics64(&vm_words(38), 38).unwrap();
        assert_eq!(swap_memory(xsw, &vm, 4096), [2 << 30, 1 << 30, 1 << 30, 55 * 4096, 66 * 4096]);
        assert!(parse_xsw_usage(&b[..20]).is_err());
    }

    #[test]
    fn cpu_ticks() {
        assert_eq!(cpu_times_of_ticks([100, 200, 300, 50]), [1.0, 0.5, 2.0, 3.0]);
        let words = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(percpu_ticks(&words, 2).unwrap(), vec![[1, 2, 3, 4], [5, 6, 7, 8]]);
        assert!(percpu_ticks(&words, 3).is_err());
        assert!(percpu_ticks(&words, usize::MAX).is_err());
        assert!(percpu_ticks(&[], 0).unwrap().is_empty());
    }

    #[test]
    fn cpu_stats_reads_psutils_words() {
        let words: Vec<u32> = (10..25).collect();
        assert_eq!(cpu_stats_words(&words).unwrap(), [10, 13, 14, 12]);
        assert!(cpu_stats_words(&words[..4]).is_err());
    }

    fn table(pairs: &[(u32, u32)]) -> Vec<u8> {
        pairs.iter().flat_map(|(f, v)| f.to_le_bytes().into_iter().chain(v.to_le_bytes())).collect()
    }

    #[test]
    fn apple_frequency_tables() {
        // M1-style, Hz.
        let p = table(&[(600_000_000, 800), (2_064_000_000, 900), (3_204_000_000, 1000)]);
        let e = table(&[(600_000_000, 700), (2_064_000_000, 800)]);
        assert_eq!(apple_freq(&p, &e), Some((3204, 600, 3204)));
        let e_lower = table(&[(400_000_000, 700)]);
        assert_eq!(apple_freq(&p, &e_lower), Some((3204, 400, 3204)));
        // M4-style, kHz.
        let p = table(&[(1_260_000, 800), (4_512_000, 1000)]);
        let e = table(&[(744_000, 700)]);
        assert_eq!(apple_freq(&p, &e), Some((4512, 744, 4512)));
        // No E table: P alone.
        assert_eq!(apple_freq(&p, &[]), Some((4512, 1260, 4512)));
        // Broken tables.
        assert_eq!(apple_freq(&[1, 2, 3], &e), None);
        assert_eq!(apple_freq(&table(&[(0, 0)]), &e), None);
    }

    #[test]
    fn disk_statistics_dict() {
        let dict = [
            ("Operations (Read)", 10i64),
            ("Operations (Write)", 20),
            ("Bytes (Read)", 4096),
            ("Bytes (Write)", 8192),
            ("Total Time (Read)", 3_999_999),
            ("Total Time (Write)", -5),
        ];
        let get = |k: &str| dict.iter().find(|e| e.0 == k).map(|e| e.1);
        assert_eq!(disk_statistics(get), [10, 20, 4096, 8192, 3, 0]);
        assert_eq!(disk_statistics(|_| None), [0; 6]);
    }

    #[test]
    fn battery_values() {
        assert_eq!(battery(80, Some(90), Some("Battery Power")), (80.0, 5400, false));
        assert_eq!(battery(80, Some(90), Some("AC Power")), (80.0, -2, true));
        assert_eq!(battery(5, None, None), (5.0, -1, false));
        assert_eq!(battery(5, Some(-1), Some("Battery Power")), (5.0, -1, false));
    }

    #[test]
    fn page_faults_split_pageins_from_faults() {
        let mut t = parse_taskinfo(&[0u8; TASKINFO_SIZE]).unwrap();
        (t.faults, t.pageins) = (1_000, 30);
        assert_eq!(page_faults(&t), (970, 30));
        (t.faults, t.pageins) = (u32::MAX, 0);
        assert_eq!(page_faults(&t), (u64::from(u32::MAX), 0), "read as u32, not sign-extended");
        (t.faults, t.pageins) = (5, 9);
        assert_eq!(page_faults(&t), (0, 9), "never a wrapped minor count");
    }

    #[test]
    fn thread_handle_lists() {
        let mut b = Vec::new();
        for h in [0x1234u64, u64::MAX, 7] {
            b.extend(h.to_ne_bytes());
        }
        assert_eq!(thread_handles(&b), vec![0x1234, u64::MAX, 7]);
        assert_eq!(thread_handles(&b[..20]), vec![0x1234, u64::MAX]);
        assert!(thread_handles(&[]).is_empty());
    }
}
