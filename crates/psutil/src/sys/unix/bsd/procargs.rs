//! Command lines and environments as the BSD kernels hand them out: macOS's
//! `KERN_PROCARGS2` buffer and FreeBSD's `KERN_PROC_ARGS` list, decoded the way psutil's
//! C code walks them (`arch/osx/proc.c`, `arch/freebsd/proc.c`).

use super::{bytes, DecodeError};

/// The parts of a `KERN_PROCARGS2` buffer, borrowed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProcArgs<'a> {
    /// The path the kernel exec'd (before the arguments).
    pub(crate) exec_path: &'a [u8],
    /// The arguments, as psutil's `cmdline()` collects them.
    pub(crate) argv: Vec<&'a [u8]>,
    /// The environment block after the arguments: NUL-terminated `K=V` entries up to (not
    /// including) the empty entry that ends them; feed it to `Environ::from_block`.
    pub(crate) env_block: &'a [u8],
}

/// Decodes macOS's `KERN_PROCARGS2` answer (`buf` = the bytes the sysctl wrote):
/// `argc` (i32), the exec path, NUL padding, `argc` NUL-terminated arguments, then the
/// environment strings and an empty string. As psutil: an exec path that reaches the end
/// gives no arguments; NULs before the first argument are skipped; arguments are taken
/// until `argc` are found or the bytes end (an unterminated last one is dropped); empty
/// arguments in between are kept.
pub(crate) fn parse_procargs2(buf: &[u8]) -> Result<ProcArgs<'_>, DecodeError> {
    let argc = bytes::i32_at(buf, 0).ok_or(DecodeError("KERN_PROCARGS2 buffer shorter than argc"))?;
    let mut left = usize::try_from(argc).unwrap_or(0);
    let rest = &buf[4..];
    let Some(path_end) = rest.iter().position(|&b| b == 0) else {
        return Ok(ProcArgs { exec_path: rest, argv: Vec::new(), env_block: &[] });
    };
    let exec_path = &rest[..path_end];
    let mut pos = path_end + 1;
    while pos < rest.len() && rest[pos] == 0 {
        pos += 1;
    }
    let mut argv = Vec::new();
    let mut start = pos;
    while pos < rest.len() && left > 0 {
        if rest[pos] == 0 {
            argv.push(&rest[start..pos]);
            left -= 1;
            start = pos + 1;
        }
        pos += 1;
    }
    // The environment: strings until an empty one (or the end of the bytes).
    let env_start = pos;
    let mut env_end = pos;
    while env_end < rest.len() && rest[env_end] != 0 {
        match rest[env_end..].iter().position(|&b| b == 0) {
            Some(len) => env_end += len + 1,
            None => break,
        }
    }
    Ok(ProcArgs { exec_path, argv, env_block: &rest[env_start..env_end] })
}

/// FreeBSD's `KERN_PROC_ARGS` answer: every NUL ends one argument, so `a\0\0b\0` is
/// `["a", "", "b"]`; an empty answer is `[]`; a final unterminated string is kept.
pub(crate) fn split_nul_args(buf: &[u8]) -> Vec<&[u8]> {
    let body = buf.strip_suffix(&[0]).unwrap_or(buf);
    if buf.is_empty() {
        return Vec::new();
    }
    body.split(|&b| b == 0).collect()
}

/// Joins environment entries (FreeBSD's `kvm_getenvv` array) into a NUL-terminated block
/// for `Environ::from_block`, which keeps entries with a non-empty key before `=`.
pub(crate) fn env_block_of<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut block = Vec::new();
    for entry in entries {
        if entry.is_empty() || entry.contains(&0) {
            continue;
        }
        block.extend_from_slice(entry);
        block.push(0);
    }
    block
}

/// psutil's POSIX name rule: a kernel name of 15 bytes or more may be cut, so the
/// basename of `argv[0]` replaces it when it starts with the kernel's name.
pub(crate) fn widen_name(comm: &[u8], argv0: Option<&[u8]>) -> Vec<u8> {
    if comm.len() >= 15 {
        if let Some(arg) = argv0 {
            let base = arg.rsplit(|&b| b == b'/').next().unwrap_or(arg);
            if base.starts_with(comm) {
                return base.to_vec();
            }
        }
    }
    comm.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procargs(argc: i32, tail: &[u8]) -> Vec<u8> {
        let mut b = argc.to_ne_bytes().to_vec();
        b.extend_from_slice(tail);
        b
    }

    #[test]
    fn normal_buffer() {
        let b = procargs(
            3,
            b"/bin/ls\0\0\0\0ls\0-l\0/tmp\0HOME=/root\0LANG=C\0\0executable_path=/bin/ls\0ptr_munge=\0",
        );
        let p = parse_procargs2(&b).unwrap();
        assert_eq!(p.exec_path, b"/bin/ls");
        assert_eq!(p.argv, vec![&b"ls"[..], b"-l", b"/tmp"]);
        assert_eq!(p.env_block, b"HOME=/root\0LANG=C\0");
        let env = crate::process::Environ::from_block(p.env_block, &"test").unwrap();
        assert_eq!(env.get("HOME"), Some("/root"));
        assert_eq!(env.get("executable_path"), None, "apple[] strings are not the environment");
    }

    #[test]
    fn argc_larger_than_the_strings_present() {
        let b = procargs(5, b"/x\0a\0b\0");
        let p = parse_procargs2(&b).unwrap();
        assert_eq!(p.argv, vec![&b"a"[..], b"b"]);
        assert!(p.env_block.is_empty());
    }

    #[test]
    fn unterminated_last_argument_is_dropped() {
        let b = procargs(3, b"/x\0a\0bc");
        assert_eq!(parse_procargs2(&b).unwrap().argv, vec![&b"a"[..]]);
    }

    #[test]
    fn empty_arguments_are_kept_and_padding_skipped_once() {
        let b = procargs(3, b"/x\0\0\0a\0\0b\0E=1\0\0");
        let p = parse_procargs2(&b).unwrap();
        assert_eq!(p.argv, vec![&b"a"[..], b"", b"b"]);
        assert_eq!(p.env_block, b"E=1\0");
    }

    #[test]
    fn no_env_and_env_without_equals() {
        let b = procargs(1, b"/x\0a\0\0");
        assert!(parse_procargs2(&b).unwrap().env_block.is_empty());
        let b = procargs(1, b"/x\0a\0NOEQ\0K=V\0=lead\0\0");
        let p = parse_procargs2(&b).unwrap();
        let env = crate::process::Environ::from_block(p.env_block, &"test").unwrap();
        assert_eq!(env.len(), 1);
        assert_eq!(env.get("K"), Some("V"));
    }

    #[test]
    fn exec_path_reaching_the_end_and_odd_argc() {
        let b = procargs(2, b"/only/path");
        let p = parse_procargs2(&b).unwrap();
        assert_eq!(p.exec_path, b"/only/path");
        assert!(p.argv.is_empty());
        let b = procargs(2, b"/only/path\0");
        assert!(parse_procargs2(&b).unwrap().argv.is_empty());
        let b = procargs(-4, b"/x\0a\0");
        let p = parse_procargs2(&b).unwrap();
        assert!(p.argv.is_empty(), "negative argc takes no argument");
        assert_eq!(p.env_block, b"a\0", "then the strings are read as environment");
        let b = procargs(0, b"");
        assert!(parse_procargs2(&b).unwrap().argv.is_empty());
    }

    #[test]
    fn truncated_buffers_are_errors_or_partial() {
        assert!(parse_procargs2(&[]).is_err());
        assert!(parse_procargs2(&[1, 0, 0]).is_err());
        let b = procargs(2, b"/x\0a\0b\0K=V\0L=unterminated");
        let p = parse_procargs2(&b).unwrap();
        assert_eq!(p.env_block, b"K=V\0", "an unterminated entry is not part of the block");
        let env = crate::process::Environ::from_block(p.env_block, &"test").unwrap();
        assert_eq!(env.len(), 1);
    }

    #[test]
    fn invalid_utf8_is_kept_as_bytes() {
        let b = procargs(1, b"/x\0\xff\xfe\0");
        assert_eq!(parse_procargs2(&b).unwrap().argv, vec![&b"\xff\xfe"[..]]);
    }

    #[test]
    fn freebsd_args_split_on_every_nul() {
        assert_eq!(split_nul_args(b"a\0\0b\0"), vec![&b"a"[..], b"", b"b"]);
        assert_eq!(split_nul_args(b"sh\0-c\0"), vec![&b"sh"[..], b"-c"]);
        assert!(split_nul_args(b"").is_empty());
        assert_eq!(split_nul_args(b"\0"), vec![&b""[..]]);
        assert_eq!(split_nul_args(b"a\0tail"), vec![&b"a"[..], b"tail"]);
    }

    #[test]
    fn long_names_widen_from_argv0() {
        let comm = b"python3.12-long-";
        assert_eq!(widen_name(comm, Some(b"/usr/bin/python3.12-long-name")), b"python3.12-long-name");
        assert_eq!(widen_name(comm, Some(b"/usr/bin/other")), comm, "argv0 must start with the name");
        assert_eq!(widen_name(comm, None), comm);
        assert_eq!(widen_name(b"short", Some(b"/bin/shorter")), b"short", "under 15 bytes: kept");
        assert_eq!(widen_name(b"0123456789abcde", Some(b"0123456789abcdefgh")), b"0123456789abcdefgh");
    }

    #[test]
    fn env_entries_join_into_a_block() {
        let block = env_block_of([&b"A=1"[..], b"", b"B=2", b"bad\0nul"]);
        assert_eq!(block, b"A=1\0B=2\0");
        let env = crate::process::Environ::from_block(&block, &"test").unwrap();
        assert_eq!(env.get("B"), Some("2"));
        assert!(env_block_of(std::iter::empty()).is_empty());
    }
}
