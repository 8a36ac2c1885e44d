//! Linux backend: a process's I/O counters — `<proc>/<pid>/io` (proc(5)): its parsers and
//! the `Process` getter `io_counters`. Errors as described in [`super::res_common`].

use super::res_common::mapped;
use super::{pid_path, with_pid_path};
use crate::paths::Roots;
use crate::process::{IoCounters, ProcRef};
use crate::sys::linux::fs;
use crate::{Error, Pid, Result};

/// The Linux-only part of [`IoCounters`], read through [`crate::os::linux::IoCountersExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct IoCountersOs {
    pub(crate) read_chars: u64,
    pub(crate) write_chars: u64,
}

/// The raw fields of `/proc/<pid>/io` psutil reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IoRaw {
    pub(crate) syscr: u64,
    pub(crate) syscw: u64,
    pub(crate) read_bytes: u64,
    pub(crate) write_bytes: u64,
    pub(crate) rchar: u64,
    pub(crate) wchar: u64,
}

// ---------------------------------------------------------------------------------------
// io

/// Parses `/proc/<pid>/io` like psutil: `name: value` lines (others skipped); no fields at
/// all → "file was empty"; a missing one of syscr, syscw, read_bytes, write_bytes, rchar,
/// wchar → "field was not found". `fname` names the file in the messages.
pub(crate) fn parse_io(bytes: &[u8], fname: &str) -> Result<IoRaw> {
    const KEYS: [&[u8]; 6] = [b"syscr", b"syscw", b"read_bytes", b"write_bytes", b"rchar", b"wchar"];
    let mut found: Vec<(&[u8], u64)> = Vec::with_capacity(8);
    let mut vals: [Option<u64>; 6] = [None; 6];
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.windows(2).enumerate().filter(|(_, w)| w == b": ").map(|(i, _)| i);
        let (Some(sep), None) = (parts.next(), parts.next()) else {
            continue;
        };
        let (name, value) = (&line[..sep], line[sep + 2..].trim_ascii());
        let v = fs::parse_u64(value).ok_or_else(|| {
            Error::parse(fname, format!("invalid value in line {:?}", String::from_utf8_lossy(line)))
        })?;
        if let Some(i) = KEYS.iter().position(|k| *k == name) {
            vals[i] = Some(v);
        }
        match found.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = v,
            None => found.push((name, v)),
        }
    }
    if found.is_empty() {
        return Err(Error::parse(fname, format!("{fname} file was empty")));
    }
    let get = |i: usize| {
        vals[i].ok_or_else(|| {
            let listed: Vec<String> =
                found.iter().map(|(k, v)| format!("b'{}': {v}", String::from_utf8_lossy(k))).collect();
            Error::parse(
                fname,
                format!(
                    "b'{}' field was not found in {fname}; found fields are {{{}}}",
                    String::from_utf8_lossy(KEYS[i]),
                    listed.join(", ")
                ),
            )
        })
    };
    Ok(IoRaw {
        syscr: get(0)?,
        syscw: get(1)?,
        read_bytes: get(2)?,
        write_bytes: get(3)?,
        rchar: get(4)?,
        wchar: get(5)?,
    })
}

/// [`parse_io`] for well-formed data: `Some` exactly when `parse_io` would succeed (same
/// line rules), without tracking the fields for the error message. Used first, so that the
/// common case needs no path text and no allocation.
pub(crate) fn parse_io_fields(bytes: &[u8]) -> Option<IoRaw> {
    const KEYS: [&[u8]; 6] = [b"syscr", b"syscw", b"read_bytes", b"write_bytes", b"rchar", b"wchar"];
    let mut vals: [Option<u64>; 6] = [None; 6];
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        let mut parts = line.windows(2).enumerate().filter(|(_, w)| w == b": ").map(|(i, _)| i);
        let (Some(sep), None) = (parts.next(), parts.next()) else {
            continue;
        };
        let v = fs::parse_u64(line[sep + 2..].trim_ascii())?;
        if let Some(i) = KEYS.iter().position(|k| *k == &line[..sep]) {
            vals[i] = Some(v);
        }
    }
    Some(IoRaw {
        syscr: vals[0]?,
        syscw: vals[1]?,
        read_bytes: vals[2]?,
        write_bytes: vals[3]?,
        rchar: vals[4]?,
        wchar: vals[5]?,
    })
}

/// psutil's `pio` from the fields of `/proc/<pid>/io`.
fn io_counters_of(r: &IoRaw) -> IoCounters {
    let os = IoCountersOs { read_chars: r.rchar, write_chars: r.wchar };
    IoCounters::new(r.syscr, r.syscw, r.read_bytes, r.write_bytes, os)
}

/// psutil's `pio` of `pid`.
fn io_counters_at(roots: &Roots, pid: Pid) -> Result<IoCounters> {
    let fast = with_pid_path(roots, pid, "io", |p| fs::with_record_raw(p, parse_io_fields));
    if let Ok(Some(r)) = fast {
        return Ok(io_counters_of(&r));
    }
    // Anything unusual: the general path, with psutil's messages naming the file.
    let path = pid_path(roots, pid, "io");
    let fname = path.display().to_string();
    let r = fs::with_file_raw(&path, |b| parse_io(b, &fname)).map_err(|e| Error::io(&path, e))??;
    Ok(io_counters_of(&r))
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping ([`mapped`]) over the reader.

pub(crate) fn io_counters(p: &ProcRef<'_>) -> Result<IoCounters> {
    io_counters_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))
}

#[cfg(test)]
mod tests {
    use super::super::res_common::{fixture, read};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn io_file_variants() {
        let io = parse_io(&read(1000, "io"), "io").unwrap();
        assert_eq!(
            io,
            IoRaw { syscr: 10, syscw: 3, read_bytes: 4096, write_bytes: 8192, rchar: 6976, wchar: 123 }
        );
        let e = parse_io(b"", "/p/io").unwrap_err();
        assert_eq!(e.to_string(), "cannot parse /p/io: /p/io file was empty");
        let e = parse_io(&read(1003, "io"), "/p/io").unwrap_err();
        assert!(
            e.to_string().contains("b'rchar' field was not found in /p/io; found fields are {b'wchar': 0"),
            "{e}"
        );
        // issue 1004: lines without ": " are skipped
        let e = parse_io(b"garbage\nfoo:bar\n", "io").unwrap_err();
        assert!(e.to_string().contains("file was empty"));
        assert!(parse_io(b"rchar: x\n", "io").is_err());
        let c = io_counters_at(&fixture(), 1000).unwrap();
        assert_eq!((c.read_count, c.write_count, c.os.read_chars, c.os.write_chars), (10, 3, 6976, 123));
        assert!(io_counters_at(&fixture(), 1002).unwrap_err().to_string().contains("file was empty"));
    }

    proptest! {
        #[test]
        fn io_fast_path_agrees_with_parse_io(lines in proptest::collection::vec(
            (prop_oneof![Just("rchar"), Just("wchar"), Just("syscr"), Just("syscw"), Just("read_bytes"),
                Just("write_bytes"), Just("cancelled_write_bytes"), Just("x")],
             prop_oneof![Just(": "), Just(":"), Just(": : ")],
             prop_oneof![Just("1".to_string()), Just("x".to_string()), any::<u32>().prop_map(|v| v.to_string())]),
            0..9)) {
            let text: String = lines.iter().map(|(k, s, v)| format!("{k}{s}{v}\n")).collect();
            prop_assert_eq!(parse_io_fields(text.as_bytes()), parse_io(text.as_bytes(), "io").ok());
        }

        #[test]
        fn io_round_trip(v in prop::array::uniform6(any::<u64>())) {
            let text = format!(
                "rchar: {}\nwchar: {}\nsyscr: {}\nsyscw: {}\nread_bytes: {}\nwrite_bytes: {}\ncancelled_write_bytes: 0\n",
                v[0], v[1], v[2], v[3], v[4], v[5]
            );
            let io = parse_io(text.as_bytes(), "io").unwrap();
            prop_assert_eq!(io, IoRaw { rchar: v[0], wchar: v[1], syscr: v[2], syscw: v[3], read_bytes: v[4], write_bytes: v[5] });
        }
    }
}
