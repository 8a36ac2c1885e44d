//! Linux backend: sensors.
