//! Linux backend: sensors. hwmon (`<sys>/class/hwmon`, `device/` subdirectories,
//! coretemp), the thermal-zone fallback, and `<sys>/class/power_supply` for the battery.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::fs::with_file;
use crate::paths::Roots;
use crate::sensors::{Battery, Fan, PowerTime, Temperature};
use crate::{Error, Result};

/// Entries of `dir` whose file name satisfies `keep`, like one level of `glob`.
fn glob_level(dir: &Path, keep: impl Fn(&[u8]) -> bool) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else { return Vec::new() };
    rd.flatten().filter(|e| keep(e.file_name().as_bytes())).map(|e| e.path()).collect()
}

fn starts(prefix: &'static [u8]) -> impl Fn(&[u8]) -> bool {
    move |n: &[u8]| n.starts_with(prefix)
}

/// `prefix*_*`: starts with `prefix` and has a `_` after it.
fn sensor_file(prefix: &'static [u8]) -> impl Fn(&[u8]) -> bool {
    move |n: &[u8]| n.starts_with(prefix) && n[prefix.len()..].contains(&b'_')
}

/// `glob(dir/<a>*/<sub>/<b>*_*)`.
fn glob_sensor_files(dir: &Path, a: &'static [u8], sub: Option<&str>, b: &'static [u8]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in glob_level(dir, starts(a)) {
        let d = match sub {
            Some(s) => d.join(s),
            None => d,
        };
        out.extend(glob_level(&d, sensor_file(b)));
    }
    out
}

/// `path` cut at the first `_` of its file name (`.../temp1_input` → `.../temp1`).
fn sensor_base(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.as_bytes();
    let cut = name.iter().position(|&b| b == b'_')?;
    Some(path.with_file_name(std::ffi::OsStr::from_bytes(&name[..cut])))
}

fn sorted_bases(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let set: BTreeSet<Vec<u8>> =
        files.iter().filter_map(|f| sensor_base(f)).map(|b| b.as_os_str().as_bytes().to_vec()).collect();
    set.into_iter().map(|b| PathBuf::from(std::ffi::OsStr::from_bytes(&b))).collect()
}

fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut s = base.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The trimmed text of a sysfs file.
fn read_text(path: &Path) -> Result<String> {
    with_file(path, |b| Ok(sysfs_text(b)))
}

/// A sysfs value as psutil's `bcat` gives it: trimmed, decoded lossily.
pub(crate) fn sysfs_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes.trim_ascii()).into_owned()
}

/// Python's `float(bytes)` on a sysfs value; `None` for anything it would reject.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

/// A millidegree value file as °C; `None` when missing or not a number.
fn read_millis(path: &Path) -> Option<f64> {
    read_text(path).ok().and_then(|t| parse_float(&t)).map(|v| v / 1000.0)
}

fn parent_name(base: &Path) -> Result<String> {
    let dir = base.parent().unwrap_or(base);
    read_text(&dir.join("name"))
}

/// Raw temperatures in psutil's order: `(chip name, sensor)`, before the °F and
/// high/critical post-processing.
pub(crate) fn sensors_temperatures(roots: &Roots) -> Result<Vec<(String, Temperature)>> {
    let hwmon = roots.sys_file("class/hwmon");
    let mut files = glob_sensor_files(&hwmon, b"hwmon", None, b"temp");
    files.extend(glob_sensor_files(&hwmon, b"hwmon", Some("device"), b"temp"));
    let mut bases = sorted_bases(files);

    // coretemp hwmon entries not already listed under class/hwmon.
    let known: BTreeSet<PathBuf> = bases.iter().cloned().collect();
    let platform = roots.sys_file("devices/platform");
    for core in glob_level(&platform, starts(b"coretemp.")) {
        for base in sorted_bases(glob_sensor_files(&core.join("hwmon"), b"hwmon", None, b"temp")) {
            let alt = base
                .parent()
                .and_then(Path::file_name)
                .zip(base.file_name())
                .map(|(hw, f)| hwmon.join(hw).join(f));
            if alt.is_none_or(|a| !known.contains(&a)) {
                bases.push(base);
            }
        }
    }

    let mut out = Vec::new();
    for base in &bases {
        let Some(current) = read_millis(&with_suffix(base, "_input")) else { continue };
        let Ok(name) = parent_name(base) else { continue };
        let high = read_millis(&with_suffix(base, "_max"));
        let critical = read_millis(&with_suffix(base, "_crit"));
        let label = read_text(&with_suffix(base, "_label")).unwrap_or_default();
        out.push((name, Temperature { label, current, high, critical }));
    }
    if !bases.is_empty() {
        return Ok(out);
    }

    let mut zones = glob_level(&roots.sys_file("class/thermal"), starts(b"thermal_zone"));
    zones.sort();
    for zone in zones {
        let Some(current) = read_millis(&zone.join("temp")) else { continue };
        let Ok(name) = read_text(&zone.join("type")) else { continue };
        let trips: BTreeSet<String> = glob_level(&zone, starts(b"trip_point"))
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().split('_').take(3).collect::<Vec<_>>().join("_"))
            .collect();
        let (mut high, mut critical) = (None, None);
        for trip in trips {
            let kind = read_text(&zone.join(format!("{trip}_type"))).unwrap_or_default();
            let temp = || read_text(&zone.join(format!("{trip}_temp"))).ok();
            match kind.as_str() {
                "critical" => critical = temp(),
                "high" => high = temp(),
                _ => {}
            }
        }
        let millis = |v: Option<String>| v.and_then(|t| parse_float(&t)).map(|v| v / 1000.0);
        out.push((
            name,
            Temperature { label: String::new(), current, high: millis(high), critical: millis(critical) },
        ));
    }
    Ok(out)
}

/// Raw fans in psutil's order: `hwmon*/fan*_*`, else `hwmon*/device/fan*_*`. A fan whose
/// `_input` cannot be read is skipped; a non-integer speed or a missing `name` is an error,
/// as in psutil.
pub(crate) fn sensors_fans(roots: &Roots) -> Result<Vec<(String, Fan)>> {
    let hwmon = roots.sys_file("class/hwmon");
    let mut files = glob_sensor_files(&hwmon, b"hwmon", None, b"fan");
    if files.is_empty() {
        files = glob_sensor_files(&hwmon, b"hwmon", Some("device"), b"fan");
    }
    let mut out = Vec::new();
    for base in sorted_bases(files) {
        let path = with_suffix(&base, "_input");
        let Ok(text) = read_text(&path) else { continue };
        let current = parse_fan_speed(&text)
            .ok_or_else(|| Error::parse(path.display(), "fan speed is not an integer"))?;
        let name = parent_name(&base)?;
        let label = read_text(&with_suffix(&base, "_label")).unwrap_or_default();
        out.push((name, Fan { label, current }));
    }
    Ok(out)
}

/// A fan's `_input` text as psutil's `int()` takes it (the text is already trimmed).
pub(crate) fn parse_fan_speed(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

/// What psutil's `multi_bcat` finds: nothing, an integer, or other text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SysValue {
    Missing,
    Int(i64),
    Text(String),
}

impl SysValue {
    /// The value of a file's (trimmed) text: an integer, else the text.
    pub(crate) fn of_text(text: String) -> SysValue {
        match text.parse::<i64>() {
            Ok(v) => SysValue::Int(v),
            Err(_) => SysValue::Text(text),
        }
    }

    fn int(&self, what: &str) -> Result<Option<i64>> {
        match self {
            SysValue::Missing => Ok(None),
            SysValue::Int(v) => Ok(Some(*v)),
            SysValue::Text(t) => Err(Error::parse(what, format!("not an integer: {t:?}"))),
        }
    }
}

/// The first of `paths` that can be read.
fn multi_read(paths: &[PathBuf]) -> SysValue {
    for p in paths {
        if let Ok(text) = read_text(p) {
            return SysValue::of_text(text);
        }
    }
    SysValue::Missing
}

/// The values psutil reads for a battery, so the arithmetic can be tested on its own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BatteryFiles {
    pub(crate) energy_now: SysValue,
    pub(crate) power_now: SysValue,
    pub(crate) energy_full: SysValue,
    pub(crate) time_to_empty: SysValue,
    /// `capacity` (only read when the energy values are missing).
    pub(crate) capacity: Option<String>,
    /// `AC0/online`, else `AC/online`.
    pub(crate) online: SysValue,
    /// `status`, lower-cased.
    pub(crate) status: String,
}

/// psutil's battery arithmetic (7.2.2: `abs(power_now)`).
pub(crate) fn compute_battery(f: &BatteryFiles) -> Result<Option<Battery>> {
    let energy_now = f.energy_now.int("energy_now")?;
    let energy_full = f.energy_full.int("energy_full")?;
    let percent = match (energy_now, energy_full) {
        (Some(now), Some(full)) => {
            if full == 0 {
                0.0
            } else {
                100.0 * now as f64 / full as f64
            }
        }
        _ => {
            let cap = match f.capacity.as_deref() {
                None => -1,
                Some(t) => t
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| Error::parse("capacity", format!("not an integer: {t:?}")))?,
            };
            if cap == -1 {
                return Ok(None);
            }
            cap as f64
        }
    };
    let power_plugged = match &f.online {
        SysValue::Missing => match f.status.as_str() {
            "discharging" => Some(false),
            "charging" | "full" => Some(true),
            _ => None,
        },
        online => Some(*online == SysValue::Int(1)),
    };
    let secsleft = if power_plugged == Some(true) {
        PowerTime::UNLIMITED
    } else if let Some((now, power)) = match energy_now {
        Some(now) => f.power_now.int("power_now")?.map(|p| (now, p)),
        None => None,
    } {
        let s = if power == 0 {
            PowerTime::UNKNOWN
        } else {
            (now as f64 / power.unsigned_abs() as f64 * 3600.0) as i64
        };
        // A negative charge (a broken driver) would give a negative time, which psutil
        // passes on and which may even equal a sentinel: unknown, as for time_to_empty.
        if s < 0 {
            PowerTime::UNKNOWN
        } else {
            s
        }
    } else if let Some(tte) = f.time_to_empty.int("time_to_empty_now")? {
        let s = tte.saturating_mul(60);
        if s < 0 {
            PowerTime::UNKNOWN
        } else {
            s
        }
    } else {
        PowerTime::UNKNOWN
    };
    Ok(Some(Battery { percent, secsleft, power_plugged }))
}

/// psutil's battery test on a `power_supply` entry: starts with `BAT`, or contains
/// `battery` in any case.
fn is_battery(name: &[u8]) -> bool {
    name.starts_with(b"BAT") || name.windows(7).any(|w| w.eq_ignore_ascii_case(b"battery"))
}

/// The entry of `dir` psutil reads the battery from: the smallest name passing
/// [`is_battery`]; `None` when there is none or `dir` cannot be listed. One `getdents64`
/// pass into a stack buffer: the usual machine without a battery allocates nothing.
fn battery_name(dir: &Path) -> Option<String> {
    use rustix::fs::{open, Mode, OFlags, RawDir};
    let fd = open(dir, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty()).ok()?;
    let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 4096];
    let mut entries = RawDir::new(fd, &mut buf);
    let mut best: Option<Vec<u8>> = None;
    while let Some(Ok(entry)) = entries.next() {
        let name = entry.file_name().to_bytes();
        if is_battery(name) && best.as_deref().is_none_or(|b| name < b) {
            best = Some(name.to_vec());
        }
    }
    best.map(|b| String::from_utf8_lossy(&b).into_owned())
}

pub(crate) fn sensors_battery(roots: &Roots) -> Result<Option<Battery>> {
    let ps = roots.sys_file("class/power_supply");
    let Some(bat) = battery_name(&ps) else { return Ok(None) };
    let root = ps.join(bat);
    let energy_now = multi_read(&[root.join("energy_now"), root.join("charge_now")]);
    let energy_full = multi_read(&[root.join("energy_full"), root.join("charge_full")]);
    let have_energy = matches!(energy_now, SysValue::Int(_) | SysValue::Text(_))
        && matches!(energy_full, SysValue::Int(_) | SysValue::Text(_));
    let files = BatteryFiles {
        power_now: multi_read(&[root.join("power_now"), root.join("current_now")]),
        time_to_empty: multi_read(&[root.join("time_to_empty_now")]),
        capacity: if have_energy { None } else { read_text(&root.join("capacity")).ok() },
        online: multi_read(&[ps.join("AC0/online"), ps.join("AC/online")]),
        status: read_text(&root.join("status")).unwrap_or_default().to_lowercase(),
        energy_now,
        energy_full,
    };
    compute_battery(&files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn files() -> BatteryFiles {
        BatteryFiles {
            energy_now: SysValue::Int(30_000_000),
            power_now: SysValue::Int(10_000_000),
            energy_full: SysValue::Int(60_000_000),
            time_to_empty: SysValue::Missing,
            capacity: None,
            online: SysValue::Missing,
            status: "discharging".into(),
        }
    }

    #[test]
    fn battery_energy_and_secsleft() {
        let b = compute_battery(&files()).unwrap().unwrap();
        assert_eq!(b, Battery { percent: 50.0, secsleft: 3 * 3600, power_plugged: Some(false) });
        // Negative power (some firmwares): abs() since psutil 7.1.
        let b = compute_battery(&BatteryFiles { power_now: SysValue::Int(-10_000_000), ..files() })
            .unwrap()
            .unwrap();
        assert_eq!(b.secsleft, 3 * 3600);
        let b = compute_battery(&BatteryFiles { power_now: SysValue::Int(0), ..files() }).unwrap().unwrap();
        assert_eq!(b.secsleft, PowerTime::UNKNOWN);
    }

    #[test]
    fn battery_percent_edge_cases() {
        let b = compute_battery(&BatteryFiles { energy_full: SysValue::Int(0), ..files() }).unwrap().unwrap();
        assert_eq!(b.percent, 0.0);
        let no_energy =
            BatteryFiles { energy_now: SysValue::Missing, capacity: Some("87".into()), ..files() };
        let b = compute_battery(&no_energy).unwrap().unwrap();
        assert_eq!((b.percent, b.secsleft), (87.0, PowerTime::UNKNOWN));
        assert_eq!(compute_battery(&BatteryFiles { capacity: None, ..no_energy.clone() }).unwrap(), None);
        assert!(compute_battery(&BatteryFiles { capacity: Some("x".into()), ..no_energy }).is_err());
        assert!(compute_battery(&BatteryFiles { energy_now: SysValue::Text("x".into()), ..files() }).is_err());
    }

    #[test]
    fn battery_plugged_rules() {
        let plugged = |online: SysValue, status: &str| {
            compute_battery(&BatteryFiles { online, status: status.into(), ..files() }).unwrap().unwrap()
        };
        let b = plugged(SysValue::Int(1), "discharging");
        assert_eq!((b.power_plugged, b.secsleft), (Some(true), PowerTime::UNLIMITED));
        assert_eq!(plugged(SysValue::Int(0), "charging").power_plugged, Some(false));
        assert_eq!(plugged(SysValue::Text("yes".into()), "full").power_plugged, Some(false));
        assert_eq!(plugged(SysValue::Missing, "charging").power_plugged, Some(true));
        assert_eq!(plugged(SysValue::Missing, "full").power_plugged, Some(true));
        assert_eq!(plugged(SysValue::Missing, "unknown").power_plugged, None);
        assert_eq!(plugged(SysValue::Missing, "unknown").secsleft, 3 * 3600);
    }

    /// Found by the `power_supply` fuzz target: a negative `energy_now` gave a negative
    /// `secsleft` (-1620 here), which is neither a time nor a `PowerTime` value.
    #[test]
    fn battery_negative_charge_is_unknown_time() {
        let value = |b: &[u8]| SysValue::of_text(sysfs_text(b));
        let f = BatteryFiles {
            energy_now: value(b"-2700000\n"),
            power_now: value(b"5999999\n"),
            energy_full: value(b"00\n"),
            time_to_empty: SysValue::Missing,
            capacity: Some(sysfs_text(b"D")),
            online: SysValue::Missing,
            status: String::new(),
        };
        let b = compute_battery(&f).unwrap().unwrap();
        assert_eq!((b.percent, b.secsleft, b.power_plugged), (0.0, PowerTime::UNKNOWN, None));
    }

    #[test]
    fn battery_time_to_empty() {
        let f = BatteryFiles { power_now: SysValue::Missing, time_to_empty: SysValue::Int(90), ..files() };
        assert_eq!(compute_battery(&f).unwrap().unwrap().secsleft, 5400);
        let f = BatteryFiles { power_now: SysValue::Missing, time_to_empty: SysValue::Int(-5), ..files() };
        assert_eq!(compute_battery(&f).unwrap().unwrap().secsleft, PowerTime::UNKNOWN);
    }

    #[test]
    fn sensor_names() {
        assert_eq!(sensor_base(Path::new("/s/hwmon0/temp1_input")), Some(PathBuf::from("/s/hwmon0/temp1")));
        assert_eq!(sensor_base(Path::new("/s/hwmon0/temp1")), None);
        assert!(sensor_file(b"temp")(b"temp1_crit_alarm"));
        assert!(!sensor_file(b"temp")(b"temp1"));
        assert!(!sensor_file(b"temp")(b"xtemp_1"));
        assert_eq!(parse_float(" 45000\n"), Some(45000.0));
        assert_eq!(parse_float("abc"), None);
    }

    #[test]
    fn battery_entries() {
        for yes in [&b"BAT0"[..], b"BAT", b"hidpp_battery_0", b"BatteryX", b"xBATTERY"] {
            assert!(is_battery(yes), "{:?}", String::from_utf8_lossy(yes));
        }
        for no in [&b"AC"[..], b"ACAD", b"bat0", b"batter", b"ucsi-source-psy-1"] {
            assert!(!is_battery(no), "{:?}", String::from_utf8_lossy(no));
        }
        let dir = std::env::temp_dir().join(format!("psutil-rs-bat-{}", std::process::id()));
        for name in ["AC", "BAT1", "zz_battery", "BAT0", "ACAD"] {
            std::fs::create_dir_all(dir.join(name)).unwrap();
        }
        let found = battery_name(&dir);
        let none = battery_name(&dir.join("AC"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.as_deref(), Some("BAT0"));
        assert_eq!(none, None);
        assert_eq!(battery_name(&dir), None, "missing directory");
    }

    proptest! {
        #[test]
        fn battery_test_is_psutils(
            head in "[a-zA-Z_]{0,3}",
            mid in prop_oneof![Just(""), Just("BAT"), Just("bAtTeRy"), Just("batter"), Just("Bat")],
            tail in "[a-zA-Z_0-9]{0,3}",
        ) {
            let name = format!("{head}{mid}{tail}");
            let python_rule = name.starts_with("BAT") || name.to_lowercase().contains("battery");
            prop_assert_eq!(is_battery(name.as_bytes()), python_rule);
        }
    }

    proptest! {
        #[test]
        fn battery_never_panics(now in any::<i64>(), power in any::<i64>(), full in any::<i64>(), tte in any::<i64>(), online in any::<i64>()) {
            let f = BatteryFiles {
                energy_now: SysValue::Int(now),
                power_now: SysValue::Int(power),
                energy_full: SysValue::Int(full),
                time_to_empty: SysValue::Int(tte),
                capacity: None,
                online: SysValue::Int(online),
                status: String::new(),
            };
            let b = compute_battery(&f).unwrap().unwrap();
            prop_assert!(b.percent.is_finite());
            if online == 1 {
                prop_assert_eq!(b.secsleft, PowerTime::UNLIMITED);
            } else {
                prop_assert!(b.secsleft >= 0 || b.secsleft == PowerTime::UNKNOWN);
            }
        }

        #[test]
        fn parse_float_never_panics(s in ".*") {
            let _ = parse_float(&s);
        }
    }
}
