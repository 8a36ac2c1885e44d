//! Unsupported backend: disk.
