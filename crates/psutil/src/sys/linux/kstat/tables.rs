//! Parsers and readers for `/proc` tables read whole: `meminfo`, `vmstat`, `net/snmp`,
//! `net/netstat`, `net/snmp6`, `net/sockstat{,6}`, `pressure/*`, the counters of `stat`,
//! `sys/*` integers, `net/softnet_stat`, `net/udp{,6}` queues and `net/arp`.

use crate::os::linux::{
    ArpEntries, Interrupt, MeminfoField, Pressure, PressureLine, SchedStat, SnmpValue, SockstatValue,
    SoftnetStat, StatCounters, UdpQueues, VmstatValue,
};
use crate::paths::Roots;
use crate::sys::linux::fs::{parse_i64, parse_u64, split_lines, with_file};
use crate::{Error, Result};

fn words(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Parses `/proc/meminfo` whole: every `Key: value [kB]` line, in file order. Values with
/// a `kB` unit are returned in bytes (× 1024, `in_bytes` true); the others (`HugePages_*`)
/// as the kernel wrote them. A line without a colon or with a non-integer value is an error.
pub(crate) fn parse_meminfo_fields(bytes: &[u8]) -> Result<Vec<MeminfoField>> {
    const PATH: &str = "meminfo";
    let mut out = Vec::new();
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or_else(|| Error::parse(PATH, format!("no colon in {:?}", text(line))))?;
        let name = text(line[..colon].trim_ascii());
        let mut rest = words(&line[colon + 1..]);
        let bad = || Error::parse(PATH, format!("bad value for {name}"));
        let value = rest.next().and_then(parse_u64).ok_or_else(bad)?;
        let (value, in_bytes) = match rest.next() {
            None => (value, false),
            Some(b"kB") => (value.checked_mul(1024).ok_or_else(bad)?, true),
            Some(_) => return Err(bad()),
        };
        out.push(MeminfoField { name, value, in_bytes });
    }
    Ok(out)
}

/// Parses a `name value` table (`/proc/vmstat`, `/proc/net/snmp6`): one pair per line,
/// the value a signed integer.
pub(crate) fn parse_name_values(bytes: &[u8], path: &str) -> Result<Vec<VmstatValue>> {
    let mut out = Vec::new();
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let mut w = words(line);
        let (Some(name), Some(value), None) = (w.next(), w.next(), w.next()) else {
            return Err(Error::parse(path, format!("not a name/value line: {:?}", text(line))));
        };
        let value =
            parse_i64(value).ok_or_else(|| Error::parse(path, format!("bad value for {}", text(name))))?;
        out.push(VmstatValue { name: text(name), value });
    }
    Ok(out)
}

/// Parses `/proc/net/snmp` or `/proc/net/netstat`: pairs of lines `Proto: names...` and
/// `Proto: values...` with as many values as names.
pub(crate) fn parse_snmp_tables(bytes: &[u8], path: &str) -> Result<Vec<SnmpValue>> {
    let mut out = Vec::new();
    let mut lines = split_lines(bytes).filter(|l| !l.trim_ascii().is_empty());
    while let Some(header) = lines.next() {
        let values = lines.next().ok_or_else(|| Error::parse(path, "a header line without its values"))?;
        let split = |l: &[u8]| -> Result<(String, Vec<String>)> {
            let colon =
                l.iter().position(|&b| b == b':').ok_or_else(|| Error::parse(path, "no protocol name"))?;
            Ok((text(&l[..colon]), words(&l[colon + 1..]).map(text).collect()))
        };
        let (proto, names) = split(header)?;
        let (proto2, nums) = split(values)?;
        if proto != proto2 || names.len() != nums.len() {
            return Err(Error::parse(path, format!("{proto}: header and values do not match")));
        }
        for (name, num) in names.into_iter().zip(nums) {
            let value = parse_i64(num.as_bytes())
                .ok_or_else(|| Error::parse(path, format!("bad value for {proto} {name}")))?;
            out.push(SnmpValue { protocol: proto.clone(), name, value });
        }
    }
    Ok(out)
}

/// Splits `/proc/net/snmp6` names (`Ip6InOctets`, `Udp6InErrors`, `UdpLite6InErrors`,
/// `Icmp6InMsgs`) into protocol and field at the first `6`.
pub(crate) fn parse_snmp6(bytes: &[u8]) -> Result<Vec<SnmpValue>> {
    const PATH: &str = "net/snmp6";
    let mut out = Vec::new();
    for v in parse_name_values(bytes, PATH)? {
        let Some(six) = v.name.find('6') else { continue };
        let (proto, field) = v.name.split_at(six + 1);
        if field.is_empty() {
            continue;
        }
        out.push(SnmpValue { protocol: proto.to_owned(), name: field.to_owned(), value: v.value });
    }
    Ok(out)
}

/// Parses `/proc/net/sockstat{,6}`: `PROTO: key value key value...` lines.
pub(crate) fn parse_sockstat(bytes: &[u8], path: &str) -> Result<Vec<SockstatValue>> {
    let mut out = Vec::new();
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let colon =
            line.iter().position(|&b| b == b':').ok_or_else(|| Error::parse(path, "no protocol name"))?;
        let protocol = text(&line[..colon]);
        let mut w = words(&line[colon + 1..]);
        while let Some(key) = w.next() {
            let value = w
                .next()
                .and_then(parse_u64)
                .ok_or_else(|| Error::parse(path, format!("bad value for {protocol} {}", text(key))))?;
            out.push(SockstatValue { protocol: protocol.clone(), name: text(key), value });
        }
    }
    Ok(out)
}

fn parse_pressure_line(line: &[u8]) -> Option<PressureLine> {
    let mut p = PressureLine { avg10: 0.0, avg60: 0.0, avg300: 0.0, total_us: 0 };
    let mut seen = 0u8;
    for w in words(line).skip(1) {
        let eq = w.iter().position(|&b| b == b'=')?;
        let (key, value) = (&w[..eq], std::str::from_utf8(&w[eq + 1..]).ok()?);
        match key {
            b"avg10" => p.avg10 = value.parse().ok()?,
            b"avg60" => p.avg60 = value.parse().ok()?,
            b"avg300" => p.avg300 = value.parse().ok()?,
            b"total" => p.total_us = value.parse().ok()?,
            _ => continue,
        }
        seen += 1;
    }
    (seen == 4).then_some(p)
}

/// Parses a `/proc/pressure/<resource>` file: a `some` line and, except for older `cpu`
/// files, a `full` line, each `avg10=.. avg60=.. avg300=.. total=..` (total in µs).
pub(crate) fn parse_pressure(bytes: &[u8]) -> Result<Pressure> {
    let mut out = Pressure { some: None, full: None };
    for line in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()) {
        let parsed = parse_pressure_line(line)
            .ok_or_else(|| Error::parse("pressure", format!("bad line {:?}", text(line))));
        match words(line).next() {
            Some(b"some") => out.some = Some(parsed?),
            Some(b"full") => out.full = Some(parsed?),
            _ => return Err(Error::parse("pressure", format!("unknown line {:?}", text(line)))),
        }
    }
    if out.some.is_none() {
        return Err(Error::parse("pressure", "no `some` line"));
    }
    Ok(out)
}

/// The `processes`, `procs_running` and `procs_blocked` lines of `/proc/stat`.
pub(crate) fn parse_stat_counters(bytes: &[u8]) -> Result<StatCounters> {
    let (mut forks, mut running, mut blocked) = (None, None, None);
    for line in split_lines(bytes) {
        let mut w = words(line);
        let slot = match w.next() {
            Some(b"processes") => &mut forks,
            Some(b"procs_running") => &mut running,
            Some(b"procs_blocked") => &mut blocked,
            _ => continue,
        };
        *slot = w.next().and_then(parse_u64);
    }
    match (forks, running, blocked) {
        (Some(forks), Some(procs_running), Some(procs_blocked)) => {
            Ok(StatCounters { forks, procs_running, procs_blocked })
        }
        _ => Err(Error::parse("stat", "processes, procs_running or procs_blocked missing or malformed")),
    }
}

/// Whitespace-separated integers, as the `/proc/sys` files hold (`file-nr`, `pid_max`).
pub(crate) fn parse_integers(bytes: &[u8], path: &str) -> Result<Vec<i64>> {
    let out: Option<Vec<i64>> = words(bytes).map(parse_i64).collect();
    match out {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::parse(path, "not a list of integers")),
    }
}

fn hex_u64(w: &[u8]) -> Option<u64> {
    u64::from_str_radix(std::str::from_utf8(w).ok()?, 16).ok()
}

/// Parses `/proc/net/softnet_stat`: one line per CPU of hexadecimal columns. The CPU is
/// the 13th column when present (Linux ≥ 5.10), else the line's position.
pub(crate) fn parse_softnet(bytes: &[u8]) -> Result<Vec<SoftnetStat>> {
    let mut out = Vec::new();
    for (index, line) in split_lines(bytes).filter(|l| !l.trim_ascii().is_empty()).enumerate() {
        let cols: Option<Vec<u64>> = words(line).map(hex_u64).collect();
        let cols = cols.ok_or_else(|| Error::parse("net/softnet_stat", "not hexadecimal"))?;
        if cols.len() < 9 {
            return Err(Error::parse(
                "net/softnet_stat",
                format!("{} columns, at least 9 expected", cols.len()),
            ));
        }
        let cpu = cols.get(12).copied().unwrap_or(index as u64);
        out.push(SoftnetStat {
            cpu: u32::try_from(cpu).map_err(|_| Error::parse("net/softnet_stat", "cpu out of range"))?,
            processed: cols[0],
            dropped: cols[1],
            time_squeeze: cols[2],
            received_rps: cols.get(9).copied(),
            flow_limit_count: cols.get(10).copied(),
        });
    }
    Ok(out)
}

/// Sums the `tx_queue` and `rx_queue` columns (`tx:rx`, hexadecimal) of `/proc/net/udp{,6}`
/// or `/proc/net/tcp{,6}` (the same layout).
pub(crate) fn parse_udp_queues(bytes: &[u8]) -> Result<UdpQueues> {
    let mut q = UdpQueues { tx_queue: 0, rx_queue: 0 };
    for line in split_lines(bytes).skip(1).filter(|l| !l.trim_ascii().is_empty()) {
        let bad = || Error::parse("net/udp", format!("bad line {:?}", text(line)));
        let queues = words(line).nth(4).ok_or_else(bad)?;
        let colon = queues.iter().position(|&b| b == b':').ok_or_else(bad)?;
        let tx = hex_u64(&queues[..colon]).ok_or_else(bad)?;
        let rx = hex_u64(&queues[colon + 1..]).ok_or_else(bad)?;
        q.tx_queue = q.tx_queue.saturating_add(tx);
        q.rx_queue = q.rx_queue.saturating_add(rx);
    }
    Ok(q)
}

/// Counts `/proc/net/arp` entries per device (the last column), in first-seen order.
pub(crate) fn parse_arp(bytes: &[u8]) -> Result<Vec<ArpEntries>> {
    let mut out: Vec<ArpEntries> = Vec::new();
    for line in split_lines(bytes).skip(1).filter(|l| !l.trim_ascii().is_empty()) {
        let device = words(line).nth(5).ok_or_else(|| Error::parse("net/arp", "fewer than 6 columns"))?;
        let device = text(device);
        match out.iter_mut().find(|e| e.device == device) {
            Some(e) => e.entries += 1,
            None => out.push(ArpEntries { device, entries: 1 }),
        }
    }
    Ok(out)
}

/// Parses the `cpuN` lines of `/proc/schedstat` (version 15: seven counters, then the
/// nanoseconds run, the nanoseconds waited and the timeslices).
pub(crate) fn parse_schedstat(bytes: &[u8]) -> Result<Vec<SchedStat>> {
    let mut out = Vec::new();
    for line in split_lines(bytes) {
        let mut w = words(line);
        let Some(cpu) = w.next().and_then(|n| n.strip_prefix(b"cpu")) else { continue };
        let bad = || Error::parse("schedstat", format!("bad line {:?}", text(line)));
        let cpu = parse_u64(cpu).and_then(|c| u32::try_from(c).ok()).ok_or_else(bad)?;
        let nums: Option<Vec<u64>> = w.map(parse_u64).collect();
        let nums = nums.filter(|n| n.len() >= 9).ok_or_else(bad)?;
        out.push(SchedStat { cpu, running_ns: nums[6], waiting_ns: nums[7], timeslices: nums[8] });
    }
    Ok(out)
}

/// Parses `/proc/interrupts`: a header of `CPUn` names, then per source `name:` and one
/// count per CPU, then its description words. Lines with fewer counts (`ERR`, `MIS`)
/// are kept with the counts they have.
pub(crate) fn parse_interrupts(bytes: &[u8]) -> Result<Vec<Interrupt>> {
    let mut lines = split_lines(bytes).filter(|l| !l.trim_ascii().is_empty());
    let header = lines.next().ok_or_else(|| Error::parse("interrupts", "empty"))?;
    let cpus: Vec<String> = words(header).map(|w| text(w.strip_prefix(b"CPU").unwrap_or(w))).collect();
    let mut out = Vec::new();
    for line in lines {
        let mut w = words(line).peekable();
        let name = w
            .next()
            .and_then(|n| n.strip_suffix(b":"))
            .ok_or_else(|| Error::parse("interrupts", format!("no source in {:?}", text(line))))?;
        let mut counts = Vec::with_capacity(cpus.len());
        while counts.len() < cpus.len() {
            match w.peek().and_then(|v| parse_u64(v)) {
                Some(v) => {
                    counts.push(v);
                    w.next();
                }
                None => break,
            }
        }
        out.push(Interrupt { name: text(name), counts, description: w.map(text).collect() });
    }
    Ok(out)
}

/// The CPU numbers of the `/proc/interrupts` header (`CPU0 CPU1 CPU3` → 0, 1, 3).
pub(crate) fn parse_interrupt_cpus(bytes: &[u8]) -> Vec<u32> {
    let header = split_lines(bytes).next().unwrap_or_default();
    words(header)
        .filter_map(|w| w.strip_prefix(b"CPU").and_then(parse_u64))
        .filter_map(|c| u32::try_from(c).ok())
        .collect()
}

// ---------------------------------------------------------------- readers

pub(crate) fn schedstat(roots: &Roots) -> Result<Vec<SchedStat>> {
    with_file(&roots.proc_file("schedstat"), parse_schedstat)
}

pub(crate) fn interrupts(roots: &Roots) -> Result<(Vec<u32>, Vec<Interrupt>)> {
    with_file(&roots.proc_file("interrupts"), |b| Ok((parse_interrupt_cpus(b), parse_interrupts(b)?)))
}

pub(crate) fn meminfo_fields(roots: &Roots) -> Result<Vec<MeminfoField>> {
    with_file(&roots.proc_file("meminfo"), parse_meminfo_fields)
}

pub(crate) fn vmstat(roots: &Roots) -> Result<Vec<VmstatValue>> {
    with_file(&roots.proc_file("vmstat"), |b| parse_name_values(b, "vmstat"))
}

pub(crate) fn net_snmp(roots: &Roots) -> Result<Vec<SnmpValue>> {
    let mut out = with_file(&roots.proc_file("net/snmp"), |b| parse_snmp_tables(b, "net/snmp"))?;
    out.extend(with_file(&roots.proc_file("net/netstat"), |b| parse_snmp_tables(b, "net/netstat"))?);
    match with_file(&roots.proc_file("net/snmp6"), parse_snmp6) {
        Ok(v6) => out.extend(v6),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(out)
}

pub(crate) fn sockstat(roots: &Roots) -> Result<Vec<SockstatValue>> {
    let mut out = with_file(&roots.proc_file("net/sockstat"), |b| parse_sockstat(b, "net/sockstat"))?;
    match with_file(&roots.proc_file("net/sockstat6"), |b| parse_sockstat(b, "net/sockstat6")) {
        Ok(v6) => out.extend(v6),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(out)
}

pub(crate) fn pressure(roots: &Roots, resource: &str) -> Result<Pressure> {
    with_file(&roots.proc_file(format!("pressure/{resource}")), parse_pressure)
}

pub(crate) fn stat_counters(roots: &Roots) -> Result<StatCounters> {
    with_file(&roots.proc_file("stat"), parse_stat_counters)
}

pub(crate) fn sysctl(roots: &Roots, rel: &str) -> Result<Vec<i64>> {
    with_file(&roots.proc_file("sys").join(rel), |b| parse_integers(b, rel))
}

pub(crate) fn softnet(roots: &Roots) -> Result<Vec<SoftnetStat>> {
    with_file(&roots.proc_file("net/softnet_stat"), parse_softnet)
}

pub(crate) fn socket_queues(roots: &Roots, protocol: &str, v6: bool) -> Result<UdpQueues> {
    let file = format!("net/{protocol}{}", if v6 { "6" } else { "" });
    with_file(&roots.proc_file(file), parse_udp_queues)
}

pub(crate) fn arp(roots: &Roots) -> Result<Vec<ArpEntries>> {
    with_file(&roots.proc_file("net/arp"), parse_arp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn meminfo_keeps_every_line_and_scales_kb_only() {
        let m =
            parse_meminfo_fields(b"MemTotal:  100 kB\nHugePages_Total:   3\nActive(anon):  2 kB\n").unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0], MeminfoField { name: "MemTotal".into(), value: 102_400, in_bytes: true });
        assert_eq!(m[1], MeminfoField { name: "HugePages_Total".into(), value: 3, in_bytes: false });
        assert_eq!(m[2].name, "Active(anon)");
        assert!(parse_meminfo_fields(b"MemTotal: x kB\n").is_err());
        assert!(parse_meminfo_fields(b"MemTotal 1 kB\n").is_err());
        assert!(parse_meminfo_fields(b"MemTotal: 1 MB\n").is_err());
        assert!(parse_meminfo_fields(b"MemTotal: 18446744073709551615 kB\n").is_err());
        assert_eq!(parse_meminfo_fields(b"").unwrap(), vec![]);
    }

    #[test]
    fn vmstat_pairs() {
        let v = parse_name_values(b"pgfault 10\nnr_x -3\n", "vmstat").unwrap();
        assert_eq!(v[1], VmstatValue { name: "nr_x".into(), value: -3 });
        assert!(parse_name_values(b"pgfault\n", "vmstat").is_err());
        assert!(parse_name_values(b"pgfault 1 2\n", "vmstat").is_err());
    }

    #[test]
    fn snmp_header_value_pairs() {
        let t = b"Tcp: RtoMin MaxConn\nTcp: 200 -1\nUdp: InDatagrams\nUdp: 5\n";
        let v = parse_snmp_tables(t, "snmp").unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v[1], SnmpValue { protocol: "Tcp".into(), name: "MaxConn".into(), value: -1 });
        assert!(parse_snmp_tables(b"Tcp: A B\nTcp: 1\n", "snmp").is_err());
        assert!(parse_snmp_tables(b"Tcp: A\nUdp: 1\n", "snmp").is_err());
        assert!(parse_snmp_tables(b"Tcp: A\n", "snmp").is_err());
    }

    #[test]
    fn snmp6_names_split_after_the_six() {
        let v = parse_snmp6(b"Ip6InOctets 7\nUdpLite6InErrors 1\nIcmp6OutMsgs 2\n").unwrap();
        let names: Vec<_> = v.iter().map(|s| format!("{}_{}={}", s.protocol, s.name, s.value)).collect();
        assert_eq!(names, ["Ip6_InOctets=7", "UdpLite6_InErrors=1", "Icmp6_OutMsgs=2"]);
    }

    #[test]
    fn sockstat_lines() {
        let v =
            parse_sockstat(b"sockets: used 22\nTCP: inuse 2 orphan 0 tw 2 alloc 2 mem 453\n", "s").unwrap();
        assert_eq!(v.len(), 6);
        assert_eq!(v[0], SockstatValue { protocol: "sockets".into(), name: "used".into(), value: 22 });
        assert_eq!(v[5].value, 453);
        assert!(parse_sockstat(b"TCP: inuse\n", "s").is_err());
        assert!(parse_sockstat(b"TCP inuse 1\n", "s").is_err());
    }

    #[test]
    fn pressure_some_and_full() {
        let p = parse_pressure(
            b"some avg10=1.50 avg60=0.00 avg300=0.00 total=193909918\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        )
        .unwrap();
        assert_eq!(p.some.unwrap().total_us, 193_909_918);
        assert_eq!(p.some.unwrap().avg10, 1.5);
        assert_eq!(p.full.unwrap().total_us, 0);
        let cpu_old = parse_pressure(b"some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n").unwrap();
        assert!(cpu_old.full.is_none());
        assert!(parse_pressure(b"").is_err());
        assert!(parse_pressure(b"some avg10=x avg60=0 avg300=0 total=1\n").is_err());
        assert!(parse_pressure(b"some avg10=0 total=1\n").is_err());
    }

    #[test]
    fn stat_counter_lines() {
        let s = parse_stat_counters(b"cpu 1 2\nprocesses 99\nprocs_running 3\nprocs_blocked 1\n").unwrap();
        assert_eq!(s, StatCounters { forks: 99, procs_running: 3, procs_blocked: 1 });
        assert!(parse_stat_counters(b"processes 99\nprocs_running 3\n").is_err());
    }

    #[test]
    fn integers_and_softnet_and_udp_and_arp() {
        assert_eq!(parse_integers(b"799\t0\t2466239\n", "file-nr").unwrap(), vec![799, 0, 2_466_239]);
        assert!(parse_integers(b"\n", "x").is_err());
        assert!(parse_integers(b"1 a\n", "x").is_err());
        let s = parse_softnet(
            b"00000016 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000002 00000003 00000000 00000005\n",
        )
        .unwrap();
        assert_eq!((s[0].cpu, s[0].processed, s[0].time_squeeze, s[0].received_rps), (5, 22, 1, Some(2)));
        let old = parse_softnet(b"1 2 3 0 0 0 0 0 0\n1 2 3 0 0 0 0 0 0\n").unwrap();
        assert_eq!((old[1].cpu, old[1].received_rps), (1, None));
        assert!(parse_softnet(b"1 2 3\n").is_err());
        let udp = b"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n  \
                    1: 00000000:0044 00000000:0000 07 00000010:00000200 00:00000000 00000000     0        0 1 2 0 0\n";
        assert_eq!(parse_udp_queues(udp).unwrap(), UdpQueues { tx_queue: 16, rx_queue: 512 });
        assert!(parse_udp_queues(b"h\n 1: a b c\n").is_err());
        let arp = b"IP address HW type Flags HW address Mask Device\n10.0.0.1 0x1 0x2 aa:bb * eth0\n10.0.0.2 0x1 0x2 aa:bc * eth0\n";
        assert_eq!(parse_arp(arp).unwrap(), vec![ArpEntries { device: "eth0".into(), entries: 2 }]);
    }

    #[test]
    fn schedstat_and_interrupts() {
        let s = parse_schedstat(
            b"version 15\ntimestamp 1\ncpu0 0 0 0 0 0 0 100 200 3\ndomain0 3 1 2\ncpu1 0 0 0 0 0 0 4 5 6\n",
        )
        .unwrap();
        assert_eq!(
            s,
            vec![
                SchedStat { cpu: 0, running_ns: 100, waiting_ns: 200, timeslices: 3 },
                SchedStat { cpu: 1, running_ns: 4, waiting_ns: 5, timeslices: 6 },
            ]
        );
        assert!(parse_schedstat(b"cpu0 1 2\n").is_err());
        let t = b"           CPU0       CPU2\n 24:  1  0  IO-APIC   5-edge      ACPI:Ged\nNMI: 0 7 Non-maskable interrupts\nERR:          0\n";
        let i = parse_interrupts(t).unwrap();
        assert_eq!(parse_interrupt_cpus(t), vec![0, 2]);
        assert_eq!(
            i[0],
            Interrupt {
                name: "24".into(),
                counts: vec![1, 0],
                description: vec!["IO-APIC".into(), "5-edge".into(), "ACPI:Ged".into()]
            }
        );
        assert_eq!(i[1].counts, vec![0, 7]);
        assert_eq!((i[2].name.as_str(), i[2].counts.as_slice()), ("ERR", &[0u64][..]));
        assert!(parse_interrupts(b"").is_err());
    }

    proptest! {
        #[test]
        fn table_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_meminfo_fields(&bytes);
            let _ = parse_name_values(&bytes, "x");
            let _ = parse_snmp_tables(&bytes, "x");
            let _ = parse_snmp6(&bytes);
            let _ = parse_sockstat(&bytes, "x");
            let _ = parse_pressure(&bytes);
            let _ = parse_stat_counters(&bytes);
            let _ = parse_integers(&bytes, "x");
            let _ = parse_softnet(&bytes);
            let _ = parse_udp_queues(&bytes);
            let _ = parse_arp(&bytes);
            let _ = parse_schedstat(&bytes);
            let _ = parse_interrupts(&bytes);
            let _ = parse_interrupt_cpus(&bytes);
        }

        #[test]
        fn meminfo_round_trips(rows in proptest::collection::vec(("[A-Za-z_()]{1,12}", 0u64..1 << 40, any::<bool>()), 0..20)) {
            let mut text = String::new();
            for (name, value, kb) in &rows {
                text.push_str(&format!("{name}: {value}{}\n", if *kb { " kB" } else { "" }));
            }
            let parsed = parse_meminfo_fields(text.as_bytes()).unwrap();
            prop_assert_eq!(parsed.len(), rows.len());
            for (p, (name, value, kb)) in parsed.iter().zip(&rows) {
                prop_assert_eq!(&p.name, name);
                prop_assert_eq!(p.value, if *kb { value * 1024 } else { *value });
            }
        }
    }
}
