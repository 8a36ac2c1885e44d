//! netdev, netclass, netstat, sockstat, softnet, udp_queues and arp, under
//! node_exporter's names.

use std::sync::OnceLock;

use psutil_rs::os::linux;
use regex::Regex;

use super::{is_not_found, lib, CollectResult, Context};
use crate::exporter::metrics::{Kind, Metrics};

pub fn netdev(m: &mut Metrics, _: &Context) -> CollectResult {
    let class = linux::net_class().unwrap_or_default();
    for d in lib(linux::net_dev_stats())? {
        let l = [("device", d.name.as_str())];
        let rows = [
            ("receive_bytes", d.rx_bytes),
            ("receive_compressed", d.rx_compressed),
            ("receive_drop", d.rx_drop),
            ("receive_errs", d.rx_errs),
            ("receive_fifo", d.rx_fifo),
            ("receive_frame", d.rx_frame),
            ("receive_multicast", d.rx_multicast),
            ("receive_packets", d.rx_packets),
            ("transmit_bytes", d.tx_bytes),
            ("transmit_carrier", d.tx_carrier),
            ("transmit_colls", d.tx_colls),
            ("transmit_compressed", d.tx_compressed),
            ("transmit_drop", d.tx_drop),
            ("transmit_errs", d.tx_errs),
            ("transmit_fifo", d.tx_fifo),
            ("transmit_packets", d.tx_packets),
        ];
        for (what, v) in rows {
            let name = format!("node_network_{what}_total");
            m.add(&name, &format!("Network device statistic {what}."), Kind::Counter, &l, v as f64);
        }
        let nohandler =
            class.iter().find(|c| c.name == d.name).and_then(|c| c.attr_i64("statistics/rx_nohandler"));
        if let Some(v) = nohandler {
            m.add(
                "node_network_receive_nohandler_total",
                "Network device statistic receive_nohandler.",
                Kind::Counter,
                &l,
                v as f64,
            );
        }
    }
    Ok(())
}

pub fn netclass(m: &mut Metrics, _: &Context) -> CollectResult {
    let gauges = [
        (
            "addr_assign_type",
            "node_network_address_assign_type",
            "Network device property: address_assign_type",
        ),
        ("carrier", "node_network_carrier", "Network device property: carrier"),
        ("dev_id", "node_network_device_id", "Network device property: device_id"),
        ("dormant", "node_network_dormant", "Network device property: dormant"),
        ("flags", "node_network_flags", "Network device property: flags"),
        ("ifindex", "node_network_iface_id", "Network device property: iface_id"),
        ("iflink", "node_network_iface_link", "Network device property: iface_link"),
        ("link_mode", "node_network_iface_link_mode", "Network device property: iface_link_mode"),
        ("mtu", "node_network_mtu_bytes", "Network device property: mtu_bytes"),
        ("name_assign_type", "node_network_name_assign_type", "Network device property: name_assign_type"),
        ("netdev_group", "node_network_net_dev_group", "Network device property: net_dev_group"),
        ("type", "node_network_protocol_type", "Network device property: protocol_type"),
        (
            "tx_queue_len",
            "node_network_transmit_queue_length",
            "Network device property: transmit_queue_length",
        ),
    ];
    let counters = [
        (
            "carrier_changes",
            "node_network_carrier_changes_total",
            "Network device property: carrier_changes_total",
        ),
        (
            "carrier_down_count",
            "node_network_carrier_down_changes_total",
            "Network device property: carrier_down_changes_total",
        ),
        (
            "carrier_up_count",
            "node_network_carrier_up_changes_total",
            "Network device property: carrier_up_changes_total",
        ),
    ];
    for dev in lib(linux::net_class())? {
        let l = [("device", dev.name.as_str())];
        let text = |a: &str| dev.attr(a).unwrap_or("").to_owned();
        let info = [
            ("address", text("address")),
            ("broadcast", text("broadcast")),
            ("device", dev.name.clone()),
            ("duplex", text("duplex")),
            ("ifalias", text("ifalias")),
            ("operstate", text("operstate")),
        ];
        let info: Vec<(String, String)> = info.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        m.add_owned(
            "node_network_info",
            "Non-numeric data from /sys/class/net/<iface>, value is always 1.",
            Kind::Gauge,
            info,
            1.0,
        );
        for (attr, name, help) in gauges {
            if let Some(v) = dev.attr_i64(attr) {
                m.add(name, help, Kind::Gauge, &l, v as f64);
            }
        }
        for (attr, name, help) in counters {
            if let Some(v) = dev.attr_i64(attr) {
                m.add(name, help, Kind::Counter, &l, v as f64);
            }
        }
        if let Some(mbits) = dev.attr_i64("speed") {
            m.add(
                "node_network_speed_bytes",
                "Network device property: speed_bytes",
                Kind::Gauge,
                &l,
                mbits as f64 * 125_000.0,
            );
        }
        let up = if dev.attr("operstate") == Some("up") { 1.0 } else { 0.0 };
        m.add("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.", Kind::Gauge, &l, up);
    }
    Ok(())
}

/// node_exporter's default `--collector.netstat.fields`, with the newer TcpExt fields the
/// dashboard reads (TCPOFOQueue, TCPRcvQDrop).
const NETSTAT_FIELDS: &str = r"^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$";

pub fn netstat(m: &mut Metrics, _: &Context) -> CollectResult {
    static FIELDS: OnceLock<Option<Regex>> = OnceLock::new();
    let fields =
        FIELDS.get_or_init(|| Regex::new(NETSTAT_FIELDS).ok()).as_ref().ok_or("bad netstat pattern")?;
    for v in lib(linux::net_snmp())? {
        let key = format!("{}_{}", v.protocol, v.name);
        if fields.is_match(&key) {
            let help = format!("Statistic {}{}.", v.protocol, v.name);
            m.add(&format!("node_netstat_{key}"), &help, Kind::Untyped, &[], v.value as f64);
        }
    }
    Ok(())
}

pub fn sockstat(m: &mut Metrics, _: &Context) -> CollectResult {
    let page = linux::page_size() as f64;
    for s in lib(linux::sockstat())? {
        let name = format!("node_sockstat_{}_{}", s.protocol, s.name);
        m.gauge(&name, &format!("Number of {} sockets in state {}.", s.protocol, s.name), s.value as f64);
        if s.name == "mem" {
            m.gauge(
                &format!("{name}_bytes"),
                &format!("Number of {} sockets in state mem_bytes.", s.protocol),
                s.value as f64 * page,
            );
        }
    }
    Ok(())
}

pub fn softnet(m: &mut Metrics, _: &Context) -> CollectResult {
    for s in lib(linux::softnet_stat())? {
        let cpu = s.cpu.to_string();
        let l = [("cpu", cpu.as_str())];
        m.add(
            "node_softnet_processed_total",
            "Number of processed packets",
            Kind::Counter,
            &l,
            s.processed as f64,
        );
        m.add("node_softnet_dropped_total", "Number of dropped packets", Kind::Counter, &l, s.dropped as f64);
        m.add(
            "node_softnet_times_squeezed_total",
            "Number of times processing packets ran out of quota",
            Kind::Counter,
            &l,
            s.time_squeeze as f64,
        );
        if let Some(v) = s.received_rps {
            m.add(
                "node_softnet_received_rps_total",
                "Number of inter-processor interrupts received for RPS",
                Kind::Counter,
                &l,
                v as f64,
            );
        }
        if let Some(v) = s.flow_limit_count {
            m.add(
                "node_softnet_flow_limit_count_total",
                "Number of times flow limit has been reached",
                Kind::Counter,
                &l,
                v as f64,
            );
        }
    }
    Ok(())
}

pub fn udp_queues(m: &mut Metrics, _: &Context) -> CollectResult {
    const HELP: &str = "Number of allocated memory in the kernel for UDP datagrams in bytes.";
    for (ipv6, ip) in [(false, "v4"), (true, "v6")] {
        let q = match linux::udp_queues(ipv6) {
            Ok(q) => q,
            Err(e) if ipv6 && is_not_found(&e) => continue,
            Err(e) => return Err(e.to_string()),
        };
        m.add("node_udp_queues", HELP, Kind::Gauge, &[("ip", ip), ("queue", "rx")], q.rx_queue as f64);
        m.add("node_udp_queues", HELP, Kind::Gauge, &[("ip", ip), ("queue", "tx")], q.tx_queue as f64);
    }
    Ok(())
}

pub fn arp(m: &mut Metrics, _: &Context) -> CollectResult {
    for e in lib(linux::arp_entries())? {
        m.add(
            "node_arp_entries",
            "ARP entries by device",
            Kind::Gauge,
            &[("device", &e.device)],
            e.entries as f64,
        );
    }
    Ok(())
}
