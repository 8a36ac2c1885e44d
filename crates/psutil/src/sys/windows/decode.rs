//! Pure decoders of the Windows structures the backend reads: byte buffers and plain
//! field values in, psutil's values out. No system call here, so they compile and are
//! unit-tested on every host (on Linux through `sys::windows_decode`).

/// 100 ns ticks in a second (FILETIME and NT time units).
pub(crate) const TICKS_PER_SEC: f64 = 10_000_000.0;

/// FILETIME ticks of 1970-01-01 (the FILETIME epoch is 1601-01-01).
pub(crate) const UNIX_EPOCH_TICKS: u64 = 116_444_736_000_000_000;

/// Size of one `SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION` record.
pub(crate) const PROCESSOR_PERF_SIZE: usize = 48;

/// One CPU's times from `SystemProcessorPerformanceInformation`, in seconds, and its
/// interrupt count.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct ProcessorTimes {
    pub(crate) user: f64,
    /// Kernel time minus idle time (the kernel time includes idle).
    pub(crate) system: f64,
    pub(crate) idle: f64,
    pub(crate) interrupt: f64,
    pub(crate) dpc: f64,
    pub(crate) interrupt_count: u32,
}

fn i64_at(b: &[u8], off: usize) -> Option<i64> {
    Some(i64::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

/// Seconds from NT ticks; negative tick counts (never valid) count as 0.
pub(crate) fn ticks_to_secs(ticks: i64) -> f64 {
    ticks.max(0) as f64 / TICKS_PER_SEC
}

/// Unix seconds from an absolute FILETIME tick count (0 before 1970).
pub(crate) fn filetime_to_unix(ticks: u64) -> f64 {
    ticks.saturating_sub(UNIX_EPOCH_TICKS) as f64 / TICKS_PER_SEC
}

/// The records of `SystemProcessorPerformanceInformation`: per 48-byte record IdleTime
/// (+0), KernelTime (+8), UserTime (+16), DpcTime (+24), InterruptTime (+32) and
/// InterruptCount (+40). A trailing partial record is ignored.
pub(crate) fn processor_times(buf: &[u8]) -> Vec<ProcessorTimes> {
    buf.chunks_exact(PROCESSOR_PERF_SIZE)
        .filter_map(|r| {
            let idle = i64_at(r, 0)?;
            let kernel = i64_at(r, 8)?;
            Some(ProcessorTimes {
                user: ticks_to_secs(i64_at(r, 16)?),
                system: ticks_to_secs(kernel.saturating_sub(idle)),
                idle: ticks_to_secs(idle),
                dpc: ticks_to_secs(i64_at(r, 24)?),
                interrupt: ticks_to_secs(i64_at(r, 32)?),
                interrupt_count: u32_at(r, 40)?,
            })
        })
        .collect()
}

/// `RelationProcessorCore` in `SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX.Relationship`.
pub(crate) const RELATION_PROCESSOR_CORE: u32 = 0;

/// The number of `RelationProcessorCore` records in a
/// `GetLogicalProcessorInformationEx(RelationAll)` buffer, walking records by their `Size`
/// (+4). `None` when the buffer is malformed (a record size of 0 or past the end).
pub(crate) fn count_core_records(buf: &[u8]) -> Option<usize> {
    let (mut off, mut cores) = (0usize, 0usize);
    while off < buf.len() {
        let relationship = u32_at(buf, off)?;
        let size = u32_at(buf, off + 4)? as usize;
        if size < 8 || off + size > buf.len() {
            return None;
        }
        if relationship == RELATION_PROCESSOR_CORE {
            cores += 1;
        }
        off += size;
    }
    Some(cores)
}

/// `SYSTEM_PERFORMANCE_INFORMATION`'s counters that psutil reads: ContextSwitches (+296)
/// and SystemCalls (+308), both 32-bit. `None` when the buffer is shorter.
pub(crate) fn performance_counters(buf: &[u8]) -> Option<(u32, u32)> {
    Some((u32_at(buf, 296)?, u32_at(buf, 308)?))
}

/// psutil's frequency from `PROCESSOR_POWER_INFORMATION` records (24 bytes: Number,
/// MaxMhz, CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState): CPU 0's
/// (current, max) in MHz.
pub(crate) fn first_cpu_mhz(buf: &[u8]) -> Option<(u32, u32)> {
    Some((u32_at(buf, 8)?, u32_at(buf, 4)?))
}

/// One paging file of `SystemPageFileInformation`: its size and the part in use, pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageFile {
    pub(crate) total_pages: u32,
    pub(crate) in_use_pages: u32,
}

/// The `SYSTEM_PAGEFILE_INFORMATION` chain: NextEntryOffset (+0), TotalSize (+4),
/// TotalInUse (+8). `None` when an offset points outside the buffer.
pub(crate) fn page_files(buf: &[u8]) -> Option<Vec<PageFile>> {
    let mut out = Vec::new();
    let mut off = 0usize;
    if buf.len() < 12 {
        return Some(out);
    }
    loop {
        let next = u32_at(buf, off)? as usize;
        out.push(PageFile { total_pages: u32_at(buf, off + 4)?, in_use_pages: u32_at(buf, off + 8)? });
        if next == 0 {
            return Some(out);
        }
        off = off.checked_add(next)?;
        if off + 12 > buf.len() || out.len() > 64 {
            return None;
        }
    }
}

/// psutil's `sensors_battery()` from `SYSTEM_POWER_STATUS`: `None` when BatteryFlag has
/// 128 (no system battery); else (percent, secsleft, power_plugged). secsleft is
/// POWER_TIME_UNLIMITED (-2) on AC or while charging (flag 8), POWER_TIME_UNKNOWN (-1)
/// for an unknown lifetime (0xFFFFFFFF), else the seconds left.
pub(crate) fn battery(
    ac_line_status: u8,
    battery_flag: u8,
    life_percent: u8,
    life_time: u32,
) -> Option<(f64, i64, Option<bool>)> {
    if battery_flag & 128 != 0 {
        return None;
    }
    let plugged = match ac_line_status {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    };
    let secsleft = if plugged == Some(true) || battery_flag & 8 != 0 {
        -2
    } else if life_time == u32::MAX {
        -1
    } else {
        i64::from(life_time)
    };
    Some((f64::from(life_percent), secsleft, plugged))
}

/// The `DRIVE_*` type names psutil appends to a partition's options.
pub(crate) fn drive_type_name(drive_type: u32) -> &'static str {
    match drive_type {
        0 => "unknown",
        1 => "unmounted",
        2 => "removable",
        3 => "fixed",
        4 => "remote",
        5 => "cdrom",
        6 => "ramdisk",
        _ => "?",
    }
}

/// Whether `disk_partitions(all=False)` lists a drive of this type: not unknown, no-root,
/// remote or RAM disks, and not a removable `A:\`.
pub(crate) fn partition_listed(all: bool, drive_type: u32, root: &str) -> bool {
    if all {
        return true;
    }
    match drive_type {
        0 | 1 | 4 | 6 => false,
        2 => !root.eq_ignore_ascii_case("A:\\"),
        _ => true,
    }
}

/// `FILE_READ_ONLY_VOLUME`.
pub(crate) const FILE_READ_ONLY_VOLUME: u32 = 0x0008_0000;
/// `FILE_VOLUME_IS_COMPRESSED`.
pub(crate) const FILE_VOLUME_IS_COMPRESSED: u32 = 0x0000_8000;

/// psutil's options of a volume's flags: "ro"/"rw", ",compressed", ",readonly" (what
/// its entries of folder mount points carry).
pub(crate) fn volume_opts(flags: u32) -> String {
    let ro = flags & FILE_READ_ONLY_VOLUME != 0;
    let mut opts = String::from(if ro { "ro" } else { "rw" });
    if flags & FILE_VOLUME_IS_COMPRESSED != 0 {
        opts.push_str(",compressed");
    }
    if ro {
        opts.push_str(",readonly");
    }
    opts
}

/// psutil's partition options: [`volume_opts`], a comma, then the drive type's name;
/// only the type name when the volume could not be queried (`flags` None).
pub(crate) fn partition_opts(flags: Option<u32>, drive_type: u32) -> String {
    let mut opts = flags.map(|f| volume_opts(f) + ",").unwrap_or_default();
    opts.push_str(drive_type_name(drive_type));
    opts
}

/// `DISK_PERFORMANCE`'s counters as psutil's 6 disk fields: (read_count, write_count,
/// read_bytes, write_bytes, read_time, write_time). psutil divides the tick times by
/// 10,000,000 (so whole seconds, although its docs say milliseconds); so does this.
/// BytesRead (+0), BytesWritten (+8), ReadTime (+16), WriteTime (+24), ReadCount (+36),
/// WriteCount (+40).
pub(crate) fn disk_performance(buf: &[u8]) -> Option<[u64; 6]> {
    let nonneg = |v: i64| v.max(0) as u64;
    Some([
        u64::from(u32_at(buf, 36)?),
        u64::from(u32_at(buf, 40)?),
        nonneg(i64_at(buf, 0)?),
        nonneg(i64_at(buf, 8)?),
        nonneg(i64_at(buf, 16)?) / 10_000_000,
        nonneg(i64_at(buf, 24)?) / 10_000_000,
    ])
}

/// psutil's AF_LINK address on Windows: the bytes as uppercase hex joined by '-' (the
/// facade pads short ones to six groups).
pub(crate) fn mac_address(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join("-")
}

/// The dotted IPv4 netmask of a prefix length (what `ConvertLengthToIpv4Mask` gives).
pub(crate) fn ipv4_mask(prefix_len: u8) -> String {
    let bits = if prefix_len == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix_len.min(32))) };
    std::net::Ipv4Addr::from(bits).to_string()
}

/// A UTF-16 buffer up to its first NUL, lossily decoded.
pub(crate) fn utf16_until_nul(units: &[u16]) -> String {
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

/// The session's client IPv4 address from `WTS_CLIENT_ADDRESS` (family, 20 address
/// bytes): the dotted form of bytes 2..6 when the family is AF_INET (2).
pub(crate) fn wts_client_ipv4(family: u32, address: &[u8]) -> Option<String> {
    if family != 2 {
        return None;
    }
    let b = address.get(2..6)?;
    Some(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(idle: i64, kernel: i64, user: i64, dpc: i64, intr: i64, count: u32) -> Vec<u8> {
        let mut r = Vec::new();
        for v in [idle, kernel, user, dpc, intr] {
            r.extend_from_slice(&v.to_le_bytes());
        }
        r.extend_from_slice(&count.to_le_bytes());
        r.extend_from_slice(&[0u8; 4]);
        assert_eq!(r.len(), PROCESSOR_PERF_SIZE);
        r
    }

    #[test]
    fn processor_times_subtract_idle_from_kernel() {
        let mut buf = record(30_000_000, 50_000_000, 10_000_000, 1_000_000, 2_000_000, 77);
        buf.extend(record(0, 0, 5, 0, 0, 0));
        buf.extend_from_slice(&[1, 2, 3]); // a partial record is ignored
        let t = processor_times(&buf);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].idle, 3.0);
        assert_eq!(t[0].system, 2.0);
        assert_eq!(t[0].user, 1.0);
        assert_eq!(t[0].dpc, 0.1);
        assert_eq!(t[0].interrupt, 0.2);
        assert_eq!(t[0].interrupt_count, 77);
        assert_eq!(t[1].user, 5e-7);
    }

    #[test]
    fn processor_times_never_negative() {
        let t = processor_times(&record(50, 10, -4, -1, -1, 0));
        assert_eq!((t[0].system, t[0].user, t[0].dpc, t[0].interrupt), (0.0, 0.0, 0.0, 0.0));
        assert!(processor_times(&[]).is_empty());
    }

    fn slpi(relationship: u32, size: u32) -> Vec<u8> {
        let mut r = relationship.to_le_bytes().to_vec();
        r.extend_from_slice(&size.to_le_bytes());
        r.resize(size as usize, 0);
        r
    }

    #[test]
    fn core_records_counted_by_relationship() {
        let mut buf = slpi(0, 48);
        buf.extend(slpi(2, 80)); // cache
        buf.extend(slpi(0, 48));
        buf.extend(slpi(3, 64)); // package
        assert_eq!(count_core_records(&buf), Some(2));
        assert_eq!(count_core_records(&[]), Some(0));
    }

    #[test]
    fn core_records_malformed() {
        assert_eq!(count_core_records(&slpi(0, 48)[..40]), None);
        let mut zero = 0u32.to_le_bytes().to_vec();
        zero.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(count_core_records(&zero), None);
        assert_eq!(count_core_records(&[0, 0, 0]), None);
    }

    #[test]
    fn performance_counters_offsets() {
        let mut buf = vec![0u8; 312];
        buf[296..300].copy_from_slice(&123u32.to_le_bytes());
        buf[308..312].copy_from_slice(&456u32.to_le_bytes());
        assert_eq!(performance_counters(&buf), Some((123, 456)));
        assert_eq!(performance_counters(&buf[..311]), None);
    }

    #[test]
    fn cpu_mhz_of_the_first_record() {
        let mut buf = Vec::new();
        for v in [0u32, 3000, 2596, 3000, 0, 0, 1, 9999, 1, 1, 0, 0] {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(first_cpu_mhz(&buf), Some((2596, 3000)));
        assert_eq!(first_cpu_mhz(&buf[..8]), None);
    }

    fn pagefile(next: u32, total: u32, in_use: u32) -> Vec<u8> {
        let mut r = Vec::new();
        for v in [next, total, in_use, 0] {
            r.extend_from_slice(&v.to_le_bytes());
        }
        r.extend_from_slice(&[0u8; 16]); // PageFileName
        r
    }

    #[test]
    fn page_file_chain() {
        let mut buf = pagefile(32, 1000, 250);
        buf.extend(pagefile(0, 500, 50));
        let pf = page_files(&buf).expect("chain");
        assert_eq!(
            pf,
            vec![
                PageFile { total_pages: 1000, in_use_pages: 250 },
                PageFile { total_pages: 500, in_use_pages: 50 }
            ]
        );
        assert_eq!(page_files(&[]), Some(vec![]));
        let mut bad = pagefile(4000, 1, 1);
        bad.extend(pagefile(0, 1, 1));
        assert_eq!(page_files(&bad), None);
    }

    #[test]
    fn battery_rules() {
        assert_eq!(battery(1, 128, 255, u32::MAX), None);
        assert_eq!(battery(1, 1, 80, 1200), Some((80.0, -2, Some(true))));
        assert_eq!(battery(0, 8, 50, 1200), Some((50.0, -2, Some(false))));
        assert_eq!(battery(0, 2, 40, 1200), Some((40.0, 1200, Some(false))));
        assert_eq!(battery(0, 2, 40, u32::MAX), Some((40.0, -1, Some(false))));
        assert_eq!(battery(255, 0, 40, 60), Some((40.0, 60, None)));
    }

    #[test]
    fn partitions_filter_and_opts() {
        assert!(partition_listed(false, 3, "C:\\"));
        assert!(!partition_listed(false, 4, "Z:\\"));
        assert!(!partition_listed(false, 2, "a:\\"));
        assert!(partition_listed(false, 2, "E:\\"));
        assert!(partition_listed(true, 0, "Q:\\"));
        assert_eq!(partition_opts(Some(0xA), 3), "rw,fixed");
        assert_eq!(
            partition_opts(Some(FILE_READ_ONLY_VOLUME | FILE_VOLUME_IS_COMPRESSED), 5),
            "ro,compressed,readonly,cdrom"
        );
        assert_eq!(partition_opts(None, 2), "removable");
        assert_eq!(volume_opts(0xA), "rw");
        assert_eq!(volume_opts(FILE_READ_ONLY_VOLUME), "ro,readonly");
        assert_eq!(drive_type_name(99), "?");
    }

    #[test]
    fn disk_performance_fields() {
        let mut buf = vec![0u8; 88];
        buf[0..8].copy_from_slice(&4096i64.to_le_bytes());
        buf[8..16].copy_from_slice(&8192i64.to_le_bytes());
        buf[16..24].copy_from_slice(&25_000_000i64.to_le_bytes());
        buf[24..32].copy_from_slice(&(-5i64).to_le_bytes());
        buf[36..40].copy_from_slice(&7u32.to_le_bytes());
        buf[40..44].copy_from_slice(&9u32.to_le_bytes());
        assert_eq!(disk_performance(&buf), Some([7, 9, 4096, 8192, 2, 0]));
        assert_eq!(disk_performance(&buf[..40]), None);
    }

    #[test]
    fn link_and_mask_strings() {
        assert_eq!(mac_address(&[0x52, 0x54, 0, 0xab, 0xcd, 0xef]), "52-54-00-AB-CD-EF");
        assert_eq!(mac_address(&[1, 2]), "01-02");
        assert_eq!(ipv4_mask(24), "255.255.255.0");
        assert_eq!(ipv4_mask(0), "0.0.0.0");
        assert_eq!(ipv4_mask(32), "255.255.255.255");
        assert_eq!(ipv4_mask(200), "255.255.255.255");
    }

    #[test]
    fn status_time_and_strings() {
        assert_eq!(filetime_to_unix(UNIX_EPOCH_TICKS + 15_000_000), 1.5);
        assert_eq!(filetime_to_unix(5), 0.0);
        let w: Vec<u16> = "eth0\0junk".encode_utf16().collect();
        assert_eq!(utf16_until_nul(&w), "eth0");
        assert_eq!(utf16_until_nul(&[0xD800]), "\u{FFFD}");
        let mut addr = [0u8; 20];
        addr[2..6].copy_from_slice(&[10, 0, 0, 7]);
        assert_eq!(wts_client_ipv4(2, &addr).as_deref(), Some("10.0.0.7"));
        assert_eq!(wts_client_ipv4(23, &addr), None);
    }
}

/// psutil's parse of an environment block (UTF-16, `KEY=value` entries split by NUL, an
/// empty entry ends it): entries whose first `=` is at position 0 (`=C:=C:\x`) or that
/// have none are skipped; keys are upper-cased (Windows keys are case-insensitive).
pub(crate) fn environ_pairs(units: &[u16]) -> Vec<(String, String)> {
    units
        .split(|&u| u == 0)
        .take_while(|entry| !entry.is_empty())
        .filter_map(|entry| {
            let text = String::from_utf16_lossy(entry);
            match text.find('=') {
                Some(0) | None => None,
                Some(eq) => Some((text[..eq].to_uppercase(), text[eq + 1..].to_string())),
            }
        })
        .collect()
}

/// psutil's `os.path.normpath` of a PEB working directory, for the forms the PEB holds:
/// the trailing `\` is dropped except after a bare drive (`C:\windows\` → `C:\windows`,
/// `C:\` stays).
pub(crate) fn trim_dir(dir: &str) -> &str {
    let trimmed = dir.trim_end_matches('\\');
    if trimmed.len() <= 2 && trimmed.ends_with(':') {
        &dir[..dir.len().min(trimmed.len() + 1)]
    } else {
        trimmed
    }
}

#[cfg(test)]
mod process_tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn environ_block_is_split_like_psutil() {
        let block = utf16("=C:=C:\\x\0Path=C:\\a;C:\\b\0novalue\0k=v=w\0\0GARBAGE=1\0");
        assert_eq!(
            environ_pairs(&block),
            vec![("PATH".into(), "C:\\a;C:\\b".into()), ("K".into(), "v=w".into())]
        );
        assert!(environ_pairs(&[]).is_empty());
    }

    #[test]
    fn working_directory_loses_its_trailing_separator() {
        assert_eq!(trim_dir("C:\\windows\\"), "C:\\windows");
        assert_eq!(trim_dir("C:\\"), "C:\\");
        assert_eq!(trim_dir("Z:\\a\\b"), "Z:\\a\\b");
    }
}
