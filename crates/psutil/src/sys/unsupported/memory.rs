//! Unsupported backend: memory.
