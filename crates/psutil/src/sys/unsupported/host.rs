//! Unsupported backend: host. Every call returns the typed "not supported" error.

use super::unsupported;
use crate::host::{HeapInfo, User};
use crate::paths::Roots;
use crate::Result;

/// No OS-only fields of `HeapInfo` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct HeapInfoOs {}

pub(crate) fn boot_time(_roots: &Roots) -> Result<f64> {
    unsupported("boot_time")
}

pub(crate) fn users() -> Result<Vec<User>> {
    unsupported("users")
}

pub(crate) fn heap_info() -> Result<HeapInfo> {
    unsupported("heap_info")
}

pub(crate) fn heap_trim() -> Result<()> {
    unsupported("heap_trim")
}
