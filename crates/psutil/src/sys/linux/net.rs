//! Linux backend: net.
