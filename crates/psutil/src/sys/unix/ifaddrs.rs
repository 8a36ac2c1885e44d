//! `net_if_addrs` and `net_if_stats` on macOS and FreeBSD: `getifaddrs(3)` (IPv4/IPv6 by
//! `getnameinfo(NI_NUMERICHOST)`, `AF_LINK` by `bsd::sockets::link_address`) and the
//! `SIOCGIFFLAGS`/`SIOCGIFMTU`/`SIOCGIFMEDIA` ioctls, as psutil's `arch/posix/net.c`.

use std::ffi::CStr;
use std::io;

use super::bsd::ifmedia::{iff_names, media_duplex_speed, Os, IFF_RUNNING};
use super::bsd::sockets::link_address;
use crate::net::{NicAddr, NicDuplex, NicFamily, NicStats};
use crate::Result;

/// `getnameinfo(NI_NUMERICHOST)` of a socket address (its length from `sa_len`).
///
/// # Safety
/// `addr` must be null or point to a socket address valid for its `sa_len` bytes.
unsafe fn numeric_host(addr: *const libc::sockaddr) -> Option<String> {
    if addr.is_null() {
        return None;
    }
    // SAFETY: non-null `addr` is a sockaddr (caller).
    let len = unsafe { (*addr).sa_len };
    #[allow(clippy::unnecessary_cast)] // NI_MAXHOST's type differs between the two OSes
    let mut buf = [0 as libc::c_char; libc::NI_MAXHOST as usize];
    // SAFETY: `addr` is valid for `len` bytes, `buf` writable for its length.
    let rc = unsafe {
        libc::getnameinfo(
            addr,
            len.into(),
            buf.as_mut_ptr(),
            buf.len() as _,
            std::ptr::null_mut(),
            0,
            libc::NI_NUMERICHOST,
        )
    };
    // SAFETY: on success getnameinfo wrote a NUL-terminated string.
    (rc == 0).then(|| unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned())
}

/// One address of `family` as text.
///
/// # Safety
/// `addr` must be null or a socket address from the live `getifaddrs` list.
unsafe fn convert(addr: *const libc::sockaddr, family: i32) -> Option<String> {
    if addr.is_null() {
        return None;
    }
    if family == libc::AF_LINK {
        // SAFETY: an AF_LINK address is a sockaddr_dl of `sa_len` bytes.
        let len = usize::from(unsafe { (*addr).sa_len });
        // SAFETY: as above.
        let bytes = unsafe { std::slice::from_raw_parts(addr.cast::<u8>(), len) };
        return link_address(bytes);
    }
    // SAFETY: forwarded.
    unsafe { numeric_host(addr) }
}

struct IfAddrs(*mut libc::ifaddrs);

impl Drop for IfAddrs {
    fn drop(&mut self) {
        // SAFETY: the list came from getifaddrs and is freed once.
        unsafe { libc::freeifaddrs(self.0) };
    }
}

/// Every (NIC, address) with a primary address, as psutil's `net_if_addrs` rows.
pub(crate) fn net_if_addrs() -> Result<Vec<(String, NicAddr)>> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs stores a list head in `head`, freed by the guard.
    if unsafe { libc::getifaddrs(&mut head) } == -1 {
        return Err(io::Error::last_os_error().into());
    }
    let list = IfAddrs(head);
    let mut out = Vec::new();
    let mut cur = list.0;
    while !cur.is_null() {
        // SAFETY: `cur` is a node of the live list.
        let ifa = unsafe { &*cur };
        cur = ifa.ifa_next;
        if ifa.ifa_addr.is_null() {
            continue;
        }
        // SAFETY: non-null ifa_addr points to a sockaddr.
        let raw_family = i32::from(unsafe { (*ifa.ifa_addr).sa_family });
        let family = match raw_family {
            libc::AF_INET => NicFamily::Inet,
            libc::AF_INET6 => NicFamily::Inet6,
            libc::AF_LINK => NicFamily::Link,
            _ => continue,
        };
        // SAFETY: addresses of the live list.
        let Some(address) = (unsafe { convert(ifa.ifa_addr, raw_family) }) else { continue };
        // SAFETY: as above.
        let netmask = unsafe { convert(ifa.ifa_netmask, raw_family) };
        let flags = ifa.ifa_flags as libc::c_int;
        let (broadcast, ptp) = if flags & libc::IFF_BROADCAST != 0 {
            // SAFETY: as above; ifa_dstaddr is the broadcast address under IFF_BROADCAST.
            (unsafe { convert(ifa.ifa_dstaddr, raw_family) }, None)
        } else if flags & libc::IFF_POINTOPOINT != 0 {
            // SAFETY: as above; the destination under IFF_POINTOPOINT.
            (None, unsafe { convert(ifa.ifa_dstaddr, raw_family) })
        } else {
            (None, None)
        };
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        let name = unsafe { CStr::from_ptr(ifa.ifa_name) }.to_string_lossy().into_owned();
        out.push((name, NicAddr { family, address, netmask, broadcast, ptp }));
    }
    Ok(out)
}

#[cfg(target_os = "macos")]
const OS: Os = Os::MacOs;
#[cfg(target_os = "freebsd")]
const OS: Os = Os::FreeBsd;

/// `_IOWR('i', 17, struct ifreq)` and `_IOWR('i', 51, struct ifreq)`.
const SIOCGIFFLAGS: libc::c_ulong = 0xc020_6911;
const SIOCGIFMTU: libc::c_ulong = 0xc020_6933;
/// `_IOWR('i', 56, struct ifmediareq)`: 44 bytes on macOS (packed), 48 on FreeBSD.
#[cfg(target_os = "macos")]
const SIOCGIFMEDIA: libc::c_ulong = 0xc02c_6938;
#[cfg(target_os = "freebsd")]
const SIOCGIFMEDIA: libc::c_ulong = 0xc030_6938;

/// xnu's `struct ifmediareq`, declared under `#pragma pack(4)` (libc lacks it on macOS).
#[cfg(target_os = "macos")]
#[repr(C, packed(4))]
struct IfMediaReq {
    ifm_name: [libc::c_char; 16],
    ifm_current: libc::c_int,
    ifm_mask: libc::c_int,
    ifm_status: libc::c_int,
    ifm_active: libc::c_int,
    ifm_count: libc::c_int,
    ifm_ulist: *mut libc::c_int,
}
#[cfg(target_os = "freebsd")]
use libc::ifmediareq as IfMediaReq;

#[cfg(target_os = "macos")]
const _: () =
    assert!(std::mem::size_of::<IfMediaReq>() == 44 && std::mem::offset_of!(IfMediaReq, ifm_active) == 28);
#[cfg(target_os = "freebsd")]
const _: () =
    assert!(std::mem::size_of::<IfMediaReq>() == 48 && std::mem::offset_of!(IfMediaReq, ifm_active) == 28);

fn name_bytes(name: &str) -> [libc::c_char; 16] {
    let mut out = [0 as libc::c_char; 16];
    for (dst, src) in out.iter_mut().zip(name.bytes().take(15)) {
        *dst = src as libc::c_char;
    }
    out
}

fn ioctl<T>(sock: libc::c_int, request: libc::c_ulong, arg: &mut T) -> io::Result<()> {
    // SAFETY: `arg` is the struct this request reads and writes, valid for the call.
    if unsafe { libc::ioctl(sock, request, arg as *mut T) } == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

fn nic_stats(sock: libc::c_int, name: &str) -> io::Result<NicStats> {
    // SAFETY: ifreq is plain data; zeroes are valid.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    req.ifr_name = name_bytes(name);
    ioctl(sock, SIOCGIFFLAGS, &mut req)?;
    // SAFETY: SIOCGIFFLAGS filled the flags member of the union (FreeBSD splits it in
    // two shorts; the low one holds the IFF_* bits psutil reads).
    #[cfg(target_os = "freebsd")]
    let flags = i32::from(unsafe { req.ifr_ifru.ifru_flags[0] }) & 0xffff;
    // SAFETY: as above.
    #[cfg(target_os = "macos")]
    let flags = i32::from(unsafe { req.ifr_ifru.ifru_flags }) & 0xffff;
    // SAFETY: as above, a fresh request.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    req.ifr_name = name_bytes(name);
    ioctl(sock, SIOCGIFMTU, &mut req)?;
    // SAFETY: SIOCGIFMTU filled the mtu member.
    let mtu = unsafe { req.ifr_ifru.ifru_mtu };
    // SAFETY: plain data (a null list pointer with count 0); zeroes are valid.
    let mut media: IfMediaReq = unsafe { std::mem::zeroed() };
    media.ifm_name = name_bytes(name);
    let (duplex, speed) = match ioctl(sock, SIOCGIFMEDIA, &mut media) {
        Ok(()) => media_duplex_speed(media.ifm_active, OS),
        Err(_) => (0, 0),
    };
    let duplex = match duplex {
        2 => NicDuplex::Full,
        1 => NicDuplex::Half,
        _ => NicDuplex::Unknown,
    };
    Ok(NicStats {
        isup: flags & IFF_RUNNING != 0,
        duplex,
        speed,
        mtu: mtu.max(0) as u32,
        flags: iff_names(flags, OS),
    })
}

/// psutil's `net_if_stats` for the NICs `names`; a NIC gone meanwhile (`ENODEV`/`ENXIO`)
/// is left out.
pub(crate) fn net_if_stats(names: impl IntoIterator<Item = String>) -> Result<Vec<(String, NicStats)>> {
    // SAFETY: plain socket(2) call; the descriptor is closed below on every path.
    let sock = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0) };
    if sock == -1 {
        return Err(io::Error::last_os_error().into());
    }
    let mut out = Vec::new();
    let mut result = Ok(());
    for name in names {
        match nic_stats(sock, &name) {
            Ok(st) => out.push((name, st)),
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENODEV | libc::ENXIO)) => continue,
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    // SAFETY: `sock` was opened above and is closed once.
    unsafe { libc::close(sock) };
    result?;
    Ok(out)
}
