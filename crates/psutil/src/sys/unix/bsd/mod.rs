//! Pure decoders shared by the macOS and FreeBSD backends. They take the bytes or plain
//! numbers the thin FFI layers fetch and return plain Rust values; they compile on every
//! target so they are unit-tested on Linux with hand-built buffers.
// Some decoders are not wired into a backend yet (docs/coverage.md lists which); they are
// unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

pub(crate) mod bytes;
pub(crate) mod errors;
pub(crate) mod ifmedia;
pub(crate) mod mount;
#[cfg(test)]
mod never_panics;
pub(crate) mod procargs;
pub(crate) mod route;
pub(crate) mod sockets;
pub(crate) mod sysctl_buf;
pub(crate) mod units;

/// A foreign buffer that does not hold what its call promises (too short, a record
/// length that overruns, a size that is no multiple of the record's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DecodeError(pub(crate) &'static str);

impl DecodeError {
    /// As the crate's `Error::Parse`, naming the call the bytes came from.
    pub(crate) fn into_error(self, call: &str) -> crate::Error {
        crate::Error::parse(call, self.0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decode_errors_are_parse_errors_naming_the_call() {
        let e = super::DecodeError("too short").into_error("kinfo_proc");
        assert!(matches!(e, crate::Error::Parse { .. }), "{e:?}");
        assert!(e.to_string().contains("kinfo_proc") && e.to_string().contains("too short"), "{e}");
    }
}
