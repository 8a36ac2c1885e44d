//! Unsupported backend: memory. Every call returns the typed "not supported" error.

use super::unsupported;
use crate::memory::{SwapMemory, VirtualMemory};
use crate::paths::Roots;
use crate::Result;

/// No platform-only memory fields here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct VirtualMemoryOs {}

/// No platform-only swap fields here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct SwapMemoryOs {}

pub(crate) fn virtual_memory(_roots: &Roots) -> Result<VirtualMemory> {
    unsupported("virtual_memory")
}

pub(crate) fn swap_memory(_roots: &Roots) -> Result<SwapMemory> {
    unsupported("swap_memory")
}
