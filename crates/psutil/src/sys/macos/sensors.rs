//! macOS backend: sensors. The battery from IOKit's power sources; psutil has no
//! temperatures or fans on macOS.

pub(crate) use crate::sys::unsupported::sensors::{sensors_fans, sensors_temperatures};

use super::{iokit, parse};
use crate::paths::Roots;
use crate::sensors::Battery;
use crate::Result;

/// psutil's `sensors_battery()`: `None` without a power source.
pub(crate) fn sensors_battery(_roots: &Roots) -> Result<Option<Battery>> {
    Ok(iokit::battery()?.map(|(capacity, minutes, state)| {
        let (percent, secsleft, plugged) = parse::battery(capacity, minutes, state.as_deref());
        Battery { percent, secsleft, power_plugged: Some(plugged) }
    }))
}
