//! NIC rows for `nettop`: bytes and packets per interface, as totals and per second.

use std::collections::BTreeMap;

use psutil_rs::NetIoCounters;
use serde::Serialize;

use super::{now, per_second};

/// One network interface: counters since boot and their growth per second over the
/// last window (`None` on the first refresh).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NicRow {
    pub name: String,
    pub bytes_sent: u64,
    pub bytes_recv: u64,
    pub packets_sent: u64,
    pub packets_recv: u64,
    pub bytes_sent_per_sec: Option<f64>,
    pub bytes_recv_per_sec: Option<f64>,
    pub packets_sent_per_sec: Option<f64>,
    pub packets_recv_per_sec: Option<f64>,
}

/// Rows from two readings of the per-NIC counters `window` seconds apart. An interface
/// that appeared meanwhile has no rates yet.
pub fn nic_rows(
    before: Option<&BTreeMap<String, NetIoCounters>>,
    after: &BTreeMap<String, NetIoCounters>,
    window: f64,
) -> Vec<NicRow> {
    after
        .iter()
        .map(|(name, c)| {
            let prev = before.and_then(|b| b.get(name));
            let rate = |f: fn(&NetIoCounters) -> u64| prev.map(|p| per_second(f(p), f(c), window));
            NicRow {
                name: name.clone(),
                bytes_sent: c.bytes_sent,
                bytes_recv: c.bytes_recv,
                packets_sent: c.packets_sent,
                packets_recv: c.packets_recv,
                bytes_sent_per_sec: rate(|c| c.bytes_sent),
                bytes_recv_per_sec: rate(|c| c.bytes_recv),
                packets_sent_per_sec: rate(|c| c.packets_sent),
                packets_recv_per_sec: rate(|c| c.packets_recv),
            }
        })
        .collect()
}

/// The sum of the rows (psutil's `net_io_counters()` total), named `total`.
pub fn total_row(rows: &[NicRow]) -> NicRow {
    let sum = |f: fn(&NicRow) -> u64| rows.iter().map(f).fold(0u64, u64::wrapping_add);
    let sum_rate = |f: fn(&NicRow) -> Option<f64>| rows.iter().map(f).sum::<Option<f64>>();
    NicRow {
        name: "total".into(),
        bytes_sent: sum(|r| r.bytes_sent),
        bytes_recv: sum(|r| r.bytes_recv),
        packets_sent: sum(|r| r.packets_sent),
        packets_recv: sum(|r| r.packets_recv),
        bytes_sent_per_sec: sum_rate(|r| r.bytes_sent_per_sec),
        bytes_recv_per_sec: sum_rate(|r| r.bytes_recv_per_sec),
        packets_sent_per_sec: sum_rate(|r| r.packets_sent_per_sec),
        packets_recv_per_sec: sum_rate(|r| r.packets_recv_per_sec),
    }
}

/// Reads the per-NIC counters each refresh and keeps the previous reading for rates.
#[derive(Debug, Default)]
pub struct NicSampler {
    prev: Option<(f64, BTreeMap<String, NetIoCounters>)>,
}

impl NicSampler {
    /// A sampler with no previous reading.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rows now (psutil's `net_io_counters(pernic=True)`, wrap-corrected).
    pub fn sample(&mut self) -> psutil_rs::Result<Vec<NicRow>> {
        let counters = psutil_rs::net_io_counters_pernic(true)?;
        let wall = now();
        let rows = match &self.prev {
            Some((t, before)) => nic_rows(Some(before), &counters, wall - t),
            None => nic_rows(None, &counters, 0.0),
        };
        self.prev = Some((wall, counters));
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_come_from_two_readings_of_the_same_nic() {
        let live = psutil_rs::net_io_counters_pernic(false).unwrap();
        let (name, c) = live.iter().next().expect("no NIC, not even lo");
        let first = nic_rows(None, &live, 0.0);
        assert!(first.iter().all(|r| r.bytes_sent_per_sec.is_none()));
        let rows = nic_rows(Some(&live), &live, 1.0);
        let row = rows.iter().find(|r| &r.name == name).unwrap();
        assert_eq!((row.bytes_recv, row.packets_sent), (c.bytes_recv, c.packets_sent));
        assert_eq!(row.bytes_recv_per_sec, Some(0.0));
        let total = total_row(&rows);
        assert_eq!(total.bytes_sent, live.values().map(|c| c.bytes_sent).sum::<u64>());
        assert_eq!(total.packets_recv_per_sec, Some(0.0));
        assert_eq!(total_row(&first).bytes_sent_per_sec, None);
    }
}
