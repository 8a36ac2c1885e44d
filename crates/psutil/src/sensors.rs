//! Hardware sensors: temperatures, fans and the battery (psutil's `sensors_temperatures`,
//! `sensors_fans`, `sensors_battery`). On Linux everything is read below the `/sys` root.

use std::collections::BTreeMap;

use crate::{paths, sys, Result};

/// One temperature sensor (psutil's `shwtemp`), in °C (or °F when asked).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for (chip, temps) in psutil_rs::sensors_temperatures(false)? {
///     for t in temps {
///         println!("{chip} {:?}: {} °C (high {:?}, critical {:?})", t.label, t.current, t.high, t.critical);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Temperature {
    /// The sensor's label (`Core 0`), `""` when it has none.
    pub label: String,
    /// The current temperature.
    pub current: f64,
    /// The "high" threshold, if known.
    pub high: Option<f64>,
    /// The "critical" threshold, if known.
    pub critical: Option<f64>,
}

/// One fan (psutil's `sfan`), speed in RPM.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for fans in psutil_rs::sensors_fans()?.values() {
///     assert!(!fans.is_empty());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Fan {
    /// The fan's label, `""` when it has none.
    pub label: String,
    /// Its speed in RPM.
    pub current: i64,
}

/// The battery (psutil's `sbattery`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(b) = psutil_rs::sensors_battery()? {
///     assert!(b.secsleft >= 0 || b.secsleft == psutil_rs::PowerTime::UNKNOWN
///         || b.secsleft == psutil_rs::PowerTime::UNLIMITED);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Battery {
    /// Charge left, in percent.
    pub percent: f64,
    /// Seconds left, or [`PowerTime::UNLIMITED`] when plugged in, or
    /// [`PowerTime::UNKNOWN`].
    pub secsleft: i64,
    /// Whether AC power is connected; `None` when it cannot be told.
    pub power_plugged: Option<bool>,
}

/// psutil's `BatteryTime` values for [`Battery::secsleft`].
///
/// ```
/// use psutil_rs::PowerTime;
/// assert_eq!((PowerTime::UNKNOWN, PowerTime::UNLIMITED), (-1, -2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PowerTime;

impl PowerTime {
    /// psutil's `POWER_TIME_UNKNOWN` (-1).
    pub const UNKNOWN: i64 = -1;
    /// psutil's `POWER_TIME_UNLIMITED` (-2): on AC power.
    pub const UNLIMITED: i64 = -2;
}

/// psutil's `POWER_TIME_UNKNOWN`.
///
/// ```
/// assert_eq!(psutil_rs::POWER_TIME_UNKNOWN, -1);
/// ```
pub const POWER_TIME_UNKNOWN: i64 = PowerTime::UNKNOWN;
/// psutil's `POWER_TIME_UNLIMITED`.
///
/// ```
/// assert_eq!(psutil_rs::POWER_TIME_UNLIMITED, -2);
/// ```
pub const POWER_TIME_UNLIMITED: i64 = PowerTime::UNLIMITED;

/// Python truthiness of an optional float (`None` and `0.0` are false).
fn truthy(v: Option<f64>) -> bool {
    v.is_some_and(|x| x != 0.0)
}

/// psutil's `(c * 9 / 5) + 32`.
fn celsius_to_fahrenheit(c: f64) -> f64 {
    c * 9.0 / 5.0 + 32.0
}

/// psutil's post-processing of raw temperatures: optional °F conversion (`c*9/5+32`), then
/// "if only one of high/critical is set, the other copies it".
pub(crate) fn finish_temperature(mut t: Temperature, fahrenheit: bool) -> Temperature {
    if fahrenheit {
        t.current = celsius_to_fahrenheit(t.current);
        t.high = t.high.map(celsius_to_fahrenheit);
        t.critical = t.critical.map(celsius_to_fahrenheit);
    }
    if truthy(t.high) && !truthy(t.critical) {
        t.critical = t.high;
    } else if truthy(t.critical) && !truthy(t.high) {
        t.high = t.critical;
    }
    t
}

/// Temperatures by chip name (psutil's `sensors_temperatures(fahrenheit)`), from
/// `/sys/class/hwmon` (including `device/` subdirectories and coretemp), else from
/// `/sys/class/thermal/thermal_zone*`. Empty when the machine exposes none.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let c = psutil_rs::sensors_temperatures(false)?;
/// let f = psutil_rs::sensors_temperatures(true)?;
/// assert_eq!(c.len(), f.len());
/// # Ok(())
/// # }
/// ```
pub fn sensors_temperatures(fahrenheit: bool) -> Result<BTreeMap<String, Vec<Temperature>>> {
    let raw = sys::sensors::sensors_temperatures(&paths::current())?;
    let mut out: BTreeMap<String, Vec<Temperature>> = BTreeMap::new();
    for (name, t) in raw {
        out.entry(name).or_default().push(finish_temperature(t, fahrenheit));
    }
    Ok(out)
}

/// Fan speeds by chip name (psutil's `sensors_fans()`), from `/sys/class/hwmon`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::sensors_fans()?.keys().all(|k| !k.contains('\n')));
/// # Ok(())
/// # }
/// ```
pub fn sensors_fans() -> Result<BTreeMap<String, Vec<Fan>>> {
    let raw = sys::sensors::sensors_fans(&paths::current())?;
    let mut out: BTreeMap<String, Vec<Fan>> = BTreeMap::new();
    for (name, f) in raw {
        out.entry(name).or_default().push(f);
    }
    Ok(out)
}

/// The battery (psutil's `sensors_battery()`) from `/sys/class/power_supply`; `None` when
/// there is none.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(b) = psutil_rs::sensors_battery()? {
///     assert!(b.percent >= 0.0);
/// }
/// # Ok(())
/// # }
/// ```
pub fn sensors_battery() -> Result<Option<Battery>> {
    sys::sensors::sensors_battery(&paths::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(high: Option<f64>, critical: Option<f64>) -> Temperature {
        Temperature { label: String::new(), current: 50.0, high, critical }
    }

    #[test]
    fn high_critical_copy_rule() {
        assert_eq!(finish_temperature(t(Some(80.0), None), false).critical, Some(80.0));
        assert_eq!(finish_temperature(t(None, Some(90.0)), false).high, Some(90.0));
        // 0.0 is false in Python: copied over.
        assert_eq!(finish_temperature(t(Some(0.0), Some(90.0)), false).high, Some(90.0));
        let both_zero = finish_temperature(t(Some(0.0), None), false);
        assert_eq!((both_zero.high, both_zero.critical), (Some(0.0), None));
        let none = finish_temperature(t(None, None), false);
        assert_eq!((none.high, none.critical), (None, None));
    }

    #[test]
    fn fahrenheit() {
        let f = finish_temperature(t(Some(100.0), None), true);
        assert_eq!((f.current, f.high, f.critical), (122.0, Some(212.0), Some(212.0)));
    }
}
