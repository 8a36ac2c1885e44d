//! Unsupported backend: sensors.

use super::unsupported;
use crate::paths::Roots;
use crate::sensors::{Battery, Fan, Temperature};
use crate::Result;

pub(crate) fn sensors_temperatures(_roots: &Roots) -> Result<Vec<(String, Temperature)>> {
    unsupported("sensors_temperatures")
}

pub(crate) fn sensors_fans(_roots: &Roots) -> Result<Vec<(String, Fan)>> {
    unsupported("sensors_fans")
}

pub(crate) fn sensors_battery(_roots: &Roots) -> Result<Option<Battery>> {
    unsupported("sensors_battery")
}
