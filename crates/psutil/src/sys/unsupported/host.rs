//! Unsupported backend: host.
