//! Linux extension traits: memory.
