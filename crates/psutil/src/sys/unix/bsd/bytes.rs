//! Reading plain fields out of foreign kernel structs at fixed offsets, in native byte
//! order. Every read is bounds-checked and answers `None` past the end, so the decoders
//! built on these never panic on a short or odd buffer.

/// `N` bytes of `buf` at `off`, or `None` when they run past its end.
fn array<const N: usize>(buf: &[u8], off: usize) -> Option<[u8; N]> {
    buf.get(off..off.checked_add(N)?)?.try_into().ok()
}

/// The `u8` at `off`.
pub(crate) fn u8_at(buf: &[u8], off: usize) -> Option<u8> {
    buf.get(off).copied()
}

/// The `i8` at `off`.
pub(crate) fn i8_at(buf: &[u8], off: usize) -> Option<i8> {
    array::<1>(buf, off).map(i8::from_ne_bytes)
}

/// The `i16` at `off`.
pub(crate) fn i16_at(buf: &[u8], off: usize) -> Option<i16> {
    array(buf, off).map(i16::from_ne_bytes)
}

/// The `u16` at `off`.
pub(crate) fn u16_at(buf: &[u8], off: usize) -> Option<u16> {
    array(buf, off).map(u16::from_ne_bytes)
}

/// The `i32` at `off`.
pub(crate) fn i32_at(buf: &[u8], off: usize) -> Option<i32> {
    array(buf, off).map(i32::from_ne_bytes)
}

/// The `u32` at `off`.
pub(crate) fn u32_at(buf: &[u8], off: usize) -> Option<u32> {
    array(buf, off).map(u32::from_ne_bytes)
}

/// The `i64` at `off`.
pub(crate) fn i64_at(buf: &[u8], off: usize) -> Option<i64> {
    array(buf, off).map(i64::from_ne_bytes)
}

/// The `u64` at `off`.
pub(crate) fn u64_at(buf: &[u8], off: usize) -> Option<u64> {
    array(buf, off).map(u64::from_ne_bytes)
}

/// The C string in the `len`-byte field at `off`: its bytes up to the first NUL (all
/// `len` bytes when it has none), or `None` when the field runs past the buffer.
pub(crate) fn cstr_at(buf: &[u8], off: usize, len: usize) -> Option<&[u8]> {
    let field = buf.get(off..off.checked_add(len)?)?;
    Some(field.split(|&b| b == 0).next().unwrap_or(field))
}

/// A `timeval` (`tv_sec` i64, `tv_usec` as i32 at +8 on macOS or i64 on FreeBSD: both
/// read as the low 32 bits, which hold any valid microsecond count) in seconds.
pub(crate) fn timeval_at(buf: &[u8], off: usize) -> Option<f64> {
    let sec = i64_at(buf, off)?;
    let usec = i32_at(buf, off + 8)?;
    Some(sec as f64 + f64::from(usec) / 1e6)
}

/// Test helpers: building foreign structs byte by byte.
#[cfg(test)]
pub(crate) mod build {
    /// Writes `bytes` into `buf` at `off`.
    pub(crate) fn put(buf: &mut [u8], off: usize, bytes: &[u8]) {
        buf[off..off + bytes.len()].copy_from_slice(bytes);
    }
    /// Writes a native-endian `i32`.
    pub(crate) fn put_i32(buf: &mut [u8], off: usize, v: i32) {
        put(buf, off, &v.to_ne_bytes());
    }
    /// Writes a native-endian `u32`.
    pub(crate) fn put_u32(buf: &mut [u8], off: usize, v: u32) {
        put(buf, off, &v.to_ne_bytes());
    }
    /// Writes a native-endian `u64`.
    pub(crate) fn put_u64(buf: &mut [u8], off: usize, v: u64) {
        put(buf, off, &v.to_ne_bytes());
    }
    /// Writes a native-endian `i64`.
    pub(crate) fn put_i64(buf: &mut [u8], off: usize, v: i64) {
        put(buf, off, &v.to_ne_bytes());
    }
    /// Writes a native-endian `u16`.
    pub(crate) fn put_u16(buf: &mut [u8], off: usize, v: u16) {
        put(buf, off, &v.to_ne_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    #[test]
    fn reads_fields_and_refuses_past_the_end() {
        let mut b = vec![0u8; 24];
        put_u64(&mut b, 0, 0x0102_0304_0506_0708);
        put_i32(&mut b, 8, -5);
        put_u16(&mut b, 12, 7);
        put(&mut b, 14, b"ab\0c");
        assert_eq!(u64_at(&b, 0), Some(0x0102_0304_0506_0708));
        assert_eq!(i64_at(&b, 0), Some(0x0102_0304_0506_0708));
        assert_eq!(i32_at(&b, 8), Some(-5));
        assert_eq!(u32_at(&b, 8), Some((-5i32) as u32));
        assert_eq!(u16_at(&b, 12), Some(7));
        assert_eq!(i16_at(&b, 12), Some(7));
        assert_eq!(i16_at(&b, 23), None);
        assert_eq!(u8_at(&b, 14), Some(b'a'));
        assert_eq!(i8_at(&b, 8), Some(i8::from_ne_bytes([(-5i32).to_ne_bytes()[0]])));
        assert_eq!(cstr_at(&b, 14, 4), Some(&b"ab"[..]));
        assert_eq!(cstr_at(&b, 14, 2), Some(&b"ab"[..]), "no NUL: the whole field");
        assert_eq!(u64_at(&b, 17), None);
        assert_eq!(u64_at(&b, usize::MAX - 2), None, "offset overflow is a miss, not a panic");
        assert_eq!(i32_at(&b, 21), None);
        assert_eq!(u8_at(&b, 24), None);
        assert_eq!(cstr_at(&b, 20, 5), None);
        assert_eq!(cstr_at(&b, usize::MAX, 5), None);
    }

    #[test]
    fn timeval_in_seconds() {
        let mut b = vec![0u8; 16];
        put_i64(&mut b, 0, 1_700_000_000);
        put_i32(&mut b, 8, 250_000);
        assert_eq!(timeval_at(&b, 0), Some(1_700_000_000.25));
        assert_eq!(timeval_at(&b[..11], 0), None);
    }
}
