//! Every column of `/proc/net/dev` and `/proc/diskstats`, and the mount table of
//! `/proc/<pid>/mountinfo` (the source and options as the kernel writes them).

use crate::os::linux::{DiskStats, MountInfo, NetDevStats};
use crate::paths::Roots;
use crate::sys::linux::disk::decode_mount_field;
use crate::sys::linux::fs::{parse_u64, split_lines, with_file};
use crate::{Error, Result};

fn words(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty())
}

/// Parses `/proc/net/dev` with all 16 counters: two header lines, then `name: numbers`
/// (the name is what precedes the last colon).
pub(crate) fn parse_net_dev_full(bytes: &[u8]) -> Result<Vec<NetDevStats>> {
    const PATH: &str = "net/dev";
    let mut out = Vec::new();
    for line in split_lines(bytes).skip(2).filter(|l| !l.trim_ascii().is_empty()) {
        let colon = line
            .iter()
            .rposition(|&b| b == b':')
            .filter(|&c| c > 0)
            .ok_or_else(|| Error::parse(PATH, "no interface name"))?;
        let name = String::from_utf8_lossy(line[..colon].trim_ascii()).into_owned();
        let v: Option<Vec<u64>> = words(&line[colon + 1..]).map(parse_u64).collect();
        let v = v
            .filter(|v| v.len() == 16)
            .ok_or_else(|| Error::parse(PATH, format!("{name}: not 16 counters")))?;
        out.push(NetDevStats {
            name,
            rx_bytes: v[0],
            rx_packets: v[1],
            rx_errs: v[2],
            rx_drop: v[3],
            rx_fifo: v[4],
            rx_frame: v[5],
            rx_compressed: v[6],
            rx_multicast: v[7],
            tx_bytes: v[8],
            tx_packets: v[9],
            tx_errs: v[10],
            tx_drop: v[11],
            tx_fifo: v[12],
            tx_colls: v[13],
            tx_carrier: v[14],
            tx_compressed: v[15],
        });
    }
    Ok(out)
}

/// Parses `/proc/diskstats` lines of 14 or more fields (Linux 2.6+): the 11 classic
/// counters, the 4 discard counters (4.18+) and the 2 flush counters (5.5+) when present.
pub(crate) fn parse_diskstats_full(bytes: &[u8]) -> Result<Vec<DiskStats>> {
    const PATH: &str = "diskstats";
    let mut out = Vec::new();
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let f: Vec<&[u8]> = words(line).collect();
        if f.len() < 14 {
            return Err(Error::parse(PATH, format!("{} fields, at least 14 expected", f.len())));
        }
        let nums: Option<Vec<u64>> =
            f.iter().enumerate().filter(|(i, _)| *i != 2).map(|(_, w)| parse_u64(w)).collect();
        let n = nums.ok_or_else(|| Error::parse(PATH, "not an integer"))?;
        let major = u32::try_from(n[0]).map_err(|_| Error::parse(PATH, "major out of range"))?;
        let minor = u32::try_from(n[1]).map_err(|_| Error::parse(PATH, "minor out of range"))?;
        let c = &n[2..];
        out.push(DiskStats {
            major,
            minor,
            name: String::from_utf8_lossy(f[2]).into_owned(),
            reads_completed: c[0],
            reads_merged: c[1],
            sectors_read: c[2],
            read_time_ms: c[3],
            writes_completed: c[4],
            writes_merged: c[5],
            sectors_written: c[6],
            write_time_ms: c[7],
            io_in_progress: c[8],
            io_time_ms: c[9],
            weighted_io_time_ms: c[10],
            discards: (c.len() >= 15).then(|| [c[11], c[12], c[13], c[14]]),
            flushes: (c.len() >= 17).then(|| [c[15], c[16]]),
        });
    }
    Ok(out)
}

/// Parses a `mountinfo` file: `id parent major:minor root mountpoint options [optional
/// fields...] - fstype source superoptions`; escapes (`\040`) are decoded.
pub(crate) fn parse_mountinfo(bytes: &[u8]) -> Result<Vec<MountInfo>> {
    const PATH: &str = "mountinfo";
    let mut out = Vec::new();
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let f: Vec<&[u8]> = line.split(|&b| b == b' ').filter(|w| !w.is_empty()).collect();
        let bad = || Error::parse(PATH, format!("bad line {:?}", String::from_utf8_lossy(line)));
        let dash = f.iter().position(|w| *w == b"-").filter(|&d| d >= 6).ok_or_else(bad)?;
        if f.len() < dash + 3 {
            return Err(bad());
        }
        let dev = f[2];
        let colon = dev.iter().position(|&b| b == b':').ok_or_else(bad)?;
        let num = |w: &[u8]| parse_u64(w).and_then(|v| u32::try_from(v).ok()).ok_or_else(bad);
        out.push(MountInfo {
            mount_id: num(f[0])?,
            parent_id: num(f[1])?,
            major: num(&dev[..colon])?,
            minor: num(&dev[colon + 1..])?,
            root: decode_mount_field(f[3]),
            mount_point: decode_mount_field(f[4]),
            mount_options: decode_mount_field(f[5]),
            fs_type: decode_mount_field(f[dash + 1]),
            source: decode_mount_field(f[dash + 2]),
            super_options: f.get(dash + 3).map(|w| decode_mount_field(w)).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub(crate) fn net_dev_full(roots: &Roots) -> Result<Vec<NetDevStats>> {
    with_file(&roots.proc_file("net/dev"), parse_net_dev_full)
}

pub(crate) fn diskstats_full(roots: &Roots) -> Result<Vec<DiskStats>> {
    with_file(&roots.proc_file("diskstats"), parse_diskstats_full)
}

/// `<proc>/1/mountinfo` (the init process's view, as node_exporter reads), else
/// `<proc>/self/mountinfo` when pid 1's is unreadable.
pub(crate) fn mount_info(roots: &Roots) -> Result<Vec<MountInfo>> {
    with_file(&roots.proc_file("1/mountinfo"), parse_mountinfo)
        .or_else(|_| with_file(&roots.proc_file("self/mountinfo"), parse_mountinfo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NET_DEV: &[u8] = b"Inter-|   Receive                                                |  Transmit\n \
face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    \
lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";

    #[test]
    fn net_dev_keeps_every_column() {
        let d = parse_net_dev_full(NET_DEV).unwrap();
        assert_eq!(d.len(), 1);
        let s = &d[0];
        assert_eq!(
            (s.name.as_str(), s.rx_bytes, s.rx_multicast, s.tx_bytes, s.tx_colls, s.tx_compressed),
            ("lo", 1, 8, 9, 14, 16)
        );
        let mut short = NET_DEV.to_vec();
        short.truncate(short.len() - 4);
        assert!(parse_net_dev_full(&short).is_err());
        assert!(parse_net_dev_full(b"h\nh\nnocolon 1 2\n").is_err());
    }

    #[test]
    fn diskstats_formats() {
        let d = parse_diskstats_full(
            b" 254 0 vda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n 7 0 loop0 1 2 3 4 5 6 7 8 9 10 11\n",
        )
        .unwrap();
        assert_eq!((d[0].major, d[0].name.as_str(), d[0].weighted_io_time_ms), (254, "vda", 11));
        assert_eq!(d[0].discards, Some([12, 13, 14, 15]));
        assert_eq!(d[0].flushes, Some([16, 17]));
        assert_eq!((d[1].discards, d[1].flushes), (None, None));
        assert!(parse_diskstats_full(b"7 0 loop0 1 2 3 4\n").is_err());
        assert!(parse_diskstats_full(b"7 0 loop0 1 2 3 4 5 6 7 8 9 10 x\n").is_err());
    }

    #[test]
    fn mountinfo_lines() {
        let m = parse_mountinfo(
            b"22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,errors=remount-ro\n\
              30 22 0:25 / /mnt/a\\040b ro,nosuid - tmpfs tmpfs rw\n",
        )
        .unwrap();
        assert_eq!(
            (m[0].major, m[0].minor, m[0].source.as_str(), m[0].fs_type.as_str()),
            (254, 0, "/dev/vda", "ext4")
        );
        assert_eq!(m[0].super_options, "rw,errors=remount-ro");
        assert_eq!((m[1].mount_point.as_str(), m[1].mount_options.as_str()), ("/mnt/a b", "ro,nosuid"));
        assert!(parse_mountinfo(b"22 1 254:0 / / rw\n").is_err());
        assert!(parse_mountinfo(b"22 1 2540 / / rw - ext4 x y\n").is_err());
    }

    proptest! {
        #[test]
        fn device_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_net_dev_full(&bytes);
            let _ = parse_diskstats_full(&bytes);
            let _ = parse_mountinfo(&bytes);
        }
    }
}
