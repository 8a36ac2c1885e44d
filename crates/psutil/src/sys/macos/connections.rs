//! macOS backend: the system's sockets, as psutil gathers them on macOS: every process's
//! own sockets, with its pid. Gone processes and zombies are skipped; AccessDenied is
//! returned (so without root this call is AccessDenied, as psutil documents).

pub(crate) use crate::sys::unsupported::connections::{socket_family_number, SOCK_NUMBERS};

use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::{Process, Result};

/// psutil's `net_connections(kind)` on macOS.
pub(crate) fn net_connections(roots: &Roots, kind: ConnectionKind) -> Result<Vec<Connection>> {
    let mut out = Vec::new();
    for pid in super::process::pids(roots)? {
        let conns = match Process::new(pid).and_then(|p| p.net_connections(kind)) {
            Ok(c) => c,
            Err(e) if e.is_no_such_process() || e.is_zombie() => continue,
            Err(e) => return Err(e),
        };
        out.extend(conns.into_iter().map(|c| Connection { pid: Some(pid), ..c }));
    }
    Ok(out)
}
