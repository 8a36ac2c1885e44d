//! The macOS backend (x86_64 and aarch64). Pure decoders (`parse`, `fdinfo`) compile on
//! every target and are unit-tested on Linux; `layout` checks their offsets against libc
//! when building for macOS.

pub(crate) mod fdinfo;
#[cfg(target_os = "macos")]
mod layout;
pub(crate) mod parse;
