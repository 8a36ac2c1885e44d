//! Unsupported backend: connections.

use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::Result;

use super::unsupported;

/// `net_connections` is not available on this platform.
pub(crate) fn net_connections(_roots: &Roots, _kind: ConnectionKind) -> Result<Vec<Connection>> {
    unsupported("net_connections")
}
