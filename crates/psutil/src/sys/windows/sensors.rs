//! Windows backend: sensors. Only the battery exists on Windows in psutil
//! (`GetSystemPowerStatus`, psutil's `arch/windows/sensors.c`).

use windows_sys::Win32::System::Power::{GetSystemPowerStatus, SYSTEM_POWER_STATUS};

use super::decode;
use super::ffi::last_error;
use crate::paths::Roots;
use crate::sensors::{Battery, Fan, Temperature};
use crate::sys::unsupported::unsupported;
use crate::Result;

/// Not supported on Windows, as in psutil (no documented temperature interface).
pub(crate) fn sensors_temperatures(_roots: &Roots) -> Result<Vec<(String, Temperature)>> {
    unsupported("sensors_temperatures")
}

/// Not supported on Windows, as in psutil.
pub(crate) fn sensors_fans(_roots: &Roots) -> Result<Vec<(String, Fan)>> {
    unsupported("sensors_fans")
}

/// psutil's `sensors_battery()` from `GetSystemPowerStatus`; `None` without a battery.
pub(crate) fn sensors_battery(_roots: &Roots) -> Result<Option<Battery>> {
    // SAFETY: plain data, filled by the call.
    let mut st: SYSTEM_POWER_STATUS = unsafe { std::mem::zeroed() };
    // SAFETY: a valid out-pointer.
    if unsafe { GetSystemPowerStatus(&mut st) } == 0 {
        return Err(last_error("GetSystemPowerStatus"));
    }
    Ok(decode::battery(st.ACLineStatus, st.BatteryFlag, st.BatteryLifePercent, st.BatteryLifeTime)
        .map(|(percent, secsleft, power_plugged)| Battery { percent, secsleft, power_plugged }))
}
