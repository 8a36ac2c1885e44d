//! hwmon, powersupplyclass and thermal_zone (cooling devices), under node_exporter's names.

use psutil_rs::os::linux::{self, HwmonChip};

use super::{lib, CollectResult, Context};
use crate::exporter::metrics::{Kind, Metrics};

/// node_exporter's cleaning of a name for a label: lower case, runs of characters outside
/// `[a-z0-9:_]` become `_`, leading and trailing `_` dropped.
pub fn clean_name(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let replaced: String = lower
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == ':' || c == '_' { c } else { '_' })
        .collect();
    replaced.trim_matches('_').to_owned()
}

/// The `chip` label: `<parent dir>_<device>` of the resolved device path, else the `name`
/// file, else `hwmonN`, each cleaned.
pub fn chip_label(chip: &HwmonChip) -> String {
    if let Some(path) = &chip.device_path {
        let p = std::path::Path::new(path);
        let dev = p.file_name().map(|s| clean_name(&s.to_string_lossy())).unwrap_or_default();
        let kind = p
            .parent()
            .and_then(|d| d.file_name())
            .map(|s| clean_name(&s.to_string_lossy()))
            .unwrap_or_default();
        match (kind.is_empty(), dev.is_empty()) {
            (false, false) => return format!("{kind}_{dev}"),
            (true, false) => return dev,
            _ => {}
        }
    }
    if let Some(name) = chip.name.as_deref().map(clean_name).filter(|n| !n.is_empty()) {
        return name;
    }
    clean_name(&chip.dir_name)
}

/// The unit suffix and scale of a sensor type's values (hwmon sysfs ABI units).
fn unit(kind: &str) -> Option<(&'static str, f64)> {
    Some(match kind {
        "temp" => ("celsius", 0.001),
        "fan" => ("rpm", 1.0),
        "in" => ("volts", 0.001),
        "curr" => ("amps", 0.001),
        "power" => ("watt", 1e-6),
        "energy" => ("joule", 1e-6),
        "humidity" => ("percent", 0.001),
        "freq" => ("hertz", 1.0),
        _ => return None,
    })
}

pub fn hwmon(m: &mut Metrics, _: &Context) -> CollectResult {
    for chip in lib(linux::hwmon_chips())? {
        let label = chip_label(&chip);
        if let Some(name) = &chip.name {
            m.add(
                "node_hwmon_chip_names",
                "Annotation metric for human-readable chip names",
                Kind::Gauge,
                &[("chip", &label), ("chip_name", name)],
                1.0,
            );
        }
        for (sensor, text) in &chip.labels {
            let l = [("chip", label.as_str()), ("label", text.as_str()), ("sensor", sensor.as_str())];
            m.add("node_hwmon_sensor_label", "Label for given chip and sensor", Kind::Gauge, &l, 1.0);
        }
        for v in &chip.values {
            let kind = v.sensor.trim_end_matches(|c: char| c.is_ascii_digit());
            let Some((unit, scale)) = unit(kind) else { continue };
            let l = [("chip", label.as_str()), ("sensor", v.sensor.as_str())];
            let (name, value) = match v.item.as_str() {
                "input" => (format!("node_hwmon_{kind}_{unit}"), v.value as f64 * scale),
                item if item.ends_with("alarm") => {
                    (format!("node_hwmon_{kind}_{item}_{unit}"), v.value as f64)
                }
                "label" | "type" | "enable" | "beep" => continue,
                item => (format!("node_hwmon_{kind}_{item}_{unit}"), v.value as f64 * scale),
            };
            m.add(&name, &format!("Hardware monitor for {kind} ({})", v.item), Kind::Gauge, &l, value);
        }
    }
    Ok(())
}

pub fn power_supply(m: &mut Metrics, _: &Context) -> CollectResult {
    let numeric = [
        ("online", "node_power_supply_online", 1.0),
        ("present", "node_power_supply_present", 1.0),
        ("capacity", "node_power_supply_capacity", 1.0),
        ("cycle_count", "node_power_supply_cyclecount", 1.0),
        ("energy_now", "node_power_supply_energy_watthour", 1e-6),
        ("energy_full", "node_power_supply_energy_full", 1e-6),
        ("power_now", "node_power_supply_power_watt", 1e-6),
        ("voltage_now", "node_power_supply_voltage_volt", 1e-6),
        ("current_now", "node_power_supply_current_ampere", 1e-6),
    ];
    for s in lib(linux::power_supplies())? {
        let l = [("power_supply", s.name.as_str())];
        for (attr, name, scale) in numeric {
            if let Some(v) = s.attr_i64(attr) {
                m.add(
                    name,
                    &format!("{attr} value of /sys/class/power_supply/<power_supply>."),
                    Kind::Gauge,
                    &l,
                    v as f64 * scale,
                );
            }
        }
        let mut info = vec![("power_supply", s.name.as_str())];
        for key in ["status", "type"] {
            if let Some(v) = s.attr(key) {
                info.push((key, v));
            }
        }
        m.add(
            "node_power_supply_info",
            "info of /sys/class/power_supply/<power_supply>.",
            Kind::Gauge,
            &info,
            1.0,
        );
    }
    Ok(())
}

pub fn cooling_devices(m: &mut Metrics, _: &Context) -> CollectResult {
    for z in lib(linux::thermal_zones())? {
        let (Some(kind), Some(millis)) = (z.attr("type"), z.attr_i64("temp")) else { continue };
        let zone = z.name.trim_start_matches("thermal_zone");
        m.add(
            "node_thermal_zone_temp",
            "Zone temperature in Celsius",
            Kind::Gauge,
            &[("type", kind), ("zone", zone)],
            millis as f64 / 1000.0,
        );
    }
    for d in lib(linux::cooling_devices())? {
        let index = d.name.trim_start_matches("cooling_device");
        let l = [("name", index), ("type", d.attr("type").unwrap_or(""))];
        if let Some(v) = d.attr_i64("cur_state") {
            m.add(
                "node_cooling_device_cur_state",
                "Current throttle state of the cooling device",
                Kind::Gauge,
                &l,
                v as f64,
            );
        }
        if let Some(v) = d.attr_i64("max_state") {
            m.add(
                "node_cooling_device_max_state",
                "Maximum throttle state of the cooling device",
                Kind::Gauge,
                &l,
                v as f64,
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chip_labels() {
        let chip = |device: Option<&str>, name: Option<&str>| HwmonChip {
            dir_name: "hwmon3".into(),
            device_path: device.map(Into::into),
            name: name.map(Into::into),
            values: vec![],
            labels: vec![],
        };
        assert_eq!(
            chip_label(&chip(Some("/sys/devices/platform/coretemp.0"), Some("coretemp"))),
            "platform_coretemp_0"
        );
        assert_eq!(chip_label(&chip(None, Some("ACPI Thermal"))), "acpi_thermal");
        assert_eq!(chip_label(&chip(None, None)), "hwmon3");
    }
}
