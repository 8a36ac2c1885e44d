//! Pure decoders of what FreeBSD's kernel interfaces return: `kinfo_proc` (sysctl
//! `KERN_PROC`), the packed `kinfo_file` and `kinfo_vmentry` records
//! (`KERN_PROC_FILEDESC`, `KERN_PROC_VMMAP`), `kern.devstat.all`, `kern.cp_time(s)`,
//! `dev.cpu.N.freq_levels`, `kern.sched.topology_spec`, and the memory formulas. Offsets
//! are FreeBSD 12+ amd64 (libc's default ABI); `layout.rs` asserts them against libc.
// Some decoders are not wired into a backend yet (docs/coverage.md lists which); they are
// unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::process::ProcessStatus;
use crate::sys::unix::bsd::bytes::{cstr_at, i32_at, i64_at, i8_at, u64_at};
use crate::sys::unix::bsd::units::{bintime_to_ms, ticks_to_secs};
use crate::sys::unix::bsd::DecodeError;

/// `sizeof(struct kinfo_proc)`, also what its `ki_structsize` holds.
pub(crate) const KINFO_PROC_SIZE: usize = 1088;

/// Offsets in `kinfo_proc`.
pub(crate) mod kp {
    pub(crate) const STRUCTSIZE: usize = 0;
    pub(crate) const PID: usize = 72;
    pub(crate) const PPID: usize = 76;
    pub(crate) const UID: usize = 168;
    pub(crate) const RUID: usize = 172;
    pub(crate) const SVUID: usize = 176;
    pub(crate) const RGID: usize = 180;
    pub(crate) const SVGID: usize = 184;
    pub(crate) const GROUPS0: usize = 192;
    pub(crate) const SIZE: usize = 256;
    pub(crate) const RSSIZE: usize = 264;
    pub(crate) const TSIZE: usize = 280;
    pub(crate) const DSIZE: usize = 288;
    pub(crate) const SSIZE: usize = 296;
    pub(crate) const START: usize = 336;
    pub(crate) const FLAG: usize = 368;
    pub(crate) const STAT: usize = 388;
    pub(crate) const NICE: usize = 389;
    pub(crate) const COMM: usize = 447;
    pub(crate) const COMM_LEN: usize = 20;
    pub(crate) const TDEV: usize = 560;
    pub(crate) const ONCPU: usize = 568;
    pub(crate) const LASTCPU: usize = 572;
    pub(crate) const NUMTHREADS: usize = 596;
    pub(crate) const TID: usize = 600;
    pub(crate) const RUSAGE: usize = 608;
    pub(crate) const RUSAGE_CH: usize = 752;
    // In `struct rusage`.
    pub(crate) const RU_UTIME: usize = 0;
    pub(crate) const RU_STIME: usize = 16;
    pub(crate) const RU_MINFLT: usize = 64;
    pub(crate) const RU_MAJFLT: usize = 72;
    pub(crate) const RU_INBLOCK: usize = 88;
    pub(crate) const RU_OUBLOCK: usize = 96;
    pub(crate) const RU_NVCSW: usize = 128;
    pub(crate) const RU_NIVCSW: usize = 136;
}

/// The fields psutil takes from one `kinfo_proc`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Kinfo {
    pub(crate) pid: i32,
    pub(crate) ppid: i32,
    pub(crate) comm: Vec<u8>,
    pub(crate) stat: i8,
    pub(crate) nice: i8,
    pub(crate) flag: i64,
    /// `ki_start`, seconds since the epoch.
    pub(crate) start: f64,
    /// real, effective, saved uid.
    pub(crate) uids: [u32; 3],
    /// real, effective (`ki_groups[0]`), saved gid (`ki_svgid`: psutil 7.2.2 reports the
    /// saved uid here, gh-2905).
    pub(crate) gids: [u32; 3],
    /// vms (bytes), rss, text, data, stack (pages).
    pub(crate) size: u64,
    pub(crate) rssize: i64,
    pub(crate) tsize: i64,
    pub(crate) dsize: i64,
    pub(crate) ssize: i64,
    pub(crate) tdev: u64,
    pub(crate) oncpu: i32,
    pub(crate) lastcpu: i32,
    pub(crate) numthreads: i32,
    pub(crate) tid: i32,
    /// user, system, children user, children system (seconds).
    pub(crate) times: [f64; 4],
    /// `ru_inblock`, `ru_oublock`, `ru_nvcsw`, `ru_nivcsw`.
    pub(crate) rusage_counts: [i64; 4],
    /// `ru_minflt`, `ru_majflt`.
    pub(crate) faults: [i64; 2],
}

/// A FreeBSD `timeval` (`tv_sec`, `tv_usec` both 64-bit) in seconds.
fn timeval(buf: &[u8], off: usize) -> Option<f64> {
    Some(i64_at(buf, off)? as f64 + i64_at(buf, off + 8)? as f64 / 1e6)
}

/// Decodes one `kinfo_proc`, checking `ki_structsize` (a kernel whose struct differs from
/// the one these offsets describe is refused rather than misread).
pub(crate) fn parse_kinfo(buf: &[u8]) -> Result<Kinfo, DecodeError> {
    const SHORT: DecodeError = DecodeError("kinfo_proc shorter than 1088 bytes");
    if buf.len() < KINFO_PROC_SIZE {
        return Err(SHORT);
    }
    if i32_at(buf, kp::STRUCTSIZE) != Some(KINFO_PROC_SIZE as i32) {
        return Err(DecodeError("kinfo_proc ki_structsize is not 1088"));
    }
    let u = |off| i32_at(buf, off).map(|v| v as u32).ok_or(SHORT);
    let i = |off| i32_at(buf, off).ok_or(SHORT);
    let q = |off| i64_at(buf, off).ok_or(SHORT);
    let t = |off| timeval(buf, off).ok_or(SHORT);
    Ok(Kinfo {
        pid: i(kp::PID)?,
        ppid: i(kp::PPID)?,
        comm: cstr_at(buf, kp::COMM, kp::COMM_LEN).ok_or(SHORT)?.to_vec(),
        stat: i8_at(buf, kp::STAT).ok_or(SHORT)?,
        nice: i8_at(buf, kp::NICE).ok_or(SHORT)?,
        flag: q(kp::FLAG)?,
        start: t(kp::START)?,
        uids: [u(kp::RUID)?, u(kp::UID)?, u(kp::SVUID)?],
        gids: [u(kp::RGID)?, u(kp::GROUPS0)?, u(kp::SVGID)?],
        size: u64_at(buf, kp::SIZE).ok_or(SHORT)?,
        rssize: q(kp::RSSIZE)?,
        tsize: q(kp::TSIZE)?,
        dsize: q(kp::DSIZE)?,
        ssize: q(kp::SSIZE)?,
        tdev: u64_at(buf, kp::TDEV).ok_or(SHORT)?,
        oncpu: i(kp::ONCPU)?,
        lastcpu: i(kp::LASTCPU)?,
        numthreads: i(kp::NUMTHREADS)?,
        tid: i(kp::TID)?,
        times: [
            t(kp::RUSAGE + kp::RU_UTIME)?,
            t(kp::RUSAGE + kp::RU_STIME)?,
            t(kp::RUSAGE_CH + kp::RU_UTIME)?,
            t(kp::RUSAGE_CH + kp::RU_STIME)?,
        ],
        rusage_counts: [
            q(kp::RUSAGE + kp::RU_INBLOCK)?,
            q(kp::RUSAGE + kp::RU_OUBLOCK)?,
            q(kp::RUSAGE + kp::RU_NVCSW)?,
            q(kp::RUSAGE + kp::RU_NIVCSW)?,
        ],
        faults: [q(kp::RUSAGE + kp::RU_MINFLT)?, q(kp::RUSAGE + kp::RU_MAJFLT)?],
    })
}

/// Every `kinfo_proc` of a `KERN_PROC_PROC` or `KERN_PROC_INC_THREAD` answer.
pub(crate) fn parse_kinfo_array(buf: &[u8]) -> Result<Vec<Kinfo>, DecodeError> {
    if buf.len() % KINFO_PROC_SIZE != 0 {
        return Err(DecodeError("KERN_PROC answer is not a whole number of kinfo_proc"));
    }
    buf.chunks_exact(KINFO_PROC_SIZE).map(parse_kinfo).collect()
}

/// A `ki_rusage` count as psutil's unsigned value (a negative `long` never appears in a
/// real record; it reads as 0, not as a huge count).
pub(crate) fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// psutil's `page_faults()`: (`ru_minflt`, `ru_majflt`).
pub(crate) fn page_faults(k: &Kinfo) -> (u64, u64) {
    (count(k.faults[0]), count(k.faults[1]))
}

/// psutil's `io_counters()` counts: (`ru_inblock`, `ru_oublock`), block reads and writes
/// of the file systems (FreeBSD keeps no byte counts per process).
pub(crate) fn io_counts(k: &Kinfo) -> (u64, u64) {
    (count(k.rusage_counts[0]), count(k.rusage_counts[1]))
}

const SRUN: i8 = 2;
const SZOMB: i8 = 5;

/// Whether `ki_stat` says zombie.
pub(crate) fn is_zombie_stat(stat: i8) -> bool {
    stat == SZOMB
}

/// psutil's FreeBSD status by `ki_stat`: 1 idle, 2 running, 3 sleeping, 4 stopped, 5
/// zombie, 6 waiting, 7 locked, else `?`.
pub(crate) fn status(stat: i8) -> ProcessStatus {
    match stat {
        1 => ProcessStatus::Idle,
        2 => ProcessStatus::Running,
        3 => ProcessStatus::Sleeping,
        4 => ProcessStatus::Stopped,
        5 => ProcessStatus::Zombie,
        6 => ProcessStatus::Waiting,
        7 => ProcessStatus::Locked,
        _ => ProcessStatus::Unknown,
    }
}

/// psutil's `cpu_num`: `ki_oncpu` while running on a CPU (not `NOCPU` = -1), else
/// `ki_lastcpu`.
pub(crate) fn cpu_num(k: &Kinfo) -> i32 {
    if k.stat == SRUN && k.oncpu != -1 {
        k.oncpu
    } else {
        k.lastcpu
    }
}

/// Walks packed variable-length records that each start with their own size (`i32` at
/// 0): stops at a zero size or one that overruns the buffer; a size too small for the
/// `min_len` bytes read from each record is an error.
fn walk_records(buf: &[u8], min_len: usize) -> Result<Vec<&[u8]>, DecodeError> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(size) = i32_at(buf, pos) {
        let Ok(size) = usize::try_from(size) else { break };
        if size == 0 || pos + size > buf.len() {
            break;
        }
        if size < min_len {
            return Err(DecodeError("record shorter than its fixed fields"));
        }
        out.push(&buf[pos..pos + size]);
        pos += size;
    }
    Ok(out)
}

/// `KF_TYPE_VNODE`, `KF_TYPE_SOCKET`, `KF_VTYPE_VREG`, `KF_FD_TYPE_CWD`.
pub(crate) const KF_TYPE_VNODE: i32 = 1;
pub(crate) const KF_TYPE_SOCKET: i32 = 2;
pub(crate) const KF_VTYPE_VREG: i32 = 1;
pub(crate) const KF_FD_TYPE_CWD: i32 = -1;

/// One `kinfo_file` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileRec {
    pub(crate) kind: i32,
    pub(crate) fd: i32,
    pub(crate) vnode_type: i32,
    pub(crate) sock_domain: i32,
    pub(crate) sock_type: i32,
    pub(crate) sock_protocol: i32,
    /// `kf_sa_local`, `kf_sa_peer` (128-byte `sockaddr_storage`).
    pub(crate) sa_local: Vec<u8>,
    pub(crate) sa_peer: Vec<u8>,
    pub(crate) path: OsString,
}

/// The `kinfo_file` records of a `KERN_PROC_FILEDESC` answer (each is cut after its
/// path's NUL and rounded up to 8 bytes, so the path may be shorter than 1024 bytes).
pub(crate) fn parse_files(buf: &[u8]) -> Result<Vec<FileRec>, DecodeError> {
    walk_records(buf, 368)?
        .into_iter()
        .map(|r| {
            let i = |off| i32_at(r, off).ok_or(DecodeError("kinfo_file field out of range"));
            let path_len = r.len().saturating_sub(368).min(1024);
            Ok(FileRec {
                kind: i(4)?,
                fd: i(8)?,
                vnode_type: i(32)?,
                sock_domain: i(36)?,
                sock_type: i(40)?,
                sock_protocol: i(44)?,
                sa_local: r[48..176].to_vec(),
                sa_peer: r[176..304].to_vec(),
                path: OsString::from_vec(cstr_at(r, 368, path_len).unwrap_or_default().to_vec()),
            })
        })
        .collect()
}

/// One `kinfo_vmentry` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VmEntry {
    pub(crate) kind: i32,
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(crate) resident: i32,
    pub(crate) private_resident: i32,
    pub(crate) protection: i32,
    pub(crate) ref_count: i32,
    pub(crate) shadow_count: i32,
    pub(crate) path: OsString,
}

/// The `kinfo_vmentry` records of a `KERN_PROC_VMMAP` answer.
pub(crate) fn parse_vmentries(buf: &[u8]) -> Result<Vec<VmEntry>, DecodeError> {
    walk_records(buf, 136)?
        .into_iter()
        .map(|r| {
            let i = |off| i32_at(r, off).ok_or(DecodeError("kinfo_vmentry field out of range"));
            let q = |off| u64_at(r, off).ok_or(DecodeError("kinfo_vmentry field out of range"));
            let path_len = r.len().saturating_sub(136).min(1024);
            Ok(VmEntry {
                kind: i(4)?,
                start: q(8)?,
                end: q(16)?,
                resident: i(48)?,
                private_resident: i(52)?,
                protection: i(56)?,
                ref_count: i(60)?,
                shadow_count: i(64)?,
                path: OsString::from_vec(cstr_at(r, 136, path_len).unwrap_or_default().to_vec()),
            })
        })
        .collect()
}

/// psutil's `memory_maps` address column: `%#*jx-%#*jx` with spaces removed, i.e.
/// `0x<hex>-0x<hex>`, and a zero printed as `0` (C's `#` flag adds no prefix to zero).
pub(crate) fn vmmap_addr(start: u64, end: u64) -> String {
    let hex = |v: u64| if v == 0 { "0".to_string() } else { format!("{v:#x}") };
    format!("{}-{}", hex(start), hex(end))
}

/// `r`/`w`/`x` or `-` from `KVME_PROT_READ 1`, `WRITE 2`, `EXEC 4`.
pub(crate) fn vmmap_perms(prot: i32) -> String {
    [(1, 'r'), (2, 'w'), (4, 'x')].iter().map(|&(b, c)| if prot & b != 0 { c } else { '-' }).collect()
}

/// `KVME_TYPE_*` (`<sys/user.h>`) with psutil's bracketed names; `layout.rs` checks the
/// numbers against libc.
pub(crate) const KVME_TYPE_NAMES: [(i32, &str); 9] = [
    (0, "[none]"),
    (1, "[default]"),
    (2, "[vnode]"),
    (3, "[swap]"),
    (4, "[device]"),
    (5, "[phys]"),
    (6, "[dead]"),
    (7, "[sg]"),
    (255, "[unknown]"),
];

/// The path column: the entry's path, or its type in brackets when it has none (`[?]`
/// for a type psutil does not name, e.g. `KVME_TYPE_MGTDEVICE`).
pub(crate) fn vmmap_path(kind: i32, path: &OsString) -> OsString {
    if !path.is_empty() {
        return path.clone();
    }
    let name = KVME_TYPE_NAMES.iter().find(|(k, _)| *k == kind).map_or("[?]", |(_, n)| n);
    OsString::from(name)
}

/// One psutil `memory_maps` row of a `kinfo_vmentry`; rss and private in bytes (psutil
/// 7.2.2 reports pages, its development branch bytes, gh-2746).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MapRow {
    pub(crate) addr: String,
    pub(crate) perms: String,
    pub(crate) path: OsString,
    pub(crate) rss: u64,
    pub(crate) private: u64,
    pub(crate) ref_count: u64,
    pub(crate) shadow_count: u64,
}

/// The row of one entry, `page` bytes per page; negative counts read as 0.
pub(crate) fn map_row(e: &VmEntry, page: u64) -> MapRow {
    let pages = |n: i32| u64::try_from(n).unwrap_or(0).saturating_mul(page);
    MapRow {
        addr: vmmap_addr(e.start, e.end),
        perms: vmmap_perms(e.protection),
        path: vmmap_path(e.kind, &e.path),
        rss: pages(e.resident),
        private: pages(e.private_resident),
        ref_count: u64::try_from(e.ref_count).unwrap_or(0),
        shadow_count: u64::try_from(e.shadow_count).unwrap_or(0),
    }
}

/// `sizeof(struct devstat)`.
pub(crate) const DEVSTAT_SIZE: usize = 288;

/// `kern.devstat.all` (an `i64` generation, then `devstat` records) to psutil's rows:
/// name `device_name` + `unit_number`, then read_count, write_count, read_bytes,
/// write_bytes, read_time, write_time, busy_time (ms).
pub(crate) fn parse_devstat(buf: &[u8]) -> Result<Vec<(String, [u64; 7])>, DecodeError> {
    let body = buf.get(8..).ok_or(DecodeError("kern.devstat.all shorter than its generation"))?;
    if body.len() % DEVSTAT_SIZE != 0 {
        return Err(DecodeError("kern.devstat.all is not a whole number of devstat records"));
    }
    const READ: usize = 1;
    const WRITE: usize = 2;
    let mut out = Vec::with_capacity(body.len() / DEVSTAT_SIZE);
    for rec in body.chunks_exact(DEVSTAT_SIZE) {
        let short = DecodeError("devstat field out of range");
        let name = cstr_at(rec, 44, 16).ok_or(short)?;
        let unit = i32_at(rec, 60).ok_or(short)?;
        let q = |off: usize| u64_at(rec, off).ok_or(short);
        let ms = |off: usize| -> Result<u64, DecodeError> {
            Ok(bintime_to_ms(i64_at(rec, off).ok_or(short)?, q(off + 8)?))
        };
        out.push((
            format!("{}{unit}", String::from_utf8_lossy(name)),
            [
                q(96 + 8 * READ)?,
                q(96 + 8 * WRITE)?,
                q(64 + 8 * READ)?,
                q(64 + 8 * WRITE)?,
                ms(128 + 16 * READ)?,
                ms(128 + 16 * WRITE)?,
                ms(192)?,
            ],
        ));
    }
    Ok(out)
}

/// `kern.cp_time` / one CPU of `kern.cp_times` (`CP_USER 0, CP_NICE 1, CP_SYS 2, CP_INTR
/// 3, CP_IDLE 4` ticks) to (user, nice, system, idle, irq) seconds at `hz` (`stathz` of
/// `kern.clockrate`; psutil 7.2.2 divides by a fixed 128).
pub(crate) fn cpu_times_of(ticks: [i64; 5], hz: u64) -> [f64; 5] {
    let s = |t: i64| ticks_to_secs(u64::try_from(t).unwrap_or(0), hz);
    [s(ticks[0]), s(ticks[1]), s(ticks[2]), s(ticks[4]), s(ticks[3])]
}

/// Splits a `long[]` buffer into CPUs of 5 ticks; a trailing partial CPU is an error.
pub(crate) fn cp_times(buf: &[u8]) -> Result<Vec<[i64; 5]>, DecodeError> {
    if buf.len() % 40 != 0 {
        return Err(DecodeError("kern.cp_times is not a whole number of CPUs"));
    }
    Ok(buf.chunks_exact(40).map(|c| std::array::from_fn(|i| i64_at(c, i * 8).unwrap_or(0))).collect())
}

/// `dev.cpu.N.freq_levels` (`"2401/35000 2400/35000 1800/24500"`, highest first) to
/// (min, max) MHz: the last and the first pair's frequency. `None` when unparsable.
pub(crate) fn freq_levels(text: &str) -> Option<(u64, u64)> {
    let freqs: Vec<u64> = text
        .split_ascii_whitespace()
        .map(|pair| pair.split('/').next().and_then(|f| f.parse().ok()))
        .collect::<Option<_>>()?;
    Some((*freqs.last()?, *freqs.first()?))
}

/// `kern.sched.topology_spec` to the number of physical cores psutil counts: the `<cpu>`
/// elements at `group/children/group/cpu` below the root (the XML is cut after its last
/// `</groups>`). `None` when there are none (psutil's 7.2.2 answer on hosts without SMT,
/// gh-2782; the backend asks `kern.smp.cores` first).
pub(crate) fn topology_cores(xml: &str) -> Option<usize> {
    let end = xml.rfind("</groups>")? + "</groups>".len();
    let xml = &xml[..end];
    let mut path: Vec<&str> = Vec::new();
    let mut count = 0;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let gt = rest.find('>')?;
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if path.pop() != Some(name.trim()) {
                return None;
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let name = tag.trim_end_matches('/').split_ascii_whitespace().next()?;
        path.push(name);
        if path.len() == 5 && path[1..] == ["group", "children", "group", "cpu"] {
            count += 1;
        }
        if self_closing {
            path.pop();
        }
    }
    (count > 0).then_some(count)
}

/// psutil's FreeBSD `virtual_memory`: (total, available, used, free, active, inactive,
/// buffers, cached, shared, wired) in bytes, from page counts and `vfs.bufspace`:
/// available = inactive + cached + free; used = active + wired + cached.
#[allow(clippy::too_many_arguments)]
pub(crate) fn virtual_memory(
    total: u64,
    active: u64,
    inactive: u64,
    wired: u64,
    cached: u64,
    free: u64,
    bufspace: u64,
    shared_pages: u64,
    page: u64,
) -> [u64; 10] {
    let b = |p: u64| p.saturating_mul(page);
    let (active, inactive, wired, cached, free) = (b(active), b(inactive), b(wired), b(cached), b(free));
    let available = inactive.saturating_add(cached).saturating_add(free);
    let used = active.saturating_add(wired).saturating_add(cached);
    [total, available, used, free, active, inactive, bufspace, cached, b(shared_pages), wired]
}

/// The FreeBSD `RLIMIT_*` number of a resource given by its Linux number (what the
/// portable `Rlimit` enum carries): cpu, fsize, data, stack, core, rss keep 0-5; nproc 7,
/// nofile 8, memlock 6, as 10 (`RLIMIT_VMEM`). Linux-only resources have none.
pub(crate) fn rlimit_resource(linux: i32) -> Option<i32> {
    match linux {
        0..=5 => Some(linux),
        6 => Some(7),
        7 => Some(8),
        8 => Some(6),
        9 => Some(10),
        _ => None,
    }
}

/// A FreeBSD `rlim_t` as the portable value: `RLIM_INFINITY` (`i64::MAX`) is -1.
pub(crate) fn rlim_from_kernel(v: i64) -> i64 {
    if v == i64::MAX {
        -1
    } else {
        v
    }
}

/// The portable value as a FreeBSD `rlim_t`: any negative value is `RLIM_INFINITY`.
pub(crate) fn rlim_to_kernel(v: i64) -> i64 {
    if v < 0 {
        i64::MAX
    } else {
        v
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sys::unix::bsd::bytes::build::*;

    pub(crate) fn kinfo(pid: i32, ppid: i32, comm: &[u8], stat: i8) -> Vec<u8> {
        let mut b = vec![0u8; KINFO_PROC_SIZE];
        put_i32(&mut b, kp::STRUCTSIZE, KINFO_PROC_SIZE as i32);
        put_i32(&mut b, kp::PID, pid);
        put_i32(&mut b, kp::PPID, ppid);
        put(&mut b, kp::COMM, comm);
        b[kp::STAT] = stat as u8;
        b[kp::NICE] = (-5i8) as u8;
        put_u32(&mut b, kp::RUID, 1001);
        put_u32(&mut b, kp::UID, 0);
        put_u32(&mut b, kp::SVUID, 1002);
        put_u32(&mut b, kp::RGID, 20);
        put_u32(&mut b, kp::GROUPS0, 0);
        put_u32(&mut b, kp::SVGID, 21);
        put_u64(&mut b, kp::SIZE, 100 << 20);
        put_i64(&mut b, kp::RSSIZE, 300);
        put_i64(&mut b, kp::TSIZE, 10);
        put_i64(&mut b, kp::DSIZE, 20);
        put_i64(&mut b, kp::SSIZE, 30);
        put_i64(&mut b, kp::START, 1_700_000_000);
        put_i64(&mut b, kp::START + 8, 250_000);
        put_u64(&mut b, kp::TDEV, u64::MAX);
        put_i32(&mut b, kp::ONCPU, 3);
        put_i32(&mut b, kp::LASTCPU, 1);
        put_i32(&mut b, kp::NUMTHREADS, 4);
        put_i32(&mut b, kp::TID, 100_123);
        put_i64(&mut b, kp::RUSAGE + kp::RU_UTIME, 2);
        put_i64(&mut b, kp::RUSAGE + kp::RU_UTIME + 8, 500_000);
        put_i64(&mut b, kp::RUSAGE + kp::RU_STIME, 1);
        put_i64(&mut b, kp::RUSAGE_CH + kp::RU_UTIME, 7);
        put_i64(&mut b, kp::RUSAGE_CH + kp::RU_STIME + 8, 1);
        put_i64(&mut b, kp::RUSAGE + kp::RU_INBLOCK, 11);
        put_i64(&mut b, kp::RUSAGE + kp::RU_OUBLOCK, 12);
        put_i64(&mut b, kp::RUSAGE + kp::RU_NVCSW, 13);
        put_i64(&mut b, kp::RUSAGE + kp::RU_NIVCSW, 14);
        put_i64(&mut b, kp::RUSAGE + kp::RU_MINFLT, 15);
        put_i64(&mut b, kp::RUSAGE + kp::RU_MAJFLT, 16);
        b
    }

    #[test]
    fn kinfo_fields() {
        let k = parse_kinfo(&kinfo(42, 1, b"sshd", 3)).unwrap();
        assert_eq!((k.pid, k.ppid, k.stat, k.nice), (42, 1, 3, -5));
        assert_eq!(k.comm, b"sshd");
        assert_eq!(k.uids, [1001, 0, 1002]);
        assert_eq!(k.gids, [20, 0, 21], "the saved gid is ki_svgid, not ki_svuid");
        assert_eq!((k.size, k.rssize, k.tsize, k.dsize, k.ssize), (100 << 20, 300, 10, 20, 30));
        assert_eq!(k.start, 1_700_000_000.25);
        assert_eq!(k.tdev, u64::MAX);
        assert_eq!((k.numthreads, k.tid), (4, 100_123));
        assert_eq!(k.times, [2.5, 1.0, 7.0, 0.000001]);
        assert_eq!(k.rusage_counts, [11, 12, 13, 14]);
        assert_eq!(k.faults, [15, 16]);
        assert!(parse_kinfo(&kinfo(1, 0, b"x", 2)[..1087]).is_err());
        let mut other_abi = kinfo(1, 0, b"x", 2);
        put_i32(&mut other_abi, 0, 1096);
        assert!(parse_kinfo(&other_abi).is_err(), "ki_structsize is checked");
        let mut long = kinfo(1, 0, b"0123456789abcdefghijKLM", 2);
        long[kp::COMM + 19] = 0;
        assert_eq!(parse_kinfo(&long).unwrap().comm, b"0123456789abcdefghi");
    }

    #[test]
    fn rusage_counts_as_psutil_reports_them() {
        let mut b = kinfo(42, 1, b"sh", 3);
        let k = parse_kinfo(&b).unwrap();
        assert_eq!(page_faults(&k), (15, 16));
        assert_eq!(io_counts(&k), (11, 12));
        put_i64(&mut b, kp::RUSAGE + kp::RU_MINFLT, -1);
        put_i64(&mut b, kp::RUSAGE + kp::RU_OUBLOCK, i64::MIN);
        put_i64(&mut b, kp::RUSAGE + kp::RU_INBLOCK, i64::MAX);
        let k = parse_kinfo(&b).unwrap();
        assert_eq!(page_faults(&k), (0, 16), "a negative count is 0");
        assert_eq!(io_counts(&k), (i64::MAX as u64, 0));
        assert_eq!(count(7), 7);
    }

    #[test]
    fn kinfo_arrays_and_cpu_num() {
        let mut all = kinfo(0, 0, b"kernel", 3);
        all.extend(kinfo(1, 0, b"init", 2));
        let ks = parse_kinfo_array(&all).unwrap();
        assert_eq!(ks.iter().map(|k| k.pid).collect::<Vec<_>>(), [0, 1]);
        assert!(parse_kinfo_array(&all[..1500]).is_err());
        assert_eq!(cpu_num(&ks[1]), 3, "running: ki_oncpu");
        assert_eq!(cpu_num(&ks[0]), 1, "sleeping: ki_lastcpu");
        let mut nocpu = kinfo(2, 0, b"x", 2);
        put_i32(&mut nocpu, kp::ONCPU, -1);
        assert_eq!(cpu_num(&parse_kinfo(&nocpu).unwrap()), 1);
    }

    #[test]
    fn status_table() {
        use ProcessStatus::*;
        let want = [Unknown, Idle, Running, Sleeping, Stopped, Zombie, Waiting, Locked, Unknown];
        for (stat, w) in want.iter().enumerate() {
            assert_eq!(status(stat as i8), *w);
        }
        assert_eq!(status(-1), Unknown);
        assert!(is_zombie_stat(5) && !is_zombie_stat(4));
    }

    fn file_rec(kind: i32, fd: i32, vtype: i32, path: &[u8]) -> Vec<u8> {
        let len = (368 + path.len() + 1).next_multiple_of(8);
        let mut r = vec![0u8; len];
        put_i32(&mut r, 0, len as i32);
        put_i32(&mut r, 4, kind);
        put_i32(&mut r, 8, fd);
        put_i32(&mut r, 32, vtype);
        put(&mut r, 368, path);
        r
    }

    #[test]
    fn kinfo_file_records() {
        let mut buf = file_rec(KF_TYPE_VNODE, KF_FD_TYPE_CWD, 2, b"/home/u");
        buf.extend(file_rec(KF_TYPE_VNODE, 3, KF_VTYPE_VREG, b"/var/log/messages"));
        let mut sock = file_rec(KF_TYPE_SOCKET, 4, 0, b"");
        put_i32(&mut sock, 36, 2);
        put_i32(&mut sock, 40, 1);
        put_i32(&mut sock, 44, 6);
        sock[48] = 16;
        buf.extend(sock);
        let files = parse_files(&buf).unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!((files[0].fd, files[0].path.as_os_str()), (-1, "/home/u".as_ref()));
        assert_eq!((files[1].kind, files[1].vnode_type), (KF_TYPE_VNODE, KF_VTYPE_VREG));
        assert_eq!((files[2].sock_domain, files[2].sock_type, files[2].sock_protocol), (2, 1, 6));
        assert_eq!(files[2].sa_local[0], 16);
        assert!(files[2].path.is_empty());
        // A record overrunning the buffer ends the walk; a zero size too.
        assert_eq!(parse_files(&buf[..buf.len() - 1]).unwrap().len(), 2);
        let mut zero = file_rec(KF_TYPE_VNODE, 3, 1, b"/a");
        zero.extend([0u8; 8]);
        zero.extend(file_rec(KF_TYPE_VNODE, 4, 1, b"/b"));
        assert_eq!(parse_files(&zero).unwrap().len(), 1);
        // A size below the fixed fields is an error.
        let mut tiny = vec![0u8; 16];
        put_i32(&mut tiny, 0, 16);
        assert!(parse_files(&tiny).is_err());
        assert!(parse_files(&[]).unwrap().is_empty());
    }

    fn vm_rec(kind: i32, start: u64, end: u64, prot: i32, path: &[u8]) -> Vec<u8> {
        let len = (136 + path.len() + 1).next_multiple_of(8);
        let mut r = vec![0u8; len];
        put_i32(&mut r, 0, len as i32);
        put_i32(&mut r, 4, kind);
        put_u64(&mut r, 8, start);
        put_u64(&mut r, 16, end);
        put_i32(&mut r, 48, 5);
        put_i32(&mut r, 52, 2);
        put_i32(&mut r, 56, prot);
        put_i32(&mut r, 60, 3);
        put_i32(&mut r, 64, 1);
        put(&mut r, 136, path);
        r
    }

    #[test]
    fn vmentries_and_rows() {
        let mut buf = vm_rec(2, 0x40_0000, 0x41_0000, 5, b"/bin/sh");
        buf.extend(vm_rec(1, 0x8000_0000, 0x8002_0000, 3, b""));
        let v = parse_vmentries(&buf).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].resident, v[0].private_resident, v[0].ref_count, v[0].shadow_count), (5, 2, 3, 1));
        assert_eq!(vmmap_addr(v[0].start, v[0].end), "0x400000-0x410000");
        assert_eq!(vmmap_addr(0, 0x1000), "0-0x1000");
        assert_eq!(vmmap_perms(v[0].protection), "r-x");
        assert_eq!(vmmap_perms(v[1].protection), "rw-");
        assert_eq!(vmmap_perms(0), "---");
        assert_eq!(vmmap_path(v[0].kind, &v[0].path), "/bin/sh");
        assert_eq!(vmmap_path(v[1].kind, &v[1].path), "[default]");
        assert_eq!(vmmap_path(255, &OsString::new()), "[unknown]", "KVME_TYPE_UNKNOWN");
        assert_eq!(vmmap_path(8, &OsString::new()), "[?]", "KVME_TYPE_MGTDEVICE: unnamed");
        assert_eq!(vmmap_path(-1, &OsString::new()), "[?]");
        assert_eq!(vmmap_path(42, &OsString::new()), "[?]");
        assert!(parse_vmentries(&buf[..100]).unwrap().is_empty());
        let row = map_row(&v[0], 4096);
        assert_eq!(
            row,
            MapRow {
                addr: "0x400000-0x410000".into(),
                perms: "r-x".into(),
                path: "/bin/sh".into(),
                rss: 5 * 4096,
                private: 2 * 4096,
                ref_count: 3,
                shadow_count: 1,
            }
        );
        assert_eq!(map_row(&v[1], 16384).path, "[default]");
        let odd = VmEntry { resident: -1, ref_count: -2, shadow_count: i32::MAX, ..v[1].clone() };
        let row = map_row(&odd, 4096);
        assert_eq!((row.rss, row.ref_count, row.shadow_count), (0, 0, i32::MAX as u64));
        let huge = VmEntry { resident: i32::MAX, ..v[1].clone() };
        assert_eq!(map_row(&huge, u64::MAX).rss, u64::MAX, "saturates");
    }

    fn devstat(name: &[u8], unit: i32, k: u64) -> Vec<u8> {
        let mut r = vec![0u8; DEVSTAT_SIZE];
        put(&mut r, 44, name);
        put_i32(&mut r, 60, unit);
        put_u64(&mut r, 64 + 8, 512 * k);
        put_u64(&mut r, 64 + 16, 1024 * k);
        put_u64(&mut r, 96 + 8, k);
        put_u64(&mut r, 96 + 16, 2 * k);
        put_i64(&mut r, 128 + 16, 1);
        put_u64(&mut r, 128 + 16 + 8, 1 << 63);
        put_i64(&mut r, 128 + 32, 2);
        put_i64(&mut r, 192, 3);
        r
    }

    #[test]
    fn devstat_records() {
        let mut buf = 7i64.to_ne_bytes().to_vec();
        buf.extend(devstat(b"ada", 0, 10));
        buf.extend(devstat(b"cd", 1, 0));
        let rows = parse_devstat(&buf).unwrap();
        assert_eq!(rows[0], ("ada0".to_string(), [10, 20, 5120, 10240, 1500, 2000, 3000]));
        assert_eq!(rows[1].0, "cd1");
        assert!(parse_devstat(&buf[..100]).is_err());
        assert!(parse_devstat(&[1, 2]).is_err());
        assert!(parse_devstat(&buf[..8]).unwrap().is_empty());
    }

    #[test]
    fn cpu_ticks() {
        assert_eq!(cpu_times_of([128, 256, 384, 64, 512], 128), [1.0, 2.0, 3.0, 4.0, 0.5]);
        assert_eq!(cpu_times_of([127, 0, 0, 0, 0], 127)[0], 1.0);
        assert_eq!(cpu_times_of([-5, 0, 0, 0, 0], 128)[0], 0.0);
        let mut buf = Vec::new();
        for v in 1..=10i64 {
            buf.extend(v.to_ne_bytes());
        }
        assert_eq!(cp_times(&buf).unwrap(), vec![[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
        assert!(cp_times(&buf[..48]).is_err());
    }

    #[test]
    fn freq_level_strings() {
        assert_eq!(freq_levels("2401/35000 2400/35000 1800/24500 800/9000"), Some((800, 2401)));
        assert_eq!(freq_levels("1000/-1"), Some((1000, 1000)));
        assert_eq!(freq_levels(""), None);
        assert_eq!(freq_levels("abc/1"), None);
    }

    #[test]
    fn topology() {
        let xml = r#"<groups>
 <group level="1" cache-level="0">
  <cpu count="4" mask="f,0,0,0">0, 1, 2, 3</cpu>
  <children>
   <group level="2" cache-level="2">
    <cpu count="2" mask="3,0,0,0">0, 1</cpu>
    <flags><flag name="THREAD">THREAD group</flag><flag name="SMT">SMT group</flag></flags>
   </group>
   <group level="2" cache-level="2">
    <cpu count="2" mask="c,0,0,0">2, 3</cpu>
   </group>
  </children>
 </group>
</groups>
 padding"#;
        assert_eq!(topology_cores(xml), Some(2));
        let flat = "<groups><group level=\"1\"><cpu count=\"2\">0, 1</cpu></group></groups>";
        assert_eq!(topology_cores(flat), None, "no SMT level: psutil's None");
        assert_eq!(topology_cores("<groups><group></groups>"), None, "mismatched tags");
        assert_eq!(topology_cores(""), None);
        assert_eq!(
            topology_cores("<groups><group><children><group><cpu/></group></children></group></groups>"),
            Some(1)
        );
    }

    #[test]
    fn rlimit_numbers_and_infinity() {
        // (Linux number, FreeBSD number) for every resource both have.
        let both = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 7), (7, 8), (8, 6), (9, 10)];
        for (linux, bsd) in both {
            assert_eq!(rlimit_resource(linux), Some(bsd));
        }
        for linux_only in [10, 11, 12, 13, 14, 15, -1, 99] {
            assert_eq!(rlimit_resource(linux_only), None);
        }
        assert_eq!(rlim_from_kernel(i64::MAX), -1);
        assert_eq!(rlim_from_kernel(1024), 1024);
        assert_eq!(rlim_to_kernel(-1), i64::MAX);
        assert_eq!(rlim_to_kernel(-5), i64::MAX);
        assert_eq!(rlim_to_kernel(0), 0);
    }

    #[test]
    fn virtual_memory_formula() {
        let v = virtual_memory(8 << 30, 100, 200, 50, 10, 300, 1 << 20, 7, 4096);
        let p = 4096;
        assert_eq!(v, [8 << 30, 510 * p, 160 * p, 300 * p, 100 * p, 200 * p, 1 << 20, 10 * p, 7 * p, 50 * p]);
    }
}
