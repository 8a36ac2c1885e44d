//! The two ways psutil reads a sysctl (`arch/posix/sysctl.c`), as loops over a closure
//! that performs the actual call, so the loops are tested on Linux with fakes. The
//! closure gets `None` to ask for the size, or a buffer to fill, and answers the byte
//! count (the size hint, or the bytes written).

use std::io;

/// How many times a growing read retries after `ENOMEM` (the data grew meanwhile).
const GROW_RETRIES: usize = 10;

/// A variable-size node (`KERN_PROC_ALL`, `NET_RT_IFLIST2`, `KERN_PROCARGS2`...): ask
/// the size, allocate a little more, read; on `ENOMEM` ask again, up to 10 times.
/// Answers exactly the bytes written.
pub(crate) fn read_growing(
    mut call: impl FnMut(Option<&mut [u8]>) -> io::Result<usize>,
) -> io::Result<Vec<u8>> {
    let mut last = io::Error::from_raw_os_error(libc::ENOMEM);
    for _ in 0..GROW_RETRIES {
        let hint = call(None)?;
        if hint == 0 {
            return Ok(Vec::new());
        }
        // Leave room for what appears between the two calls.
        let mut buf = vec![0u8; hint.saturating_add(hint / 8).saturating_add(64)];
        match call(Some(&mut buf)) {
            Ok(written) => {
                buf.truncate(written.min(buf.len()));
                return Ok(buf);
            }
            Err(e) if e.raw_os_error() == Some(libc::ENOMEM) => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// A fixed-size node read into `buf`: psutil requires the answer to fill it exactly, and
/// so do we unless `shorter_ok` (what psutil's development branch accepts for the
/// variable-length `kern.cp_times` and `dev.cpu.N.freq_levels`, gh-2791/2795). Answers
/// the bytes written.
pub(crate) fn read_fixed(
    buf: &mut [u8],
    shorter_ok: bool,
    call: impl FnOnce(&mut [u8]) -> io::Result<usize>,
) -> io::Result<usize> {
    let want = buf.len();
    let got = call(buf)?;
    if got == want || (shorter_ok && got < want) {
        Ok(got)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("sysctl size mismatch: got {got} bytes, expected {want}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_read_returns_what_was_written() {
        let data = b"0123456789".to_vec();
        let out = read_growing(|buf| match buf {
            None => Ok(data.len()),
            Some(b) => {
                b[..data.len()].copy_from_slice(&data);
                Ok(data.len())
            }
        })
        .unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn growing_read_retries_on_enomem_then_succeeds() {
        let mut calls = 0;
        let out = read_growing(|buf| {
            calls += 1;
            match buf {
                None => Ok(4),
                Some(_) if calls < 6 => Err(io::Error::from_raw_os_error(libc::ENOMEM)),
                Some(b) => {
                    b[0] = 7;
                    Ok(1)
                }
            }
        })
        .unwrap();
        assert_eq!(out, vec![7]);
        assert_eq!(calls, 6);
    }

    #[test]
    fn growing_read_gives_up_after_ten_enomem() {
        let mut fills = 0;
        let err = read_growing(|buf| match buf {
            None => Ok(4),
            Some(_) => {
                fills += 1;
                Err(io::Error::from_raw_os_error(libc::ENOMEM))
            }
        })
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOMEM));
        assert_eq!(fills, 10);
    }

    #[test]
    fn growing_read_passes_other_errors_and_empty_nodes() {
        let err = read_growing(|_| Err(io::Error::from_raw_os_error(libc::ESRCH))).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
        let err = read_growing(|b| match b {
            None => Ok(8),
            Some(_) => Err(io::Error::from_raw_os_error(libc::EPERM)),
        })
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EPERM));
        assert_eq!(read_growing(|_| Ok(0)).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn growing_read_clamps_an_overlong_answer() {
        let out = read_growing(|b| match b {
            None => Ok(1),
            Some(b) => Ok(b.len() + 100),
        })
        .unwrap();
        assert_eq!(out.len(), 1 + 64);
    }

    #[test]
    fn fixed_read_requires_the_exact_size_unless_shorter_is_allowed() {
        let mut buf = [0u8; 8];
        assert_eq!(read_fixed(&mut buf, false, |_| Ok(8)).unwrap(), 8);
        let err = read_fixed(&mut buf, false, |_| Ok(4)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("size mismatch"));
        assert_eq!(read_fixed(&mut buf, true, |_| Ok(4)).unwrap(), 4);
        assert!(read_fixed(&mut buf, true, |_| Ok(9)).is_err());
        let err =
            read_fixed(&mut buf, true, |_| Err(io::Error::from_raw_os_error(libc::ENOENT))).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    }
}
