//! The FreeBSD backend. Pure decoders (`parse`) compile on every target and are
//! unit-tested on Linux; `layout` checks their offsets against libc when building for
//! FreeBSD.

#[cfg(target_os = "freebsd")]
mod layout;
pub(crate) mod parse;
