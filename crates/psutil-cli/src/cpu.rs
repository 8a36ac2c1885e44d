//! `cpu`: counts, times and utilization per CPU, statistics and frequency.

use std::time::Duration;

use serde_json::json;

use crate::args::CpuArgs;
use crate::error::CmdResult;
use crate::output::{self, cell, fields, section, Align, KeyValues, Table};

/// Prints CPU counts, per-CPU utilization over `--interval` next to each CPU's times,
/// the statistics and the frequency.
pub fn cpu(args: &CpuArgs, json: bool) -> CmdResult {
    let interval = (args.interval > 0.0).then(|| Duration::from_secs_f64(args.interval));
    let percent = psutil_rs::cpu_percent_percpu(interval);
    let times = psutil_rs::cpu_times_percpu();
    let logical = psutil_rs::cpu_count(true);
    let physical = psutil_rs::cpu_count(false);
    let stats = psutil_rs::cpu_stats();
    let freq = psutil_rs::cpu_freq();
    let freq_percpu = psutil_rs::cpu_freq_percpu();
    if json {
        return output::json(&json!({
            "count": { "logical": section(&logical), "physical": section(&physical) },
            "percent": section(&percent),
            "times": section(&times),
            "stats": section(&stats),
            "freq": section(&freq),
            "freq_percpu": section(&freq_percpu),
        }));
    }
    let mut kv = KeyValues::new();
    kv.add("CPUs", count_text(&logical, &physical));
    kv.add("frequency", freq_text(&freq));
    kv.add(
        "statistics",
        match &stats {
            Ok(s) => fields(s).iter().map(|(k, v)| format!("{k}={}", cell(v))).collect::<Vec<_>>().join(", "),
            Err(e) => format!("unavailable: {e}"),
        },
    );
    let mut out = kv.render();
    out.push('\n');
    match &times {
        Ok(times) => {
            let names: Vec<String> =
                times.first().map(fields).unwrap_or_default().into_iter().map(|(k, _)| k).collect();
            let mut cols: Vec<(&str, Align)> = vec![("CPU", Align::Right), ("%USED", Align::Right)];
            cols.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
            cols.push(("MHZ", Align::Right));
            let mut table = Table::new(&cols);
            let freqs = freq_percpu.as_ref().ok();
            for (i, t) in times.iter().enumerate() {
                let pct = percent.as_ref().ok().and_then(|p| p.get(i)).map(|p| format!("{p:.1}"));
                let mhz = freqs.and_then(|f| f.get(i)).map(|f| format!("{:.0}", f.current));
                let mut row = vec![i.to_string(), pct.unwrap_or_default()];
                row.extend(fields(t).iter().map(|(_, v)| cell(v)));
                row.push(mhz.unwrap_or_default());
                table.row(row);
            }
            out.push_str("CPU times (seconds since boot) and utilization:\n");
            out.push_str(&table.render());
        }
        Err(e) => out.push_str(&format!("CPU times unavailable: {e}\n")),
    }
    if let Err(e) = &percent {
        out.push_str(&format!("CPU utilization unavailable: {e}\n"));
    }
    Ok(out)
}

/// `2 logical, 1 physical`, with the reason when a count is unknown.
pub fn count_text(
    logical: &psutil_rs::Result<Option<usize>>,
    physical: &psutil_rs::Result<Option<usize>>,
) -> String {
    let one = |r: &psutil_rs::Result<Option<usize>>| match r {
        Ok(Some(n)) => n.to_string(),
        Ok(None) => "unknown".to_string(),
        Err(e) => format!("unavailable ({e})"),
    };
    format!("{} logical, {} physical", one(logical), one(physical))
}

/// `current 2400 MHz (min 800, max 3600)`, or why it is unavailable.
pub fn freq_text(freq: &psutil_rs::Result<Option<psutil_rs::CpuFreq>>) -> String {
    match freq {
        Ok(Some(f)) if f.max > 0.0 => format!("{:.0} MHz (min {:.0}, max {:.0})", f.current, f.min, f.max),
        Ok(Some(f)) => format!("{:.0} MHz", f.current),
        Ok(None) => "unavailable: the kernel exposes no CPU frequency".to_string(),
        Err(e) => format!("unavailable: {e}"),
    }
}
