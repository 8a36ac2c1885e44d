//! Signal names and numbers for `killall --signal`, from the library's table for this
//! platform.

/// Parses `TERM`, `SIGTERM`, `term` or `15` into a signal number: a number must be 0-31,
/// named on this platform, or a real-time signal.
pub fn parse_signal(s: &str) -> Result<i32, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<i32>() {
        let realtime = psutil_rs::realtime_signals().is_some_and(|rt| rt.contains(&n));
        if n >= 0 && (n < 32 || name_of(n).is_some() || realtime) {
            return Ok(n);
        }
        return Err(format!("invalid signal number {n}"));
    }
    psutil_rs::signal_number(t)
        .ok_or_else(|| format!("unknown signal '{s}' (try TERM, KILL, HUP, INT, USR1 or a number)"))
}

/// The name of a signal number (`15` → `SIGTERM`), when it has one.
pub fn name_of(sig: i32) -> Option<String> {
    psutil_rs::signal_name(sig).map(str::to_string)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(parse_signal("TERM"), Ok(libc::SIGTERM));
        assert_eq!(parse_signal("sigkill"), Ok(libc::SIGKILL));
        assert_eq!(parse_signal("9"), Ok(9));
        assert_eq!(parse_signal("0"), Ok(0));
        assert_eq!(parse_signal("40"), Ok(40));
        assert!(parse_signal("FOO").is_err());
        assert!(parse_signal("-3").is_err());
        assert!(parse_signal("33").is_err());
        assert!(parse_signal("999").is_err());
        assert_eq!(name_of(libc::SIGTERM).as_deref(), Some("SIGTERM"));
        assert_eq!(name_of(0), None);
    }
}
