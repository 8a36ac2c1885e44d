//! Linux backend: host.
