//! Unsupported backend: net.
