//! Unsupported backend: sensors.
