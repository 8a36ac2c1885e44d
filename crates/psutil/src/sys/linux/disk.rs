//! Linux backend: disk.
