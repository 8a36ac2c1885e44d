//! Linux extension traits: process.
