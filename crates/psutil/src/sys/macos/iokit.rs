//! Thin FFI to CoreFoundation and IOKit (declared here: libc has neither): the
//! registry's `IOMedia` disks with their driver's `Statistics`, and the first power
//! source's description, and (Apple Silicon) the `pmgr` device's voltage-state tables,
//! turned into plain Rust values for `parse::disk_statistics`, `parse::battery` and
//! `parse::apple_freq`. Every CF and IOKit object created here is released before
//! returning.

use std::ffi::{c_char, c_void, CStr, CString};
use std::io;

type CFTypeRef = *const c_void;
type CFIndex = isize;
type IoObject = libc::mach_port_t;

const K_CF_STRING_ENCODING_UTF8: u32 = 0x0800_0100;
const K_CF_NUMBER_SINT64_TYPE: CFIndex = 4;
/// `kIOMainPortDefault` / `kIOMasterPortDefault`: `MACH_PORT_NULL`.
const K_IO_MAIN_PORT_DEFAULT: libc::mach_port_t = 0;

#[link(name = "CoreFoundation", kind = "framework")]
extern "C" {
    fn CFStringCreateWithCString(alloc: CFTypeRef, s: *const c_char, encoding: u32) -> CFTypeRef;
    fn CFStringGetCString(s: CFTypeRef, buf: *mut c_char, size: CFIndex, encoding: u32) -> u8;
    fn CFStringGetTypeID() -> usize;
    fn CFNumberGetValue(n: CFTypeRef, kind: CFIndex, out: *mut c_void) -> u8;
    fn CFNumberGetTypeID() -> usize;
    fn CFDictionaryGetValue(d: CFTypeRef, key: CFTypeRef) -> CFTypeRef;
    fn CFDictionaryGetTypeID() -> usize;
    fn CFArrayGetCount(a: CFTypeRef) -> CFIndex;
    fn CFArrayGetValueAtIndex(a: CFTypeRef, i: CFIndex) -> CFTypeRef;
    fn CFGetTypeID(cf: CFTypeRef) -> usize;
    fn CFRelease(cf: CFTypeRef);
}

#[link(name = "IOKit", kind = "framework")]
extern "C" {
    fn IOServiceMatching(name: *const c_char) -> CFTypeRef;
    fn IOServiceGetMatchingServices(port: libc::mach_port_t, matching: CFTypeRef, it: *mut IoObject) -> i32;
    fn IOIteratorNext(it: IoObject) -> IoObject;
    fn IORegistryEntryGetParentEntry(entry: IoObject, plane: *const c_char, parent: *mut IoObject) -> i32;
    fn IOObjectConformsTo(obj: IoObject, class: *const c_char) -> u32;
    fn IORegistryEntryCreateCFProperties(
        entry: IoObject,
        props: *mut CFTypeRef,
        alloc: CFTypeRef,
        opts: u32,
    ) -> i32;
    fn IOObjectRelease(obj: IoObject) -> i32;
    fn IOPSCopyPowerSourcesInfo() -> CFTypeRef;
    fn IOPSCopyPowerSourcesList(blob: CFTypeRef) -> CFTypeRef;
    fn IOPSGetPowerSourceDescription(blob: CFTypeRef, ps: CFTypeRef) -> CFTypeRef;
}

#[cfg(target_arch = "aarch64")]
#[link(name = "CoreFoundation", kind = "framework")]
extern "C" {
    fn CFDataGetTypeID() -> usize;
    fn CFDataGetLength(d: CFTypeRef) -> CFIndex;
    fn CFDataGetBytePtr(d: CFTypeRef) -> *const u8;
}

#[cfg(target_arch = "aarch64")]
#[link(name = "IOKit", kind = "framework")]
extern "C" {
    fn IORegistryEntryGetName(entry: IoObject, name: *mut c_char) -> i32;
}

/// An owned CF object, released on drop.
struct Cf(CFTypeRef);

impl Drop for Cf {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: we own one reference.
            unsafe { CFRelease(self.0) };
        }
    }
}

/// An owned IOKit object, released on drop.
struct Io(IoObject);

impl Drop for Io {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: we own this object reference.
            unsafe { IOObjectRelease(self.0) };
        }
    }
}

/// `dict[key]` (not owned), or null.
fn get(dict: CFTypeRef, key: &str) -> CFTypeRef {
    let Ok(ckey) = CString::new(key) else { return std::ptr::null() };
    // SAFETY: a NUL-terminated string; the created key is released by `Cf`.
    let key =
        Cf(unsafe { CFStringCreateWithCString(std::ptr::null(), ckey.as_ptr(), K_CF_STRING_ENCODING_UTF8) });
    if key.0.is_null() || dict.is_null() {
        return std::ptr::null();
    }
    // SAFETY: `dict` is a live dictionary, `key` a live string.
    unsafe { CFDictionaryGetValue(dict, key.0) }
}

/// `dict[key]` as an integer, when it is a CFNumber.
fn get_i64(dict: CFTypeRef, key: &str) -> Option<i64> {
    let v = get(dict, key);
    // SAFETY: `v` is null or a live CF object of `dict`.
    if v.is_null() || unsafe { CFGetTypeID(v) != CFNumberGetTypeID() } {
        return None;
    }
    let mut out: i64 = 0;
    // SAFETY: `v` is a CFNumber; `out` has room for an SInt64.
    (unsafe { CFNumberGetValue(v, K_CF_NUMBER_SINT64_TYPE, (&mut out as *mut i64).cast()) } != 0)
        .then_some(out)
}

/// `dict[key]` as a string, when it is a CFString.
fn get_string(dict: CFTypeRef, key: &str) -> Option<String> {
    let v = get(dict, key);
    // SAFETY: `v` is null or a live CF object of `dict`.
    if v.is_null() || unsafe { CFGetTypeID(v) != CFStringGetTypeID() } {
        return None;
    }
    let mut buf = [0 as c_char; 1024];
    // SAFETY: `v` is a CFString; `buf` is writable for its length.
    if unsafe { CFStringGetCString(v, buf.as_mut_ptr(), buf.len() as CFIndex, K_CF_STRING_ENCODING_UTF8) }
        == 0
    {
        return None;
    }
    // SAFETY: CFStringGetCString wrote a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned())
}

/// An iterator over the registry's services of `class` (`IOServiceGetMatchingServices`).
fn services(class: &CStr) -> io::Result<Io> {
    let mut iter: IoObject = 0;
    // SAFETY: a NUL-terminated class name; IOServiceMatching's dictionary is consumed by
    // the call; the iterator is ours to release (`Io`).
    let kr = unsafe {
        IOServiceGetMatchingServices(K_IO_MAIN_PORT_DEFAULT, IOServiceMatching(class.as_ptr()), &mut iter)
    };
    if kr != 0 {
        return Err(io::Error::other(format!("IOServiceGetMatchingServices failed: {kr}")));
    }
    Ok(Io(iter))
}

fn properties(entry: IoObject) -> Option<Cf> {
    let mut props: CFTypeRef = std::ptr::null();
    // SAFETY: `entry` is a live registry entry; the dictionary is ours to release.
    let kr = unsafe { IORegistryEntryCreateCFProperties(entry, &mut props, std::ptr::null(), 0) };
    (kr == 0 && !props.is_null()).then_some(Cf(props))
}

/// Every disk's (`BSD Name`, read_count, write_count, read_bytes, write_bytes,
/// read_time, write_time) from the `Statistics` of its `IOBlockStorageDriver`.
pub(crate) fn disk_rows() -> io::Result<Vec<(String, [u64; 6])>> {
    let iter = services(c"IOMedia")?;
    let mut out = Vec::new();
    loop {
        // SAFETY: a live iterator; the returned object is released by `Io`.
        let media = Io(unsafe { IOIteratorNext(iter.0) });
        if media.0 == 0 {
            break;
        }
        let mut parent: IoObject = 0;
        // SAFETY: `media` is live; the parent reference is ours to release.
        if unsafe { IORegistryEntryGetParentEntry(media.0, c"IOService".as_ptr(), &mut parent) } != 0 {
            continue;
        }
        let parent = Io(parent);
        // SAFETY: `parent` is live.
        if unsafe { IOObjectConformsTo(parent.0, c"IOBlockStorageDriver".as_ptr()) } == 0 {
            continue;
        }
        let (Some(media_props), Some(parent_props)) = (properties(media.0), properties(parent.0)) else {
            continue;
        };
        let Some(name) = get_string(media_props.0, "BSD Name") else { continue };
        let stats = get(parent_props.0, "Statistics");
        // SAFETY: `stats` is null or a live CF object of `parent_props`.
        if stats.is_null() || unsafe { CFGetTypeID(stats) != CFDictionaryGetTypeID() } {
            return Err(io::Error::other("Unable to get the disk's statistics."));
        }
        out.push((name, super::parse::disk_statistics(|k| get_i64(stats, k))));
    }
    Ok(out)
}

/// `Current Capacity`, `Time to Empty` (minutes) and `Power Source State` of a power
/// source.
pub(crate) type PowerSource = (i64, Option<i64>, Option<String>);

/// The first power source's `Current Capacity`, `Time to Empty` and `Power Source State`;
/// `None` when the machine has no power source.
pub(crate) fn battery() -> io::Result<Option<PowerSource>> {
    // SAFETY: the blob and list are ours to release; descriptions belong to the blob.
    let blob = Cf(unsafe { IOPSCopyPowerSourcesInfo() });
    if blob.0.is_null() {
        return Err(io::Error::other("IOPSCopyPowerSourcesInfo failed"));
    }
    // SAFETY: as above.
    let list = Cf(unsafe { IOPSCopyPowerSourcesList(blob.0) });
    // SAFETY: `list` is null or a live array.
    if list.0.is_null() || unsafe { CFArrayGetCount(list.0) } == 0 {
        return Ok(None);
    }
    // SAFETY: index 0 exists; the description is not owned.
    let desc = unsafe { IOPSGetPowerSourceDescription(blob.0, CFArrayGetValueAtIndex(list.0, 0)) };
    if desc.is_null() {
        return Ok(None);
    }
    let Some(capacity) = get_i64(desc, "Current Capacity") else { return Ok(None) };
    Ok(Some((capacity, get_i64(desc, "Time to Empty"), get_string(desc, "Power Source State"))))
}

/// `dict[key]`'s bytes, when it is a CFData.
#[cfg(target_arch = "aarch64")]
fn get_data(dict: CFTypeRef, key: &str) -> Option<Vec<u8>> {
    let v = get(dict, key);
    // SAFETY: `v` is null or a live CF object of `dict`.
    if v.is_null() || unsafe { CFGetTypeID(v) != CFDataGetTypeID() } {
        return None;
    }
    // SAFETY: `v` is a CFData; its byte pointer is valid for its length while `dict` lives.
    let (ptr, len) = unsafe { (CFDataGetBytePtr(v), CFDataGetLength(v)) };
    let len = usize::try_from(len).ok()?;
    if ptr.is_null() {
        return Some(Vec::new());
    }
    // SAFETY: as above; the bytes are copied out before `dict` is released.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec())
}

/// psutil's Apple Silicon `cpu_freq` source: among the `AppleARMIODevice` services, the
/// one named `pmgr`, its `voltage-states5-sram` (performance cores) and
/// `voltage-states1-sram` (efficiency cores) tables; the second is empty when missing.
/// `None` when there is no `pmgr` device or it has no performance-core table (virtual
/// machines: psutil then has no `cpu_freq`).
#[cfg(target_arch = "aarch64")]
pub(crate) fn pmgr_voltage_tables() -> io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let iter = services(c"AppleARMIODevice")?;
    loop {
        // SAFETY: a live iterator; the returned object is released by `Io`.
        let entry = Io(unsafe { IOIteratorNext(iter.0) });
        if entry.0 == 0 {
            return Ok(None);
        }
        let mut name = [0 as c_char; 128];
        // SAFETY: `entry` is live; `name` is an `io_name_t` (128 bytes).
        if unsafe { IORegistryEntryGetName(entry.0, name.as_mut_ptr()) } != 0 {
            continue;
        }
        // SAFETY: IORegistryEntryGetName wrote a NUL-terminated name.
        if unsafe { CStr::from_ptr(name.as_ptr()) }.to_bytes() != b"pmgr" {
            continue;
        }
        let Some(props) = properties(entry.0) else { return Ok(None) };
        let Some(p_cores) = get_data(props.0, "voltage-states5-sram") else { return Ok(None) };
        let e_cores = get_data(props.0, "voltage-states1-sram").unwrap_or_default();
        return Ok(Some((p_cores, e_cores)));
    }
}
