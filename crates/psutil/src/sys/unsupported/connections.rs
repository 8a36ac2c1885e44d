//! Unsupported backend: connections.

use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::{Pid, Result};

use super::unsupported;

/// `net_connections` is not available on this platform.
pub(crate) fn net_connections(_roots: &Roots, _kind: ConnectionKind) -> Result<Vec<Connection>> {
    unsupported("net_connections")
}

/// `Process::net_connections` is not available on this platform.
#[allow(dead_code)] // called by the Process facade
pub(crate) fn process_connections(
    _roots: &Roots,
    _pid: Pid,
    _kind: ConnectionKind,
) -> Result<Vec<Connection>> {
    unsupported("Process.net_connections")
}
