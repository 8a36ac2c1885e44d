//! Sensors on the running system, against `/sys` read here independently (a CI VM usually
//! has no hwmon, thermal zone or battery; then the results must be empty / `None`).
#![cfg(target_os = "linux")]

use std::fs;
use std::path::Path;

use psutil_rs::{sensors_battery, sensors_fans, sensors_temperatures, PowerTime};

fn list(dir: &str, prefix: &str) -> Vec<String> {
    let Ok(rd) = fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<String> = rd
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// Readable, numeric `<kind>N_input` files below each hwmon (and its `device/`), with the
/// chip name: what psutil reports, counted another way.
fn hwmon_inputs(kind: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for hw in list("/sys/class/hwmon", "hwmon") {
        for dir in [format!("/sys/class/hwmon/{hw}"), format!("/sys/class/hwmon/{hw}/device")] {
            let Ok(name) = fs::read_to_string(Path::new(&dir).join("name")) else { continue };
            for f in list(&dir, kind).into_iter().filter(|f| f.ends_with("_input")) {
                if let Some(v) = fs::read_to_string(Path::new(&dir).join(&f))
                    .ok()
                    .and_then(|s| s.trim().parse::<f64>().ok())
                {
                    out.push((name.trim().to_string(), v));
                }
            }
        }
    }
    out
}

#[test]
fn temperatures_match_sysfs() {
    let ours = sensors_temperatures(false).unwrap();
    let want = hwmon_inputs("temp");
    if !want.is_empty() {
        let n: usize = ours.values().map(Vec::len).sum();
        assert!(n >= want.len(), "{n} sensors, sysfs has {} readable temp inputs", want.len());
        for (chip, millis) in &want {
            let got = ours.get(chip).unwrap_or_else(|| panic!("chip {chip} missing"));
            // Temperatures move; accept any reading of the same chip within 10 °C.
            assert!(got.iter().any(|t| (t.current - millis / 1000.0).abs() < 10.0), "{chip}: {millis}");
        }
        return;
    }
    let zones: Vec<String> = list("/sys/class/thermal", "thermal_zone")
        .into_iter()
        .filter(|z| {
            fs::read_to_string(format!("/sys/class/thermal/{z}/temp"))
                .is_ok_and(|t| t.trim().parse::<f64>().is_ok())
        })
        .collect();
    let n: usize = ours.values().map(Vec::len).sum();
    if list("/sys/class/hwmon", "hwmon")
        .iter()
        .all(|hw| list(&format!("/sys/class/hwmon/{hw}"), "temp").is_empty())
    {
        assert_eq!(n, zones.len(), "thermal-zone fallback: one sensor per readable zone");
    }
    if zones.is_empty() && want.is_empty() {
        assert!(ours.is_empty(), "no hwmon nor thermal zone, yet {ours:?}");
        eprintln!("no temperature sensors on this machine: checked that none are reported");
    }
}

#[test]
fn fans_match_sysfs() {
    let ours = sensors_fans().unwrap();
    let want = hwmon_inputs("fan");
    let n: usize = ours.values().map(Vec::len).sum();
    assert_eq!(n, want.len(), "fans: ours {ours:?}, sysfs {want:?}");
    for (chip, rpm) in want {
        assert!(ours[&chip].iter().any(|f| (f.current as f64 - rpm).abs() < 2000.0), "{chip}");
    }
}

#[test]
fn battery_matches_power_supply() {
    let bats: Vec<String> = list("/sys/class/power_supply", "")
        .into_iter()
        .filter(|n| n.starts_with("BAT") || n.to_lowercase().contains("battery"))
        .collect();
    let ours = sensors_battery().unwrap();
    let Some(bat) = bats.first() else {
        assert_eq!(ours, None, "no battery in /sys/class/power_supply");
        eprintln!("no battery on this machine: checked that None is reported");
        return;
    };
    let Some(b) = ours else {
        // psutil gives None only when neither energy/charge nor capacity can be read.
        assert!(fs::read_to_string(format!("/sys/class/power_supply/{bat}/capacity")).is_err());
        return;
    };
    if let Ok(cap) = fs::read_to_string(format!("/sys/class/power_supply/{bat}/capacity")) {
        let cap: f64 = cap.trim().parse().unwrap();
        assert!((b.percent - cap).abs() <= 5.0, "percent {} vs capacity {cap}", b.percent);
    }
    assert!(b.secsleft >= 0 || b.secsleft == PowerTime::UNKNOWN || b.secsleft == PowerTime::UNLIMITED);
    assert_eq!(b.power_plugged == Some(true), b.secsleft == PowerTime::UNLIMITED);
}
