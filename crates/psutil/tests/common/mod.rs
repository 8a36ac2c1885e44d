//! Helpers shared by the portable `api_*` tests.
#![allow(dead_code)] // each test binary uses its own subset

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch now, from the standard library's clock.
pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// A percentage as psutil computes it (0-100, one decimal), with room for the rounding.
pub fn is_percent(p: f64) -> bool {
    (0.0..=100.0).contains(&p)
}

/// Whether this Windows build runs under Wine (`ntdll!wine_get_version` is exported);
/// always false elsewhere. Tests assert Wine 8.0's documented outcome for the calls it
/// does not implement (docs/coverage.md, Windows section).
pub fn under_wine() -> bool {
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
        let ntdll: Vec<u16> = "ntdll.dll\0".encode_utf16().collect();
        // SAFETY: a NUL-terminated module name; ntdll is loaded in every process.
        let h = unsafe { GetModuleHandleW(ntdll.as_ptr()) };
        // SAFETY: a NUL-terminated export name.
        !h.is_null() && unsafe { GetProcAddress(h, c"wine_get_version".as_ptr().cast()) }.is_some()
    }
    #[cfg(not(windows))]
    false
}
