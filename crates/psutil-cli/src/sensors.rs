//! `sensors`, `temperatures`, `fans` and `battery`: hardware sensors.
//!
//! The readings are rendered from their serialized form, so the same code shows every
//! field the library reports (psutil's `shwtemp`, `sfan` and `sbattery`).

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::args::TempArgs;
use crate::error::{CliError, CmdResult, Context};
use crate::output::{self, cell, format_duration};

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, CliError> {
    serde_json::to_value(v).map_err(|e| CliError::failure(format!("cannot render the readings: {e}")))
}

fn temperatures_value(fahrenheit: bool) -> Result<Value, CliError> {
    to_value(&psutil_rs::sensors_temperatures(fahrenheit).context("sensors_temperatures")?)
}

fn fans_value() -> Result<Value, CliError> {
    to_value(&psutil_rs::sensors_fans().context("sensors_fans")?)
}

fn battery_value() -> Result<Value, CliError> {
    to_value(&psutil_rs::sensors_battery().context("sensors_battery")?)
}

fn degrees(v: &Value, unit: &str) -> Option<String> {
    v.as_f64().map(|t| format!("{t:.1} {unit}"))
}

/// `    label  45.0 °C (high 80.0 °C, critical 100.0 °C)` lines per chip.
fn temperatures_text(temps: &Value, fahrenheit: bool, out: &mut String) {
    let unit = if fahrenheit { "°F" } else { "°C" };
    for (chip, sensors) in temps.as_object().into_iter().flatten() {
        let _ = writeln!(out, "{chip}");
        for s in sensors.as_array().into_iter().flatten() {
            let label = s["label"].as_str().filter(|l| !l.is_empty()).unwrap_or(chip);
            let current = degrees(&s["current"], unit).unwrap_or_else(|| "?".into());
            let limits: Vec<String> = [("high", &s["high"]), ("critical", &s["critical"])]
                .iter()
                .filter_map(|(name, v)| degrees(v, unit).map(|d| format!("{name} {d}")))
                .collect();
            let limits = if limits.is_empty() { String::new() } else { format!(" ({})", limits.join(", ")) };
            let _ = writeln!(out, "    {label:<20} {current}{limits}");
        }
    }
}

fn fans_text(fans: &Value, out: &mut String) {
    for (chip, list) in fans.as_object().into_iter().flatten() {
        let _ = writeln!(out, "{chip}");
        for f in list.as_array().into_iter().flatten() {
            let label = f["label"].as_str().filter(|l| !l.is_empty()).unwrap_or(chip);
            let _ = writeln!(out, "    {label:<20} {} RPM", cell(&f["current"]));
        }
    }
}

/// The battery's seconds left as text: psutil's -2 (unlimited) and -1 (unknown) included.
fn secsleft_text(v: &Value) -> String {
    match v.as_i64() {
        Some(-2) => "unlimited (on AC power)".into(),
        Some(n) if n < 0 => "unknown".into(),
        Some(n) => format_duration(n as f64),
        None => match v.as_str() {
            Some(s) => s.to_string(),
            None => "unknown".into(),
        },
    }
}

fn battery_text(b: &Value, out: &mut String) {
    if b.is_null() {
        out.push_str("no battery found\n");
        return;
    }
    let plugged = match b["power_plugged"].as_bool() {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let _ = writeln!(
        out,
        "charge      {}%",
        b["percent"].as_f64().map(|p| format!("{p:.1}")).unwrap_or_else(|| "?".into())
    );
    let _ = writeln!(out, "time left   {}", secsleft_text(&b["secsleft"]));
    let _ = writeln!(out, "plugged in  {plugged}");
}

/// Like `sensors`: temperatures and fans per chip, then the battery.
pub fn sensors(args: &TempArgs, json: bool) -> CmdResult {
    let temps = temperatures_value(args.fahrenheit);
    let fans = fans_value();
    let battery = battery_value();
    let part = |r: &Result<Value, CliError>| match r {
        Ok(v) => v.clone(),
        Err(e) => json!({ "error": e.to_string() }),
    };
    if json {
        return output::json(&json!({
            "temperatures": part(&temps),
            "fans": part(&fans),
            "battery": part(&battery),
        }));
    }
    let mut out = String::from("Temperatures:\n");
    match &temps {
        Ok(t) if t.as_object().is_some_and(|m| !m.is_empty()) => {
            temperatures_text(t, args.fahrenheit, &mut out)
        }
        Ok(_) => out.push_str("    no temperature sensors found\n"),
        Err(e) => out.push_str(&format!("    unavailable: {e}\n")),
    }
    out.push_str("\nFans:\n");
    match &fans {
        Ok(f) if f.as_object().is_some_and(|m| !m.is_empty()) => fans_text(f, &mut out),
        Ok(_) => out.push_str("    no fan sensors found\n"),
        Err(e) => out.push_str(&format!("    unavailable: {e}\n")),
    }
    out.push_str("\nBattery:\n");
    match &battery {
        Ok(b) => battery_text(b, &mut out),
        Err(e) => out.push_str(&format!("unavailable: {e}\n")),
    }
    Ok(out)
}

/// Temperature sensors only, per chip (°C, or °F with `--fahrenheit`).
pub fn temperatures(args: &TempArgs, json: bool) -> CmdResult {
    let temps = temperatures_value(args.fahrenheit)?;
    if json {
        return output::json(&temps);
    }
    if temps.as_object().is_none_or(|m| m.is_empty()) {
        return Ok("no temperature sensors found (the kernel exposes no hwmon or thermal zones)\n".into());
    }
    let mut out = String::new();
    temperatures_text(&temps, args.fahrenheit, &mut out);
    Ok(out)
}

/// Fan speeds in RPM, per chip.
pub fn fans(json: bool) -> CmdResult {
    let fans = fans_value()?;
    if json {
        return output::json(&fans);
    }
    if fans.as_object().is_none_or(|m| m.is_empty()) {
        return Ok("no fan sensors found (the kernel exposes no hwmon fan inputs)\n".into());
    }
    let mut out = String::new();
    fans_text(&fans, &mut out);
    Ok(out)
}

/// Battery charge, time left and power source; says so when there is no battery.
pub fn battery(json: bool) -> CmdResult {
    let b = battery_value()?;
    if json {
        return output::json(&b);
    }
    let mut out = String::new();
    battery_text(&b, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_readings() {
        let temps = json!({"coretemp": [{"label": "Core 0", "current": 45.0, "high": 80.0, "critical": null},
                                        {"label": "", "current": 40.5, "high": null, "critical": null}]});
        let mut out = String::new();
        temperatures_text(&temps, false, &mut out);
        assert_eq!(
            out,
            "coretemp\n    Core 0               45.0 °C (high 80.0 °C)\n    coretemp             40.5 °C\n"
        );
        let mut out = String::new();
        fans_text(&json!({"f": [{"label": "cpu", "current": 1200}]}), &mut out);
        assert!(out.contains("cpu                  1200 RPM"));
        let mut out = String::new();
        battery_text(&json!({"percent": 86.0, "secsleft": 3700, "power_plugged": false}), &mut out);
        assert!(out.contains("86.0%") && out.contains("01:01:40") && out.contains("plugged in  no"), "{out}");
        let mut out = String::new();
        battery_text(&Value::Null, &mut out);
        assert_eq!(out, "no battery found\n");
        assert_eq!(secsleft_text(&json!(-2)), "unlimited (on AC power)");
        assert_eq!(secsleft_text(&json!(-1)), "unknown");
    }
}
