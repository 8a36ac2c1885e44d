//! The default view (`psutil` with no subcommand): an overview of this machine.
//!
//! Each section is read independently; one that fails is shown with the reason (and as
//! `{"error": ...}` in JSON) while the others are still printed.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::cpu::{count_text, freq_text};
use crate::error::CmdResult;
use crate::output::{self, bytes2human, format_duration, format_timestamp, section};
use crate::{disks, network, users};

/// How long the overview samples CPU utilization.
const CPU_SAMPLE: Duration = Duration::from_millis(200);

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// System-wide and per-CPU utilization over [`CPU_SAMPLE`] (psutil's `cpu_percent`
/// formula, applied to two samples of the CPU times).
fn cpu_usage() -> (psutil_rs::Result<f64>, psutil_rs::Result<Vec<f64>>) {
    let before = (psutil_rs::cpu_times(), psutil_rs::cpu_times_percpu());
    std::thread::sleep(CPU_SAMPLE);
    let after = (psutil_rs::cpu_times(), psutil_rs::cpu_times_percpu());
    let total = match (before.0, after.0) {
        (Ok(t1), Ok(t2)) => Ok(psutil_rs::cpu_percent_between(&t1, &t2)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let percpu = match (before.1, after.1) {
        (Ok(t1), Ok(t2)) => {
            Ok(t1.iter().zip(&t2).map(|(a, b)| psutil_rs::cpu_percent_between(a, b)).collect())
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    (total, percpu)
}

/// Prints the overview: CPU, memory, swap, load, uptime, disks, network and users.
pub fn overview(json: bool) -> CmdResult {
    let (total, percpu) = cpu_usage();
    let logical = psutil_rs::cpu_count(true);
    let physical = psutil_rs::cpu_count(false);
    let freq = psutil_rs::cpu_freq();
    let vm = psutil_rs::virtual_memory();
    let sw = psutil_rs::swap_memory();
    let load = psutil_rs::getloadavg();
    let boot = psutil_rs::boot_time();
    let uptime = boot.as_ref().map(|b| (now() - b).max(0.0)).map_err(|e| e.to_string());
    let df = disks::df_rows(false);
    let (net_value, net_text) = network::overview_section();
    let users = users::users_value();
    if json {
        let df = match &df {
            Ok(rows) => serde_json::to_value(rows).unwrap_or_else(|e| json!({ "error": e.to_string() })),
            Err(e) => json!({ "error": e.to_string() }),
        };
        let users = match &users {
            Ok(u) => json!(u),
            Err(e) => json!({ "error": e.to_string() }),
        };
        let uptime = match &uptime {
            Ok(u) => json!(u),
            Err(e) => json!({ "error": e }),
        };
        return output::json(&json!({
            "cpu": {
                "count": { "logical": section(&logical), "physical": section(&physical) },
                "percent": section(&total),
                "percent_percpu": section(&percpu),
                "freq": section(&freq),
            },
            "memory": section(&vm),
            "swap": section(&sw),
            "load_average": section(&load),
            "boot_time": section(&boot),
            "uptime": uptime,
            "disks": df,
            "network": net_value,
            "users": users,
        }));
    }
    let mut out = String::new();
    let _ = writeln!(out, "CPU           {}", count_text(&logical, &physical));
    match (&total, &percpu) {
        (Ok(t), Ok(p)) => {
            let each: Vec<String> = p.iter().map(|v| format!("{v:.1}%")).collect();
            let _ = writeln!(out, "  used        {t:.1}% (per CPU: {})", each.join(" "));
        }
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(out, "  used        unavailable: {e}");
        }
    }
    let _ = writeln!(out, "  frequency   {}", freq_text(&freq));
    match &vm {
        Ok(m) => {
            let _ = writeln!(
                out,
                "Memory        {} total, {} used ({:.1}%), {} available, {} free",
                bytes2human(m.total),
                bytes2human(m.used),
                m.percent,
                bytes2human(m.available),
                bytes2human(m.free)
            );
        }
        Err(e) => {
            let _ = writeln!(out, "Memory        unavailable: {e}");
        }
    }
    match &sw {
        Ok(s) if s.total == 0 => {
            let _ = writeln!(out, "Swap          none configured");
        }
        Ok(s) => {
            let _ = writeln!(
                out,
                "Swap          {} total, {} used ({:.1}%), {} free",
                bytes2human(s.total),
                bytes2human(s.used),
                s.percent,
                bytes2human(s.free)
            );
        }
        Err(e) => {
            let _ = writeln!(out, "Swap          unavailable: {e}");
        }
    }
    match &load {
        Ok((a, b, c)) => {
            let _ = writeln!(out, "Load average  {a:.2} {b:.2} {c:.2} (1, 5, 15 min)");
        }
        Err(e) => {
            let _ = writeln!(out, "Load average  unavailable: {e}");
        }
    }
    match (&boot, &uptime) {
        (Ok(b), Ok(u)) => {
            let _ = writeln!(out, "Uptime        {} (booted {})", format_duration(*u), format_timestamp(*b));
        }
        (Err(e), _) => {
            let _ = writeln!(out, "Uptime        unavailable: {e}");
        }
        (_, Err(e)) => {
            let _ = writeln!(out, "Uptime        unavailable: {e}");
        }
    }
    out.push_str("\nDisks\n");
    match &df {
        Ok(rows) if rows.is_empty() => out.push_str("no mounted filesystems found\n"),
        Ok(rows) => out.push_str(&disks::df_table(rows)),
        Err(e) => {
            let _ = writeln!(out, "unavailable: {e}");
        }
    }
    out.push_str("\nNetwork\n");
    out.push_str(&net_text);
    match &users {
        Ok(u) if u.is_empty() => out.push_str("\nUsers: none logged in\n"),
        Ok(u) => {
            let _ = writeln!(out, "\nUsers ({})", u.len());
            out.push_str(&users::users_table(u, &|_| None));
        }
        Err(e) => {
            let _ = writeln!(out, "\nUsers: unavailable: {e}");
        }
    }
    Ok(out)
}
