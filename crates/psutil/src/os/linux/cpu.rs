//! Linux extension traits: cpu.
