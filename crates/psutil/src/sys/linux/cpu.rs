//! Linux backend: cpu.
