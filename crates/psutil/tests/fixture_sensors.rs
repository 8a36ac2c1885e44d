//! Sensors on fixture `/sys` trees (`tests/fixtures/sensors_*`): hwmon with and without
//! `device/`, coretemp, unreadable/garbage values, the thermal-zone fallback with trip
//! points, fans, and batteries (energy_*, charge_*, capacity, energy_full=0, no power_now,
//! AC0/AC/status).
#![cfg(target_os = "linux")]

use std::path::Path;

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{
    sensors_battery, sensors_fans, sensors_temperatures, Battery, Error, Fan, PowerTime, Temperature,
};

fn fixture(name: &str) -> Roots {
    Roots::fixture(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

fn temp(label: &str, current: f64, high: Option<f64>, critical: Option<f64>) -> Temperature {
    Temperature { label: label.into(), current, high, critical }
}

#[test]
fn hwmon_temperatures() {
    let t = with_roots(fixture("sensors_hwmon"), || sensors_temperatures(false)).unwrap();
    assert_eq!(t.keys().map(String::as_str).collect::<Vec<_>>(), ["acpitz", "coretemp", "nouveau"]);
    assert_eq!(
        t["coretemp"],
        [
            temp("Package id 0", 45.0, Some(80.0), Some(100.0)),
            // Only _crit: high copies critical.
            temp("Core 0", 47.0, Some(100.0), Some(100.0)),
            // From /sys/devices/platform/coretemp.0, not listed under class/hwmon.
            temp("Core 1", 49.0, None, None),
        ]
    );
    // temp2_input "abc" is skipped; temp3_max "garbage" becomes None.
    assert_eq!(t["acpitz"], [temp("", 27.8, None, None), temp("", 30.0, None, None)]);
    // device/ subdirectory; a critical of 0 is "false" and is not copied.
    assert_eq!(t["nouveau"], [temp("", 55.0, None, Some(0.0))]);
}

#[test]
fn hwmon_temperatures_fahrenheit() {
    let t = with_roots(fixture("sensors_hwmon"), || sensors_temperatures(true)).unwrap();
    assert_eq!(t["coretemp"][0], temp("Package id 0", 113.0, Some(176.0), Some(212.0)));
    assert_eq!(t["nouveau"][0].critical, Some(32.0));
}

#[test]
fn thermal_zone_fallback() {
    let t = with_roots(fixture("sensors_thermal"), || sensors_temperatures(false)).unwrap();
    assert_eq!(t.keys().map(String::as_str).collect::<Vec<_>>(), ["acpitz", "x86_pkg_temp"]);
    assert_eq!(t["x86_pkg_temp"], [temp("", 52.0, Some(105.0), Some(105.0))]);
    assert_eq!(t["acpitz"], [temp("", 30.0, Some(90.0), Some(90.0))]);
    let f = with_roots(fixture("sensors_thermal"), || sensors_temperatures(true)).unwrap();
    assert!((f["x86_pkg_temp"][0].current - 125.6).abs() < 1e-9);
}

#[test]
fn no_sensors_at_all() {
    let t = with_roots(fixture("sensors_bat_none"), || sensors_temperatures(false)).unwrap();
    assert!(t.is_empty());
    assert!(with_roots(fixture("sensors_bat_none"), sensors_fans).unwrap().is_empty());
    assert_eq!(with_roots(fixture("sensors_hwmon"), sensors_battery).unwrap(), None, "no power_supply dir");
}

fn fan(label: &str, current: i64) -> Fan {
    Fan { label: label.into(), current }
}

#[test]
fn fans() {
    let f = with_roots(fixture("sensors_hwmon"), sensors_fans).unwrap();
    assert_eq!(f["coretemp"], [fan("CPU fan", 1200)]);
    assert_eq!(f["acpitz"], [fan("", 800)]);
    let f = with_roots(fixture("sensors_fans_device"), sensors_fans).unwrap();
    assert_eq!(f["it87"], [fan("", 900), fan("Chassis", 950)]);
    let err = with_roots(fixture("sensors_fans_garbage"), sensors_fans).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
}

fn battery(name: &str) -> Option<Battery> {
    with_roots(fixture(name), sensors_battery).unwrap()
}

#[test]
fn batteries() {
    assert_eq!(
        battery("sensors_bat_energy"),
        Some(Battery { percent: 50.0, secsleft: 3 * 3600, power_plugged: Some(false) })
    );
    assert_eq!(
        battery("sensors_bat_charge"),
        Some(Battery { percent: 50.0, secsleft: PowerTime::UNLIMITED, power_plugged: Some(true) })
    );
    assert_eq!(
        battery("sensors_bat_capacity"),
        Some(Battery { percent: 77.0, secsleft: PowerTime::UNLIMITED, power_plugged: Some(true) })
    );
    assert_eq!(
        battery("sensors_bat_zero"),
        Some(Battery { percent: 0.0, secsleft: 7200, power_plugged: None })
    );
    assert_eq!(battery("sensors_bat_none"), None);
}
