//! Entry points for the fuzz targets of `fuzz/` (cargo feature `fuzzing`, reached as
//! `psutil_rs::__fuzz`). Not part of the API: thin wrappers that hand the backend's pure
//! parsers of kernel data to the fuzzer and return what they parsed in public types or
//! plain views, so that a target can check the value, not only that nothing panicked.
//! The view structs' fields are the parsed fields of the same names.
#![allow(missing_docs)]

use std::path::Path;

use super::connections::netlink::{self, Sink, Step};
use super::connections::procnet::{self, InetRow};
use super::{cpu, disk, fd_links, memory, net, process, process_ctl, sensors};
use crate::cpu::{CpuStats, CpuTimes};
use crate::memory::{SwapMemory, VirtualMemory};
use crate::net::{ConnStatus, SocketFamily};
use crate::process::{group_maps, MemoryMap};
use crate::sensors::Battery;
use crate::{Environ, Pid, Result};

// ------------------------------------------------------------------ /proc/<pid>/*

/// The fields of `/proc/<pid>/stat` the library uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PidStat {
    pub comm: Vec<u8>,
    pub state: u8,
    pub ppid: Pid,
    pub tty_nr: i64,
    pub flags: u64,
    pub minflt: u64,
    pub majflt: u64,
    pub utime: u64,
    pub stime: u64,
    pub cutime: i64,
    pub cstime: i64,
    pub starttime: u64,
    pub processor: i64,
    pub blkio_ticks: u64,
    pub live_kernel_thread: bool,
}

/// `/proc/<pid>/stat` (the full parse of a process's stat).
pub fn pid_stat(bytes: &[u8]) -> Result<PidStat> {
    let s = process::parse::parse_stat(bytes)?;
    Ok(PidStat {
        comm: s.comm.as_bytes().to_vec(),
        state: s.state,
        ppid: s.ppid,
        tty_nr: s.tty_nr,
        flags: s.flags,
        minflt: s.minflt,
        majflt: s.majflt,
        utime: s.utime,
        stime: s.stime,
        cutime: s.cutime,
        cstime: s.cstime,
        starttime: s.starttime,
        processor: s.processor,
        blkio_ticks: s.blkio_ticks,
        live_kernel_thread: s.is_live_kernel_thread(),
    })
}

/// The comm bytes and the rest of a stat line.
pub fn pid_stat_split(bytes: &[u8]) -> Result<(&[u8], &[u8])> {
    process::parse::split_stat(bytes)
}

/// The state letter and ppid of a stat line (the zombie check's short parse).
pub fn pid_stat_state(bytes: &[u8]) -> Option<(u8, Pid)> {
    process::parse::parse_stat_state(bytes)
}

/// utime and stime of `/proc/<pid>/task/<tid>/stat`.
pub fn task_stat(bytes: &[u8]) -> Result<(u64, u64)> {
    process::threads::parse_task_stat(bytes)
}

/// The fields of `/proc/<pid>/status` the library uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PidStatus {
    pub uids: Option<[u32; 3]>,
    pub gids: Option<[u32; 3]>,
    pub threads: Option<u64>,
    pub tgid: Option<Pid>,
    pub voluntary_ctxt_switches: Option<u64>,
    pub nonvoluntary_ctxt_switches: Option<u64>,
    pub cpus_allowed_first_range: Option<(u32, u32)>,
}

/// `/proc/<pid>/status`.
pub fn pid_status(bytes: &[u8]) -> Result<PidStatus> {
    let s = process::parse::parse_status(bytes)?;
    Ok(PidStatus {
        uids: s.uids,
        gids: s.gids,
        threads: s.threads,
        tgid: s.tgid,
        voluntary_ctxt_switches: s.voluntary_ctxt_switches,
        nonvoluntary_ctxt_switches: s.nonvoluntary_ctxt_switches,
        cpus_allowed_first_range: s.cpus_allowed_first_range,
    })
}

/// The `Tgid:` of the head of a status file.
pub fn pid_status_tgid(head: &[u8]) -> Option<Pid> {
    process::parse::parse_status_tgid(head)
}

/// psutil's eligible-CPU range of a status file (`Cpus_allowed_list:\tN-M`).
pub fn pid_status_cpus_allowed(bytes: &[u8]) -> Option<(usize, usize)> {
    process_ctl::parse_cpus_allowed_range(bytes)
}

/// `/proc/<pid>/statm`, in pages.
pub fn pid_statm(bytes: &[u8]) -> Result<[u64; 7]> {
    process::parse::parse_statm(bytes)
}

/// `/proc/<pid>/cmdline`, byte-exact arguments.
pub fn pid_cmdline(bytes: &[u8]) -> Vec<Vec<u8>> {
    process::parse::parse_cmdline_with(bytes, <[u8]>::to_vec)
}

/// The first argument of a cmdline, without splitting the rest.
pub fn pid_cmdline_first(bytes: &[u8]) -> Option<&[u8]> {
    process::parse::cmdline_first(bytes)
}

/// The characters Python decodes from a file name, and whether `bytes` starts with
/// `prefix` in that decoding.
pub fn fs_decoded(bytes: &[u8], prefix: &[u8]) -> (usize, bool) {
    (process::parse::fs_char_count(bytes), process::parse::fs_starts_with(bytes, prefix))
}

/// `/proc/<pid>/environ`.
pub fn pid_environ(bytes: &[u8]) -> Result<Environ> {
    Environ::from_block(bytes, &"environ")
}

/// uss, pss and swap (bytes) of `/proc/<pid>/smaps_rollup`.
pub fn pid_smaps_rollup(bytes: &[u8]) -> Result<[u64; 3]> {
    process::smaps::parse_smaps_rollup(bytes).map(|t| [t.uss, t.pss, t.swap])
}

/// uss, pss and swap (bytes) summed from `/proc/<pid>/smaps` (no rollup file).
pub fn pid_smaps_totals(bytes: &[u8]) -> Result<[u64; 3]> {
    process::smaps::parse_smaps_totals(bytes).map(|t| [t.uss, t.pss, t.swap])
}

/// One mapping of `/proc/<pid>/smaps`: address, permissions, raw path, and rss, size,
/// pss, shared clean/dirty, private clean/dirty, referenced, anonymous, swap,
/// private_hugetlb (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmapsMapping {
    pub addr: String,
    pub perms: String,
    pub path: Vec<u8>,
    pub fields: [u64; 11],
}

/// `/proc/<pid>/smaps`, one entry per mapping.
pub fn pid_smaps(bytes: &[u8]) -> Result<Vec<SmapsMapping>> {
    let entries = process::smaps::parse_smaps(bytes)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let f = e.fields;
            SmapsMapping {
                addr: e.addr,
                perms: e.perms,
                path: e.path,
                fields: [
                    f.rss,
                    f.size,
                    f.pss,
                    f.shared_clean,
                    f.shared_dirty,
                    f.private_clean,
                    f.private_dirty,
                    f.referenced,
                    f.anonymous,
                    f.swap,
                    f.private_hugetlb,
                ],
            }
        })
        .collect())
}

/// `memory_maps()` rows (ungrouped) of a `/proc/<pid>/smaps`.
pub fn pid_memory_maps(bytes: &[u8]) -> Result<Vec<MemoryMap>> {
    process::smaps::parse_smaps(bytes)?.into_iter().map(process::smaps::SmapsEntry::into_map).collect()
}

/// `memory_maps(grouped=True)` rows of a `/proc/<pid>/smaps` by the one-pass grouping the
/// library uses, with the process totals (uss, pss, swap) of the same pass.
pub fn pid_memory_maps_grouped(bytes: &[u8]) -> Result<(Vec<MemoryMap>, Option<[u64; 3]>)> {
    let (maps, totals) = process::smaps::group_smaps(bytes, Path::new("smaps"))?;
    Ok((maps, totals.map(|t| [t.uss, t.pss, t.swap])))
}

/// psutil's grouping applied to rows.
pub fn group_memory_maps(maps: Vec<MemoryMap>) -> Result<Vec<MemoryMap>> {
    group_maps(maps)
}

/// syscr, syscw, read_bytes, write_bytes, rchar, wchar of `/proc/<pid>/io`.
pub fn pid_io(bytes: &[u8]) -> Result<[u64; 6]> {
    process::io_counters::parse_io(bytes, "io")
        .map(|r| [r.syscr, r.syscw, r.read_bytes, r.write_bytes, r.rchar, r.wchar])
}

/// The fast path of [`pid_io`] (no error text).
pub fn pid_io_fast(bytes: &[u8]) -> Option<[u64; 6]> {
    process::io_counters::parse_io_fields(bytes)
        .map(|r| [r.syscr, r.syscw, r.read_bytes, r.write_bytes, r.rchar, r.wchar])
}

/// pos and flags of `/proc/<pid>/fdinfo/<fd>`.
pub fn pid_fdinfo(bytes: &[u8]) -> Result<(u64, i32)> {
    process::fds::parse_fdinfo(bytes)
}

/// psutil's open mode of fdinfo flags.
pub fn fd_mode(flags: i32) -> Result<&'static str> {
    process::fds::flags_to_mode(flags)
}

/// The fd number of a `/proc/<pid>/fd` entry name.
pub fn fd_number(name: &[u8]) -> Option<i32> {
    fd_links::parse_fd(name)
}

/// An fd number written back as a directory entry name.
pub fn fd_name(fd: i32) -> Option<Vec<u8>> {
    let mut buf = [0u8; 12];
    fd_links::fd_name(fd, &mut buf).map(|c| c.to_bytes().to_vec())
}

/// The inode of a `socket:[N]` fd link target.
pub fn socket_inode(link: &[u8]) -> Option<u64> {
    super::connections::inodes::socket_inode(link)
}

/// A `readlink` target cleaned like psutil (cut at NUL, ` (deleted)` dropped when the
/// suffixed name does not exist by `exists`).
pub fn clean_link(raw: &[u8], exists: impl Fn(&[u8]) -> bool) -> &[u8] {
    process::parse::clean_link(raw, exists)
}

// ------------------------------------------------------------------ memory

/// The `/proc/meminfo` values the library uses, in bytes, in this order: MemTotal,
/// MemFree, MemAvailable, Buffers, Cached, SReclaimable, Shmem, MemShared, Active,
/// Inactive, Inact_dirty, Inact_clean, Inact_laundry, Slab, Active(file),
/// Inactive(file), SwapTotal, SwapFree.
pub fn meminfo(bytes: &[u8]) -> Result<[Option<u64>; 18]> {
    let m = memory::parse_meminfo(bytes)?;
    Ok([
        m.mem_total,
        m.mem_free,
        m.mem_available,
        m.buffers,
        m.cached,
        m.sreclaimable,
        m.shmem,
        m.mem_shared,
        m.active,
        m.inactive,
        m.inact_dirty,
        m.inact_clean,
        m.inact_laundry,
        m.slab,
        m.active_file,
        m.inactive_file,
        m.swap_total,
        m.swap_free,
    ])
}

/// `virtual_memory()` from a meminfo and the zoneinfo `low` sum (`None`: no zoneinfo).
pub fn virtual_memory(meminfo: &[u8], zone_low_pages: Option<u64>) -> Result<VirtualMemory> {
    let m = memory::parse_meminfo(meminfo)?;
    memory::build_virtual_memory(&m, 4096, || Ok(zone_low_pages))
}

/// `swap_memory()` from a meminfo and a vmstat; `sysinfo` stands for `sysinfo(2)`.
pub fn swap_memory(meminfo: &[u8], vmstat: &[u8], sysinfo: (u64, u64)) -> Result<SwapMemory> {
    let m = memory::parse_meminfo(meminfo)?;
    memory::build_swap_memory(&m, || sysinfo, memory::parse_vmstat_swap(vmstat))
}

/// The sum of the `low` watermarks (pages) of `/proc/zoneinfo`.
pub fn zoneinfo_low(bytes: &[u8]) -> Result<u64> {
    memory::parse_zoneinfo_low(bytes)
}

/// `pswpin`, `pswpout` of `/proc/vmstat`, in bytes.
pub fn vmstat_swap(bytes: &[u8]) -> Result<Option<(u64, u64)>> {
    memory::parse_vmstat_swap(bytes)
}

// ------------------------------------------------------------------ cpu

/// The system-wide times of `/proc/stat` at `ticks` per second.
pub fn stat_cpu_times(bytes: &[u8], ticks: f64) -> Result<CpuTimes> {
    cpu::parse_stat_total(bytes, ticks)
}

/// The per-CPU times of `/proc/stat`.
pub fn stat_cpu_times_percpu(bytes: &[u8], ticks: f64) -> Result<Vec<CpuTimes>> {
    cpu::parse_stat_percpu(bytes, ticks)
}

/// `cpu_stats()` of `/proc/stat`.
pub fn stat_cpu_stats(bytes: &[u8]) -> Result<CpuStats> {
    cpu::parse_stat_cpu_stats(bytes)
}

/// `btime` of `/proc/stat`.
pub fn stat_btime(bytes: &[u8]) -> Result<f64> {
    cpu::parse_stat_btime(bytes)
}

/// The `cpuN` lines of `/proc/stat`, counted by the CPU module and by the affinity code.
pub fn stat_cpu_counts(bytes: &[u8]) -> (usize, usize) {
    (cpu::count_stat_cpus(bytes), process_ctl::parse_stat_cpu_count(bytes))
}

/// `processor` lines, psutil's cores fallback, and the `cpu MHz` values of `/proc/cpuinfo`.
pub fn cpuinfo(bytes: &[u8]) -> (usize, Result<Option<usize>>, Result<Vec<f64>>) {
    (cpu::count_cpuinfo_processors(bytes), cpu::parse_cpuinfo_cores(bytes), cpu::parse_cpuinfo_mhz(bytes))
}

/// `/proc/loadavg`.
pub fn loadavg(bytes: &[u8]) -> Result<(f64, f64, f64)> {
    cpu::parse_loadavg(bytes)
}

/// The number of CPUs in a kernel CPU list (`/sys/devices/system/cpu/online`).
pub fn cpu_list_count(bytes: &[u8]) -> Option<usize> {
    cpu::parse_cpu_list_count(bytes)
}

/// A sysfs integer attribute (the cpufreq files).
pub fn sysfs_int(bytes: &[u8]) -> Result<u64> {
    cpu::sysfs_int(bytes, Path::new("sysfs"))
}

/// The CPUs of an affinity mask.
pub fn mask_to_cpus(mask: &[u64]) -> Vec<usize> {
    process_ctl::mask_to_cpus(mask)
}

// ------------------------------------------------------------------ disks

/// One mount table row: device, mount point, fstype, options.
pub fn mounts(bytes: &[u8]) -> Vec<[String; 4]> {
    disk::parse_mounts(bytes).into_iter().map(|m| [m.device, m.mountpoint, m.fstype, m.opts]).collect()
}

/// A mount table field decoded like `getmntent`.
pub fn mount_field(raw: &[u8]) -> String {
    disk::decode_mount_field(raw)
}

/// The physical file systems of `/proc/filesystems`.
pub fn filesystems(bytes: &[u8]) -> Vec<String> {
    disk::parse_filesystems(bytes)
}

/// The name `/proc/partitions` gives `major:minor`.
pub fn partitions_find(bytes: &[u8], major: u32, minor: u32) -> Option<String> {
    disk::parse_partitions_find(bytes, major, minor)
}

/// `DEVNAME=` of a sysfs `uevent`.
pub fn uevent_devname(bytes: &[u8]) -> Option<String> {
    disk::parse_uevent_devname(bytes)
}

/// `/proc/diskstats` rows: name and psutil's `sdiskio` fields.
pub fn diskstats(bytes: &[u8]) -> Result<Vec<(String, [u64; 9])>> {
    disk::parse_diskstats(bytes)
}

/// A `/sys/block/<dev>/stat` file as psutil's `sdiskio` fields.
pub fn sys_block_stat(bytes: &[u8]) -> Result<[u64; 9]> {
    disk::parse_sys_block_stat(bytes)
}

// ------------------------------------------------------------------ network

/// `/proc/net/dev` rows: name and psutil's `snetio` fields.
pub fn net_dev(bytes: &[u8]) -> Result<Vec<(String, [u64; 8])>> {
    net::parse_net_dev(bytes)
}

/// One TCP or UDP socket of a table (addresses in network order, IPv4 in the first 4
/// bytes, all zero when the port is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InetSocket {
    pub laddr: [u8; 16],
    pub lport: u16,
    pub raddr: [u8; 16],
    pub rport: u16,
    pub status: ConnStatus,
    pub inode: u64,
}

fn socket_of(r: &InetRow) -> InetSocket {
    InetSocket {
        laddr: r.laddr,
        lport: r.lport,
        raddr: r.raddr,
        rport: r.rport,
        status: r.status,
        inode: r.inode,
    }
}

/// A `/proc/net/{tcp,tcp6,udp,udp6}` table (`v6` selects the address width, `tcp` the
/// state column).
pub fn net_inet(bytes: &[u8], v6: bool, tcp: bool) -> Result<Vec<InetSocket>> {
    let family = if v6 { SocketFamily::Inet6 } else { SocketFamily::Inet };
    let mut rows = Vec::new();
    procnet::parse_inet_table(bytes, family, tcp, &"net", &mut rows)?;
    Ok(rows.iter().map(socket_of).collect())
}

/// The kernel's `HEXIP:HEXPORT` token decoded.
pub fn net_hex_addr(tok: &[u8], v6: bool) -> Option<([u8; 16], u16)> {
    procnet::parse_hex_addr(tok, if v6 { SocketFamily::Inet6 } else { SocketFamily::Inet })
}

/// The text shown for an address (glibc's `inet_ntop`).
pub fn format_ip(addr: &[u8; 16], v6: bool) -> String {
    procnet::format_ip(if v6 { SocketFamily::Inet6 } else { SocketFamily::Inet }, addr)
}

/// `/proc/net/unix` rows: socket type, inode, path bytes.
pub fn net_unix(bytes: &[u8]) -> Result<Vec<(i32, u64, Vec<u8>)>> {
    let mut out = Vec::new();
    procnet::parse_unix_table(bytes, &"unix", |r| {
        out.push((r.sock_type, r.inode, r.path.to_vec()));
        Ok(())
    })?;
    Ok(out)
}

/// One `recv` of a `NETLINK_SOCK_DIAG` dump reply for sequence `seq`: whether the dump
/// ended, and the IPv4 and IPv6 sockets it held (`tcp` maps the state byte).
pub fn sock_diag_reply(
    bytes: &[u8],
    seq: u32,
    tcp: bool,
) -> std::io::Result<(bool, Vec<InetSocket>, Vec<InetSocket>)> {
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    let step = netlink::parse_reply(bytes, &mut Sink { tcp, v4: Some(&mut v4), v6: Some(&mut v6) }, seq)?;
    Ok((step == Step::Done, v4.iter().map(socket_of).collect(), v6.iter().map(socket_of).collect()))
}

/// The size of `struct nlmsghdr` + `struct inet_diag_msg`, for building replies.
pub const SOCK_DIAG_MSG_LEN: usize = 16 + 72;

// ------------------------------------------------------------------ users, sensors

/// The `USER_PROCESS` entries of a utmp file's bytes.
#[cfg(target_env = "gnu")]
pub fn utmp(bytes: &[u8]) -> Vec<crate::User> {
    super::host::utmp::parse(bytes)
}

/// The size of one utmp record.
#[cfg(target_env = "gnu")]
pub const UTMP_RECORD_LEN: usize = std::mem::size_of::<libc::utmpx>();

/// A sysfs value as read: trimmed, lossy text.
pub fn sysfs_text(bytes: &[u8]) -> String {
    sensors::sysfs_text(bytes)
}

/// A hwmon temperature text as a float (`None`: psutil's `float()` fails).
pub fn hwmon_float(text: &str) -> Option<f64> {
    sensors::parse_float(text)
}

/// A hwmon fan speed text.
pub fn hwmon_fan(text: &str) -> Option<i64> {
    sensors::parse_fan_speed(text)
}

/// `sensors_battery()` from the texts of the `power_supply` files (`None`: the file is
/// absent): energy_now (or charge_now), power_now (or current_now), energy_full (or
/// charge_full), time_to_empty_now, capacity, AC online, status.
pub fn battery(files: [Option<&[u8]>; 7]) -> Result<Option<Battery>> {
    use sensors::SysValue;
    let value = |f: Option<&[u8]>| f.map_or(SysValue::Missing, |b| SysValue::of_text(sensors::sysfs_text(b)));
    let [energy_now, power_now, energy_full, time_to_empty, capacity, online, status] = files;
    sensors::compute_battery(&sensors::BatteryFiles {
        energy_now: value(energy_now),
        power_now: value(power_now),
        energy_full: value(energy_full),
        time_to_empty: value(time_to_empty),
        capacity: capacity.map(sensors::sysfs_text),
        online: value(online),
        status: status.map(sensors::sysfs_text).unwrap_or_default().to_lowercase(),
    })
}
