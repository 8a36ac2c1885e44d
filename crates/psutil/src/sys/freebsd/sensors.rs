//! FreeBSD backend: sensors. ACPI battery sysctls (`hw.acpi.battery.*`, `hw.acpi.acline`)
//! and the per-CPU `dev.cpu.N.temperature` / `coretemp.tjmax`; no fans, as psutil.

pub(crate) use crate::sys::unsupported::sensors::sensors_fans;

use std::ffi::CString;
use std::io;

use crate::paths::Roots;
use crate::sensors::{Battery, Temperature};
use crate::sys::unix::bsd::units::{battery_secsleft, decikelvin_to_celsius};
use crate::sys::unix::sysctl;
use crate::Result;

fn int(name: &str) -> io::Result<i64> {
    let name = CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    sysctl::int_name(&name)
}

fn is_enoent(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ENOENT)
}

/// psutil's `sensors_battery()`: `None` without ACPI battery sysctls (gh-1074).
pub(crate) fn sensors_battery(_roots: &Roots) -> Result<Option<Battery>> {
    let read = || -> io::Result<(i64, i64, i64)> {
        Ok((int("hw.acpi.battery.life")?, int("hw.acpi.battery.time")?, int("hw.acpi.acline")?))
    };
    match read() {
        Ok((percent, minutes, acline)) => {
            let plugged = acline == 1;
            Ok(Some(Battery {
                percent: percent as f64,
                secsleft: battery_secsleft(minutes, plugged),
                power_plugged: Some(plugged),
            }))
        }
        Err(e) if is_enoent(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// psutil's `sensors_temperatures()`: `coretemp` rows `Core N` for each CPU that has
/// `dev.cpu.N.temperature` (decikelvin), high = critical = `coretemp.tjmax` when readable.
pub(crate) fn sensors_temperatures(_roots: &Roots) -> Result<Vec<(String, Temperature)>> {
    let cpus = super::cpu::cpu_count_online().unwrap_or(0);
    let mut out = Vec::new();
    for cpu in 0..cpus {
        let current = match int(&format!("dev.cpu.{cpu}.temperature")) {
            Ok(dk) => decikelvin_to_celsius(dk as i32),
            Err(e) if is_enoent(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        let high = int(&format!("dev.cpu.{cpu}.coretemp.tjmax"))
            .ok()
            .map(|dk| f64::from(decikelvin_to_celsius(dk as i32)));
        out.push((
            "coretemp".to_string(),
            Temperature { label: format!("Core {cpu}"), current: f64::from(current), high, critical: high },
        ));
    }
    Ok(out)
}
