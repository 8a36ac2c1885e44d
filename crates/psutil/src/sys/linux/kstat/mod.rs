//! Kernel statistics psutil's API does not expose (the data a node_exporter-style exporter
//! needs): full `/proc` tables, the unparsed columns of `net/dev` and `diskstats`, sysfs
//! device classes and a few system calls. Parsers are pure; readers take [`crate::paths::Roots`].

pub(crate) mod devices;
pub(crate) mod syscalls;
pub(crate) mod sysfs;
pub(crate) mod tables;
