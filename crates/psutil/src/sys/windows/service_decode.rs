//! Pure helpers of the services backend (`services.rs`): the strings that the Service
//! Control Manager's answers point to inside their own buffer, read only within that
//! buffer, and psutil's error mapping of a service query (windows.md 1.2). No Win32
//! call here: unit-tested on every host.

use crate::Error;

/// `ERROR_ACCESS_DENIED`.
const ERROR_ACCESS_DENIED: u32 = 5;
/// `ERROR_INVALID_NAME`.
const ERROR_INVALID_NAME: u32 = 123;
/// `ERROR_SERVICE_DOES_NOT_EXIST`.
const ERROR_SERVICE_DOES_NOT_EXIST: u32 = 1060;
/// `ERROR_PRIVILEGE_NOT_HELD`.
const ERROR_PRIVILEGE_NOT_HELD: u32 = 1314;

/// The NUL-terminated UTF-16 string at address `ptr`, where `buf` starts at address
/// `base`: `None` for a null pointer or one outside `buf`. A string without a NUL
/// before the buffer's end stops there.
pub(crate) fn wide_at(buf: &[u8], base: usize, ptr: usize) -> Option<String> {
    let offset = ptr.checked_sub(base)?;
    if ptr == 0 || offset >= buf.len() {
        return None;
    }
    let units: Vec<u16> = buf[offset..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// psutil's mapping of a failed query of service `name` (its `_wrap_exceptions`): a
/// permission error → AccessDenied (no pid, the service's name, psutil's message);
/// `ERROR_INVALID_NAME` or `ERROR_SERVICE_DOES_NOT_EXIST` → NoSuchService (psutil's
/// NoSuchProcess with no pid); any other code → the OS error of `call`.
pub(crate) fn service_error(name: &str, call: &'static str, code: u32) -> Error {
    match code {
        ERROR_ACCESS_DENIED | ERROR_PRIVILEGE_NOT_HELD => Error::AccessDenied {
            pid: None,
            name: Some(name.to_owned()),
            msg: format!("service '{name}' is not querable (not enough privileges)"),
        },
        ERROR_INVALID_NAME | ERROR_SERVICE_DOES_NOT_EXIST => Error::no_such_service(name),
        other => Error::io(call, std::io::Error::from_raw_os_error(other as i32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn strings_are_read_only_inside_the_buffer() {
        let mut buf = vec![0xEEu8; 16];
        buf.extend(utf16("PlugPlay"));
        buf.extend(utf16("Plug and Play"));
        let base = 0x10_0000;
        assert_eq!(wide_at(&buf, base, base + 16).as_deref(), Some("PlugPlay"));
        assert_eq!(wide_at(&buf, base, base + 16 + 18).as_deref(), Some("Plug and Play"));
        assert_eq!(wide_at(&buf, base, 0), None, "null pointer");
        assert_eq!(wide_at(&buf, base, base - 2), None, "before the buffer");
        assert_eq!(wide_at(&buf, base, base + buf.len()), None, "past the end");
        // No NUL before the end: the string stops at the buffer's end; an odd last byte
        // is dropped.
        let cut = &buf[..16 + 7];
        assert_eq!(wide_at(cut, base, base + 16).as_deref(), Some("Plu"));
        assert_eq!(wide_at(&[], base, base), None);
    }

    #[test]
    fn errors_follow_psutils_service_mapping() {
        let denied = service_error("BITS", "OpenServiceW", 5);
        assert!(denied.is_access_denied());
        assert_eq!(
            denied.to_string(),
            "service 'BITS' is not querable (not enough privileges) (name='BITS')"
        );
        assert!(service_error("BITS", "QueryServiceConfigW", 1314).is_access_denied());
        for code in [123, 1060] {
            let gone = service_error("nosuch", "OpenServiceW", code);
            assert!(gone.is_no_such_process(), "{gone:?}");
            assert_eq!(gone.to_string(), "service 'nosuch' does not exist (name='nosuch')");
        }
        let other = service_error("BITS", "QueryServiceStatusEx", 6);
        assert_eq!(other.raw_os_error(), Some(6));
        assert!(!other.is_access_denied() && !other.is_no_such_process());
    }
}
