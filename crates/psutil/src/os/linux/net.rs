//! Linux extension traits: net.
