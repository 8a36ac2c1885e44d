//! Unsupported backend: cpu.
