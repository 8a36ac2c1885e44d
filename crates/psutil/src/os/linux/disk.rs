//! Linux extension traits: disk.
