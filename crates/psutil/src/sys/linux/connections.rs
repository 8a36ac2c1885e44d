//! Linux backend: connections.
