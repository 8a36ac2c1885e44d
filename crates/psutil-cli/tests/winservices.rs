//! `psutil winservices` off Windows: the built binary fails cleanly (exit 1, psutil's
//! "platform not supported" message, nothing on stdout, no panic). Under Wine the Windows
//! build is checked against Wine's `sc.exe` by `scripts/wine/check_cli.py`.

mod common;

#[cfg(not(windows))]
#[test]
fn winservices_is_windows_only() {
    common::fails(&["winservices"], 1, "winservices: platform not supported (Windows only)");
    common::fails(&["winservices", "--json"], 1, "platform not supported (Windows only)");
}
