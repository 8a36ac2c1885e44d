//! Pure decoders behind `open_files` and `num_handles` (no Win32 call here, so they are
//! unit-tested on every host): the `SYSTEM_HANDLE_INFORMATION_EX` buffer of
//! `NtQuerySystemInformation(SystemExtendedHandleInformation)` (windows.md section 6: a
//! header of two pointer-sized words, then one entry of three pointer-sized words and 16
//! bytes per handle), the `OBJECT_NAME_INFORMATION` that `NtQueryObject` fills, and
//! psutil's `convert_dos_path` (an NT path to a DOS one).

const WORD: usize = std::mem::size_of::<usize>();
/// `NumberOfHandles`, `Reserved`.
const HEADER_SIZE: usize = 2 * WORD;
/// `Object`, `UniqueProcessId`, `HandleValue`, then `GrantedAccess` (u32),
/// `CreatorBackTraceIndex` (u16), `ObjectTypeIndex` (u16), `HandleAttributes` (u32),
/// `Reserved` (u32): 40 bytes on 64-bit Windows.
const ENTRY_SIZE: usize = 3 * WORD + 16;

/// The pointer-sized little-endian word at `off`.
fn word_at(b: &[u8], off: usize) -> Option<u64> {
    let bytes = b.get(off..off.checked_add(WORD)?)?;
    let mut v = [0u8; 8];
    v[..WORD].copy_from_slice(bytes);
    Some(u64::from_le_bytes(v))
}

/// The entries the buffer really holds: `NumberOfHandles`, bounded by its length.
fn entries(buf: &[u8]) -> impl Iterator<Item = &[u8]> {
    let claimed = word_at(buf, 0).unwrap_or(0);
    let fit = buf.len().saturating_sub(HEADER_SIZE) / ENTRY_SIZE;
    let n = usize::try_from(claimed).map_or(fit, |c| c.min(fit));
    (0..n).map(move |i| &buf[HEADER_SIZE + i * ENTRY_SIZE..HEADER_SIZE + (i + 1) * ENTRY_SIZE])
}

/// The handle values that `pid` holds, in the list's order.
pub(crate) fn handles_of(buf: &[u8], pid: u64) -> Vec<u64> {
    entries(buf).filter(|e| word_at(e, WORD) == Some(pid)).filter_map(|e| word_at(e, 2 * WORD)).collect()
}

/// How many handles `pid` holds.
pub(crate) fn count_of(buf: &[u8], pid: u64) -> u64 {
    entries(buf).filter(|e| word_at(e, WORD) == Some(pid)).count() as u64
}

/// The name in an `OBJECT_NAME_INFORMATION` (a `UNICODE_STRING`: `Length` in bytes, then
/// the `Buffer` pointer at the next word) that `NtQueryObject` wrote at address `base`.
/// The characters lie inside the same buffer; `None` when they do not, or the name is
/// empty.
pub(crate) fn object_name(buf: &[u8], base: usize) -> Option<Vec<u16>> {
    let len = usize::from(u16::from_le_bytes(buf.get(0..2)?.try_into().ok()?));
    let ptr = usize::try_from(word_at(buf, WORD)?).ok()?;
    let start = ptr.checked_sub(base)?;
    let bytes = buf.get(start..start.checked_add(len)?)?;
    if bytes.is_empty() {
        return None;
    }
    Some(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
}

/// Python's `ntpath.join(drive, rest)` for the two shapes `convert_dos_path` joins: `rest`
/// is empty or starts with `\`, so it replaces everything but a drive (`X:`, `\\host\share`).
fn join_drive(drive: &str, rest: &str) -> String {
    let has_drive = drive.starts_with(r"\\") || (drive.len() == 2 && drive.ends_with(':'));
    if rest.is_empty() {
        drive.to_string()
    } else if has_drive {
        format!("{drive}{rest}")
    } else {
        rest.to_string()
    }
}

/// psutil's `convert_dos_path`: `\\…` paths stay; `\??\UNC\host\share\…` and
/// `\Device\Mup\host\share\…` become `\\host\share\…`; `\??\X:\…` becomes `X:\…`; any other
/// `\A\B\…` has its first three components looked up in `devices` (pairs of drive `X:` and
/// its `QueryDosDeviceW` target, compared exactly), and without a match keeps only the rest.
pub(crate) fn convert_dos_path(s: &str, devices: &[(String, String)]) -> String {
    if s.starts_with(r"\\") {
        return s.to_string();
    }
    let parts: Vec<&str> = s.split('\\').collect();
    let prefix = |n: usize| parts[..n.min(parts.len())].join("\\");
    let raw3 = prefix(3);
    if raw3 == r"\??\UNC" || raw3 == r"\Device\Mup" {
        let raw5 = prefix(5);
        let host_share = parts.get(3..5.min(parts.len())).unwrap_or(&[]).join("\\");
        return join_drive(&format!(r"\\{host_share}"), &s[raw5.len()..]);
    }
    let drive = if raw3.starts_with(r"\??\") {
        parts.get(2).copied().unwrap_or("").to_string()
    } else {
        devices.iter().find(|(_, target)| *target == raw3).map(|(d, _)| d.clone()).unwrap_or_default()
    };
    join_drive(&drive, &s[raw3.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handle list as the call fills it, from (pid, handle value) pairs.
    fn list(entries: &[(u64, u64)], claimed: u64) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&claimed.to_le_bytes()[..WORD]);
        b.extend_from_slice(&[0u8; WORD]);
        for &(pid, value) in entries {
            b.extend_from_slice(&0xffff_8000_dead_0000u64.to_le_bytes()[..WORD]);
            b.extend_from_slice(&pid.to_le_bytes()[..WORD]);
            b.extend_from_slice(&value.to_le_bytes()[..WORD]);
            b.extend_from_slice(&0x0012_019f_u32.to_le_bytes());
            b.extend_from_slice(&[0, 0, 37, 0]);
            b.extend_from_slice(&[0u8; 8]);
        }
        b
    }

    #[test]
    fn picks_the_handles_of_one_pid() {
        let b = list(&[(4, 0x10), (1234, 0x4), (8, 0x8), (1234, 0x1c)], 4);
        assert_eq!(handles_of(&b, 1234), vec![0x4, 0x1c]);
        assert_eq!(count_of(&b, 1234), 2);
        assert_eq!(count_of(&b, 9), 0);
        assert!(handles_of(&b, 9).is_empty());
    }

    #[test]
    fn a_count_beyond_the_buffer_is_bounded_and_odd_buffers_give_nothing() {
        let b = list(&[(7, 0x4), (7, 0x8)], 1_000_000);
        assert_eq!(handles_of(&b, 7), vec![0x4, 0x8]);
        // Fewer claimed than present: only the claimed ones.
        assert_eq!(handles_of(&list(&[(7, 0x4), (7, 0x8)], 1), 7), vec![0x4]);
        // Truncated inside the second entry.
        let mut t = list(&[(7, 0x4), (7, 0x8)], 2);
        t.truncate(t.len() - 1);
        assert_eq!(handles_of(&t, 7), vec![0x4]);
        assert!(handles_of(&[], 7).is_empty());
        assert!(handles_of(&[1, 2, 3], 7).is_empty());
        assert_eq!(count_of(&[0xff; 15], 0), 0);
    }

    /// An OBJECT_NAME_INFORMATION written at `base`: the string right after the header.
    fn name_info(name: &str, base: usize) -> Vec<u8> {
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut b = Vec::new();
        b.extend_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        b.extend_from_slice(&((units.len() * 2 + 2) as u16).to_le_bytes());
        b.resize(WORD, 0);
        b.extend_from_slice(&((base + 2 * WORD) as u64).to_le_bytes()[..WORD]);
        for u in units {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b.extend_from_slice(&[0, 0]);
        b
    }

    #[test]
    fn object_names_are_read_inside_the_buffer_only() {
        let base = 0x7ff0_0000;
        let b = name_info(r"\Device\HarddiskVolume1\x.txt", base);
        assert_eq!(
            String::from_utf16(&object_name(&b, base).unwrap()).unwrap(),
            r"\Device\HarddiskVolume1\x.txt"
        );
        // Empty name, pointer outside the buffer, length past its end, short buffer.
        assert_eq!(object_name(&name_info("", base), base), None);
        assert_eq!(object_name(&b, base + 4096), None);
        let mut long = b.clone();
        long[0] = 0xff;
        long[1] = 0xff;
        assert_eq!(object_name(&long, base), None);
        assert_eq!(object_name(&b[..WORD], base), None);
        assert_eq!(object_name(&[], base), None);
    }

    fn devices() -> Vec<(String, String)> {
        vec![
            ("C:".into(), r"\Device\HarddiskVolume1".into()),
            ("Z:".into(), r"\Device\HarddiskVolume2".into()),
        ]
    }

    /// psutil's `test_windows.py` cases of `convert_dos_path`, and the edges of its joins.
    #[test]
    fn dos_paths_as_psutil_converts_them() {
        let d = devices();
        let cases = [
            (r"\??\C:\Windows\Temp", r"C:\Windows\Temp"),
            (r"\Device\HarddiskVolume1\Windows\Temp", r"C:\Windows\Temp"),
            (r"\Device\HarddiskVolume2\tmp\x", r"Z:\tmp\x"),
            (r"\\localhost\C$\Windows\Temp", r"\\localhost\C$\Windows\Temp"),
            (r"\??\UNC\localhost\C$\Windows\Temp", r"\\localhost\C$\Windows\Temp"),
            (r"\Device\Mup\localhost\C$\Windows\Temp", r"\\localhost\C$\Windows\Temp"),
            // No drive for the device: only the rest is kept.
            (r"\Device\HarddiskVolume9\x\y", r"\x\y"),
            // Case matters in the device comparison, as in psutil's wcscmp.
            (r"\device\harddiskvolume1\x", r"\x"),
            // Bare prefixes.
            (r"\??\C:", "C:"),
            (r"\Device\HarddiskVolume1", "C:"),
            (r"\??\UNC\host", r"\\host"),
            (r"\Device", ""),
            ("", ""),
        ];
        for (nt, dos) in cases {
            assert_eq!(convert_dos_path(nt, &d), dos, "{nt}");
        }
    }
}
