//! Linux backend: memory.
