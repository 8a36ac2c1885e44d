//! Unsupported backend: connections.
