//! Unsupported backend: process.
