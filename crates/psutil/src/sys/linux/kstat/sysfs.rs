//! sysfs device classes read as attribute lists: `/sys/class/{net,power_supply,thermal}`,
//! `/sys/class/hwmon` sensor files, and per-CPU `cpufreq` scaling frequencies.

use std::path::Path;

use crate::os::linux::{CpuScalingFreq, HwmonChip, HwmonValue, SysfsDevice};
use crate::paths::Roots;
use crate::sys::linux::fs::{parse_i64, parse_u64, with_file};
use crate::Result;

/// The text of a sysfs attribute, trailing newline and blanks removed; `None` when the
/// file cannot be read (absent, or the driver answers `EINVAL`, as `speed` does on a
/// link that is down).
fn attribute(path: &Path) -> Option<String> {
    with_file(path, |b| Ok(String::from_utf8_lossy(b.trim_ascii()).into_owned())).ok()
}

/// The entries of `dir` (names), sorted; empty when the directory is absent.
fn sorted_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Every device of `/sys/class/<class>` whose name passes `keep`, with the attributes of
/// `attrs` that could be read (all regular files but `uevent` when `attrs` is `None`).
pub(crate) fn class_devices(
    roots: &Roots,
    class: &str,
    keep: impl Fn(&str) -> bool,
    attrs: Option<&[&str]>,
) -> Result<Vec<SysfsDevice>> {
    let dir = roots.sys_file("class").join(class);
    let mut out = Vec::new();
    for name in sorted_entries(&dir).into_iter().filter(|n| keep(n)) {
        let dev_dir = dir.join(&name);
        let wanted: Vec<String> = match attrs {
            Some(list) => list.iter().map(|s| (*s).to_owned()).collect(),
            None => sorted_entries(&dev_dir)
                .into_iter()
                .filter(|a| a != "uevent" && dev_dir.join(a).is_file())
                .collect(),
        };
        let attributes =
            wanted.into_iter().filter_map(|a| attribute(&dev_dir.join(&a)).map(|v| (a, v))).collect();
        out.push(SysfsDevice { name, attributes });
    }
    Ok(out)
}

/// Splits a hwmon file name `temp1_input` into (`temp1`, `input`) when its prefix is a
/// sensor type followed by a number.
pub(crate) fn split_hwmon_file(file: &str) -> Option<(&str, &str)> {
    let underscore = file.find('_')?;
    let (sensor, item) = (&file[..underscore], &file[underscore + 1..]);
    let digits = sensor.find(|c: char| c.is_ascii_digit())?;
    let (kind, index) = sensor.split_at(digits);
    let known = ["temp", "fan", "in", "curr", "power", "energy", "humidity", "intrusion", "pwm", "freq"];
    (known.contains(&kind) && index.bytes().all(|b| b.is_ascii_digit()) && !item.is_empty())
        .then_some((sensor, item))
}

/// The chips of `/sys/class/hwmon`, each with its integer sensor values.
pub(crate) fn hwmon_chips(roots: &Roots) -> Result<Vec<HwmonChip>> {
    let dir = roots.sys_file("class/hwmon");
    let mut out = Vec::new();
    for dir_name in sorted_entries(&dir) {
        let chip_dir = dir.join(&dir_name);
        let device_path =
            std::fs::canonicalize(chip_dir.join("device")).ok().map(|p| p.to_string_lossy().into_owned());
        let name = attribute(&chip_dir.join("name"));
        let (mut values, mut labels) = (Vec::new(), Vec::new());
        for file in sorted_entries(&chip_dir) {
            let Some((sensor, item)) = split_hwmon_file(&file) else { continue };
            let Some(raw) = attribute(&chip_dir.join(&file)) else { continue };
            if item == "label" {
                labels.push((sensor.to_owned(), raw));
            } else if let Some(value) = parse_i64(raw.as_bytes()) {
                values.push(HwmonValue { sensor: sensor.to_owned(), item: item.to_owned(), value });
            }
        }
        out.push(HwmonChip { dir_name, device_path, name, values, labels });
    }
    Ok(out)
}

/// `scaling_cur_freq`, `scaling_min_freq` and `scaling_max_freq` (kHz) of every
/// `/sys/devices/system/cpu/cpuN/cpufreq`, by CPU number.
pub(crate) fn cpu_scaling_freqs(roots: &Roots) -> Result<Vec<CpuScalingFreq>> {
    let dir = roots.sys_file("devices/system/cpu");
    let mut out = Vec::new();
    for name in sorted_entries(&dir) {
        let Some(cpu) = name
            .strip_prefix("cpu")
            .and_then(|n| parse_u64(n.as_bytes()))
            .and_then(|n| u32::try_from(n).ok())
        else {
            continue;
        };
        let freq = dir.join(&name).join("cpufreq");
        if !freq.is_dir() {
            continue;
        }
        let khz = |f: &str| attribute(&freq.join(f)).and_then(|v| parse_u64(v.as_bytes()));
        out.push(CpuScalingFreq {
            cpu,
            current_khz: khz("scaling_cur_freq"),
            min_khz: khz("scaling_min_freq"),
            max_khz: khz("scaling_max_freq"),
            hardware_current_khz: khz("cpuinfo_cur_freq"),
            hardware_min_khz: khz("cpuinfo_min_freq"),
            hardware_max_khz: khz("cpuinfo_max_freq"),
        });
    }
    out.sort_by_key(|c| c.cpu);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hwmon_file_names() {
        assert_eq!(split_hwmon_file("temp1_input"), Some(("temp1", "input")));
        assert_eq!(split_hwmon_file("fan2_min"), Some(("fan2", "min")));
        assert_eq!(split_hwmon_file("temp1_crit_alarm"), Some(("temp1", "crit_alarm")));
        assert_eq!(split_hwmon_file("name"), None);
        assert_eq!(split_hwmon_file("temp_input"), None);
        assert_eq!(split_hwmon_file("device_x1"), None);
        assert_eq!(split_hwmon_file("temp1_"), None);
    }

    proptest! {
        #[test]
        fn hwmon_split_never_panics(s in "\\PC{0,24}") {
            let _ = split_hwmon_file(&s);
        }
    }
}
