//! Network functions against iproute2 on the running system: `ip -j -s -s link` brackets
//! the counters and gives MTU, flags and oper state; `ip -j addr` gives the addresses;
//! `/sys/class/net/<nic>/{speed,duplex}` gives the ethtool values.
#![cfg(target_os = "linux")]

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::Command;

use psutil_rs::{net_if_addrs, net_if_stats, net_io_counters, net_io_counters_pernic, NicDuplex, NicFamily};
use serde_json::Value;

fn ip(args: &[&str]) -> Vec<Value> {
    let out = Command::new("ip").args(args).output().expect("ip (iproute2) runs");
    assert!(out.status.success(), "ip {args:?} failed");
    serde_json::from_slice(&out.stdout).expect("ip -j prints JSON")
}

fn u(v: &Value, path: &[&str]) -> u64 {
    path.iter().fold(v, |v, k| &v[*k]).as_u64().unwrap_or(0)
}

/// psutil's fields from an `ip -j -s -s link` entry.
fn ip_counters(link: &Value) -> [u64; 8] {
    let s = &link["stats64"];
    [
        u(s, &["tx", "bytes"]),
        u(s, &["rx", "bytes"]),
        u(s, &["tx", "packets"]),
        u(s, &["rx", "packets"]),
        u(s, &["rx", "errors"]),
        u(s, &["tx", "errors"]),
        // /proc/net/dev's rx drop column is rx_dropped + rx_missed_errors.
        u(s, &["rx", "dropped"]) + u(s, &["rx", "missed_errors"]),
        u(s, &["tx", "dropped"]),
    ]
}

fn by_name(links: Vec<Value>) -> BTreeMap<String, Value> {
    links.into_iter().filter_map(|l| Some((l["ifname"].as_str()?.to_string(), l))).collect()
}

#[test]
fn io_counters_bracketed_by_ip() {
    let before = by_name(ip(&["-j", "-s", "-s", "link"]));
    let per = net_io_counters_pernic(false).unwrap();
    let total = net_io_counters(false).unwrap();
    let after = by_name(ip(&["-j", "-s", "-s", "link"]));
    assert!(!per.is_empty(), "lo at least");
    let mut sum_b = [0u64; 8];
    let mut sum_a = [0u64; 8];
    for (name, ours) in &per {
        let (Some(b), Some(a)) = (before.get(name), after.get(name)) else {
            panic!("{name} in /proc/net/dev but not in ip link");
        };
        let (b, a, o) = (ip_counters(b), ip_counters(a), ours.to_fields());
        for i in 0..8 {
            assert!(b[i] <= o[i] && o[i] <= a[i], "{name} field {i}: {} not in [{}, {}]", o[i], b[i], a[i]);
            sum_b[i] += b[i];
            sum_a[i] += a[i];
        }
    }
    let t = total.unwrap().to_fields();
    for i in 0..8 {
        assert!(sum_b[i] <= t[i] && t[i] <= sum_a[i], "total field {i}");
    }
}

#[test]
fn stats_match_ip_link_and_sysfs() {
    let links = by_name(ip(&["-j", "link"]));
    let stats = net_if_stats().unwrap();
    assert!(stats.contains_key("lo"));
    for (name, st) in &stats {
        let link = links.get(name).unwrap_or_else(|| panic!("{name} unknown to ip link"));
        assert_eq!(u64::from(st.mtu), u(link, &["mtu"]), "{name} mtu");
        let ip_flags: BTreeSet<String> = link["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f.as_str())
            .map(str::to_lowercase)
            .filter(|f| !matches!(f.as_str(), "lower_up" | "dormant" | "echo" | "no-carrier"))
            .collect();
        let ours: BTreeSet<String> =
            st.flags.split(',').filter(|f| !f.is_empty() && *f != "running").map(String::from).collect();
        assert_eq!(ours, ip_flags, "{name} flags");
        // IFF_RUNNING = admin up and operstate UP or UNKNOWN.
        let oper = link["operstate"].as_str().unwrap_or("");
        let running = ip_flags.contains("up") && matches!(oper, "UP" | "UNKNOWN");
        assert_eq!(st.isup, running, "{name} isup (operstate {oper})");

        let sys = std::path::Path::new("/sys/class/net").join(name);
        let speed =
            std::fs::read_to_string(sys.join("speed")).ok().and_then(|s| s.trim().parse::<i64>().ok());
        match speed {
            Some(s) if s > 0 && s <= i64::from(i32::MAX) => {
                assert_eq!(i64::from(st.speed), s, "{name} speed")
            }
            _ => assert_eq!(st.speed, 0, "{name} speed unknown to sysfs"),
        }
        if let Ok(d) = std::fs::read_to_string(sys.join("duplex")) {
            let want = match d.trim() {
                "full" => NicDuplex::Full,
                "half" => NicDuplex::Half,
                _ => NicDuplex::Unknown,
            };
            assert_eq!(st.duplex, want, "{name} duplex");
        }
    }
}

/// `os::linux::nic_mtu`, `nic_flags` and `nic_duplex_speed`, one NIC at a time, against
/// `/sys/class/net/NAME/{mtu,flags,speed,duplex}` read by the test, and against the same
/// NIC's `net_if_stats()` row; names no NIC has give `ENODEV`.
#[test]
fn one_nic_calls_match_sysfs() {
    use psutil_rs::os::linux::{nic_duplex_speed, nic_flags, nic_mtu};
    let stats = net_if_stats().unwrap();
    for (name, st) in &stats {
        let sys = std::path::Path::new("/sys/class/net").join(name);
        let read = |f: &str| std::fs::read_to_string(sys.join(f)).map(|s| s.trim().to_string());
        let Ok(mtu) = read("mtu") else { continue };
        assert_eq!(nic_mtu(name).unwrap().to_string(), mtu, "{name} mtu");
        let sys_flags = i64::from_str_radix(read("flags").unwrap().trim_start_matches("0x"), 16).unwrap();
        let ours = nic_flags(name).unwrap();
        for (bit, flag) in
            [(0x1, "up"), (0x2, "broadcast"), (0x8, "loopback"), (0x80, "noarp"), (0x1000, "multicast")]
        {
            assert_eq!(
                ours.contains(&flag),
                sys_flags & bit != 0,
                "{name} {flag}: sysfs flags {sys_flags:#x}"
            );
        }
        assert_eq!(ours.join(","), st.flags, "{name} flags as net_if_stats joins them");
        let (duplex, speed) = nic_duplex_speed(name).unwrap();
        let sys_speed = read("speed").ok().and_then(|s| s.parse::<i64>().ok()).filter(|&s| s > 0);
        assert_eq!(speed, sys_speed.map_or(0, |s| s as u32), "{name} speed");
        let sys_duplex = match read("duplex").as_deref() {
            Ok("full") => NicDuplex::Full,
            Ok("half") => NicDuplex::Half,
            _ => NicDuplex::Unknown,
        };
        assert_eq!(duplex, sys_duplex, "{name} duplex");
        assert_eq!((duplex, speed), (st.duplex, st.speed), "{name} as in net_if_stats");
    }
    let nul = "lo\0x".to_string();
    for bad in ["no-such-nic", "", "a-name-of-16-byt", nul.as_str()] {
        for e in [nic_mtu(bad).unwrap_err(), nic_flags(bad).unwrap_err(), nic_duplex_speed(bad).unwrap_err()]
        {
            assert!(
                matches!(&e, psutil_rs::Error::Io { source, .. } if source.raw_os_error() == Some(libc::ENODEV)),
                "{bad:?}: {e}"
            );
        }
    }
}

fn v4_mask(prefix: u64) -> String {
    let bits = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix.min(32)) };
    Ipv4Addr::from(bits).to_string()
}

fn v6_mask(prefix: u64) -> Ipv6Addr {
    let bits = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix.min(128)) };
    Ipv6Addr::from(bits)
}

#[test]
fn addrs_match_ip_addr() {
    let ours = net_if_addrs().unwrap();
    let links = ip(&["-j", "addr"]);
    assert!(ours.contains_key("lo"));
    for link in &links {
        let name = link["ifname"].as_str().unwrap();
        let mine = ours.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let flags: Vec<&str> = link["flags"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
        let info = link["addr_info"].as_array().cloned().unwrap_or_default();

        for (fam, ipfam) in [(NicFamily::Inet, "inet"), (NicFamily::Inet6, "inet6")] {
            let want: BTreeSet<String> = info
                .iter()
                .filter(|a| a["family"] == ipfam)
                .filter_map(|a| Some(a["local"].as_str()?.to_string()))
                .collect();
            let got: BTreeSet<String> = mine
                .iter()
                .filter(|a| a.family == fam)
                .map(|a| a.address.split('%').next().unwrap_or("").to_string())
                .collect();
            assert_eq!(got, want, "{name} {ipfam} addresses");
        }
        for a in &info {
            let local = a["local"].as_str().unwrap();
            let prefix = u(a, &["prefixlen"]);
            let m = mine.iter().find(|m| m.address.split('%').next() == Some(local)).unwrap();
            if a["family"] == "inet" {
                assert_eq!(m.netmask.as_deref(), Some(v4_mask(prefix).as_str()), "{name} {local} netmask");
                if let Some(b) = a["broadcast"].as_str() {
                    assert_eq!(m.broadcast.as_deref(), Some(b), "{name} {local} broadcast");
                }
            } else {
                let mask: Ipv6Addr = m.netmask.as_deref().unwrap().parse().unwrap();
                assert_eq!(mask, v6_mask(prefix), "{name} {local} netmask");
                if local.starts_with("fe80:") {
                    assert_eq!(m.address, format!("{local}%{name}"), "link-local carries the scope");
                }
            }
        }
        let mac = link["address"].as_str().filter(|m| m.len() == 17 && link["link_type"] != "none");
        let our_mac = mine.iter().find(|a| a.family == NicFamily::Link);
        if let Some(mac) = mac {
            let our_mac = our_mac.unwrap_or_else(|| panic!("{name}: no AF_LINK entry"));
            assert_eq!(our_mac.address, mac, "{name} mac");
            if flags.contains(&"BROADCAST") {
                assert_eq!(our_mac.broadcast.as_deref(), link["broadcast"].as_str(), "{name} link broadcast");
            } else {
                assert_eq!(our_mac.broadcast, None);
            }
        }
        assert!(mine.windows(2).all(|w| w[0].family.raw() <= w[1].family.raw()), "{name} sorted by family");
    }
}

/// A counter of `/sys/class/net/<nic>/statistics`.
fn sysfs_stat(nic: &str, name: &str) -> u64 {
    std::fs::read_to_string(format!("/sys/class/net/{nic}/statistics/{name}"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The veth pair that `scripts/test-nic.sh` adds for the test steps (PSUTIL_RS_TEST_NIC
/// names its first end, `psrs0`; the peer is `psrs1`) has the values it was given: up,
/// MTU 1400, veth's 10000 Mb/s full duplex, a /30 with its broadcast and a /64, and the
/// datagram it sent counted on both ends. Without it (no root, or run outside the steps)
/// there is no NIC known to have a speed.
#[test]
fn the_test_veth_pair_has_its_configured_values() {
    let Ok(nic) = std::env::var("PSUTIL_RS_TEST_NIC") else {
        eprintln!("PSUTIL_RS_TEST_NIC is not set (no veth pair was added): nothing to look at");
        return;
    };
    let peer = "psrs1";
    let stats = net_if_stats().unwrap();
    for name in [nic.as_str(), peer] {
        let st = &stats[name];
        assert!(st.isup, "{name} {st:?}");
        assert_eq!((st.duplex, st.speed, st.mtu), (NicDuplex::Full, 10000, 1400), "{name}");
        assert!(st.flags.split(',').any(|f| f == "running"), "{name} {st:?}");
    }
    let addrs = &net_if_addrs().unwrap()[nic.as_str()];
    let v4 = addrs.iter().find(|a| a.family == NicFamily::Inet).expect("an IPv4 address");
    assert_eq!(v4.address, "198.51.100.1");
    assert_eq!(
        (v4.netmask.as_deref(), v4.broadcast.as_deref()),
        (Some("255.255.255.252"), Some("198.51.100.3"))
    );
    let v6 = addrs
        .iter()
        .find(|a| a.family == NicFamily::Inet6 && a.address == "2001:db8:5:1::1")
        .expect("the /64");
    assert_eq!(v6.netmask.as_deref(), Some("ffff:ffff:ffff:ffff::"));
    let mac = std::fs::read_to_string(format!("/sys/class/net/{nic}/address")).unwrap();
    assert!(addrs.iter().any(|a| a.family == NicFamily::Link && a.address == mac.trim()), "{addrs:?}");

    let (sent0, recv0) = (sysfs_stat(&nic, "tx_packets"), sysfs_stat(peer, "rx_packets"));
    let pernic = net_io_counters_pernic(false).unwrap();
    let (sent1, recv1) = (sysfs_stat(&nic, "tx_packets"), sysfs_stat(peer, "rx_packets"));
    let (ours, theirs) = (&pernic[nic.as_str()], &pernic[peer]);
    assert!(sent0 >= 1 && sent0 <= ours.packets_sent && ours.packets_sent <= sent1, "{ours:?}");
    assert!(recv0 >= 1 && recv0 <= theirs.packets_recv && theirs.packets_recv <= recv1, "{theirs:?}");
    assert!(ours.bytes_sent > 0 && theirs.bytes_recv > 0);
}
