//! schedstat, interrupts and tcpstat, under node_exporter's names.

use psutil_rs::os::linux;

use super::{is_not_found, lib, CollectResult, Context};
use crate::exporter::metrics::{Kind, Metrics};

pub fn schedstat(m: &mut Metrics, _: &Context) -> CollectResult {
    for s in lib(linux::schedstat())? {
        let cpu = s.cpu.to_string();
        let l = [("cpu", cpu.as_str())];
        m.add(
            "node_schedstat_running_seconds_total",
            "Number of seconds CPU spent running a process.",
            Kind::Counter,
            &l,
            s.running_ns as f64 / 1e9,
        );
        m.add(
            "node_schedstat_waiting_seconds_total",
            "Number of seconds spent by processing waiting for this CPU.",
            Kind::Counter,
            &l,
            s.waiting_ns as f64 / 1e9,
        );
        m.add(
            "node_schedstat_timeslices_total",
            "Number of timeslices executed by CPU.",
            Kind::Counter,
            &l,
            s.timeslices as f64,
        );
    }
    Ok(())
}

/// node_exporter's labels of an interrupt source: a numbered IRQ's first description
/// word is `info` and the rest `devices`; a named one's whole description is `info`.
fn interrupt_labels(name: &str, description: &[String]) -> (String, String) {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        let info = description.first().cloned().unwrap_or_default();
        (info, description.get(1..).unwrap_or_default().join(" "))
    } else {
        (description.join(" "), String::new())
    }
}

pub fn interrupts(m: &mut Metrics, _: &Context) -> CollectResult {
    let (cpus, sources) = lib(linux::interrupts())?;
    for s in sources {
        if s.counts.len() < cpus.len() || s.description.is_empty() {
            continue; // ERR, MIS: system-wide totals without a per-CPU split or a name
        }
        let (info, devices) = interrupt_labels(&s.name, &s.description);
        for (cpu, count) in cpus.iter().zip(&s.counts) {
            let cpu = cpu.to_string();
            let labels = [
                ("cpu", cpu.as_str()),
                ("devices", devices.as_str()),
                ("info", info.as_str()),
                ("type", s.name.as_str()),
            ];
            m.add("node_interrupts_total", "Interrupt details.", Kind::Counter, &labels, *count as f64);
        }
    }
    Ok(())
}

pub fn tcpstat(m: &mut Metrics, _: &Context) -> CollectResult {
    let mut states: Vec<(String, u64)> = Vec::new();
    for c in lib(psutil_rs::net_connections(psutil_rs::ConnectionKind::Tcp))? {
        let state = c.status.as_str().to_lowercase();
        match states.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => states.push((state, 1)),
        }
    }
    let (mut rx, mut tx) = (0u64, 0u64);
    for ipv6 in [false, true] {
        match linux::tcp_queues(ipv6) {
            Ok(q) => {
                rx += q.rx_queue;
                tx += q.tx_queue;
            }
            Err(e) if ipv6 && is_not_found(&e) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    states.push(("rx_queued_bytes".to_owned(), rx));
    states.push(("tx_queued_bytes".to_owned(), tx));
    states.sort();
    for (state, n) in states {
        m.add(
            "node_tcp_connection_states",
            "Number of connection states.",
            Kind::Gauge,
            &[("state", &state)],
            n as f64,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupt_label_split() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            interrupt_labels("24", &words("IO-APIC 5-edge ACPI:Ged")),
            ("IO-APIC".into(), "5-edge ACPI:Ged".into())
        );
        assert_eq!(
            interrupt_labels("NMI", &words("Non-maskable interrupts")),
            ("Non-maskable interrupts".into(), String::new())
        );
    }
}
