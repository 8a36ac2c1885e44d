//! Linux backend: process.
