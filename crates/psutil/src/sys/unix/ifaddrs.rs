//! `net_if_addrs` and the NIC ioctls of `net_if_stats`, as psutil's `arch/posix/net.c` does
//! them on every Unix. Shared: the `getifaddrs(3)` list and its walk ([`IfAddrs::nic_addrs`]:
//! which entries count, which address is the netmask, broadcast or point-to-point
//! destination), `getnameinfo(NI_NUMERICHOST)`, and `SIOCGIFMTU`/`SIOCGIFFLAGS`. Each OS
//! turns its own socket addresses into text: Linux in `sys::linux::net` (`AF_PACKET`, IPv6
//! scope names), macOS and FreeBSD below (`sa_len`, `AF_LINK`), with their `SIOCGIFMEDIA`
//! duplex and speed.

use std::ffi::CStr;
use std::io;
use std::marker::PhantomData;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::ptr::NonNull;

use crate::net::{NicAddr, NicFamily};

/// The family of link-layer addresses in the list: `AF_PACKET` on Linux, `AF_LINK` on the
/// BSD family.
#[cfg(target_os = "linux")]
pub(crate) const LINK_FAMILY: i32 = libc::AF_PACKET;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) const LINK_FAMILY: i32 = libc::AF_LINK;

/// The list of one `getifaddrs(3)` call, freed (`freeifaddrs`) on drop.
pub(crate) struct IfAddrs(*mut libc::ifaddrs);

impl Drop for IfAddrs {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the list came from getifaddrs and is freed once.
            unsafe { libc::freeifaddrs(self.0) };
        }
    }
}

/// One entry of a live list.
#[derive(Clone, Copy)]
pub(crate) struct Entry<'a>(&'a libc::ifaddrs);

/// A socket address of a live list's entry: not null, and valid for reads of the socket
/// address struct of its entry's family (on the BSD family, of its `sa_len` bytes) for as
/// long as the list lives. The entry's netmask and destination have the entry's family.
#[derive(Clone, Copy)]
pub(crate) struct SockAddr<'a> {
    ptr: NonNull<libc::sockaddr>,
    _list: PhantomData<&'a libc::ifaddrs>,
}

impl SockAddr<'_> {
    fn new(ptr: *mut libc::sockaddr) -> Option<Self> {
        NonNull::new(ptr).map(|ptr| SockAddr { ptr, _list: PhantomData })
    }

    /// Its own `sa_family`.
    pub(crate) fn family(self) -> i32 {
        // SAFETY: a SockAddr points to at least a sockaddr (its invariant).
        i32::from(unsafe { self.ptr.as_ref() }.sa_family)
    }

    /// The address, for the casts to the family's struct that the invariant allows.
    pub(crate) fn as_ptr(self) -> *const libc::sockaddr {
        self.ptr.as_ptr()
    }
}

impl<'a> Entry<'a> {
    /// The NIC's name.
    pub(crate) fn name(self) -> &'a CStr {
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        unsafe { CStr::from_ptr(self.0.ifa_name) }
    }

    /// The `IFF_*` flags.
    pub(crate) fn flags(self) -> libc::c_int {
        self.0.ifa_flags as libc::c_int
    }

    /// The primary address, if any.
    pub(crate) fn addr(self) -> Option<SockAddr<'a>> {
        SockAddr::new(self.0.ifa_addr)
    }

    /// The netmask, if any.
    pub(crate) fn netmask(self) -> Option<SockAddr<'a>> {
        SockAddr::new(self.0.ifa_netmask)
    }

    /// The broadcast address under `IFF_BROADCAST`, the destination under
    /// `IFF_POINTOPOINT` (one field: `ifa_ifu` on Linux, `ifa_dstaddr` elsewhere).
    pub(crate) fn broadcast_or_destination(self) -> Option<SockAddr<'a>> {
        #[cfg(target_os = "linux")]
        let ptr = self.0.ifa_ifu;
        #[cfg(not(target_os = "linux"))]
        let ptr = self.0.ifa_dstaddr;
        SockAddr::new(ptr)
    }
}

impl IfAddrs {
    /// `getifaddrs(3)`.
    pub(crate) fn get() -> io::Result<Self> {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs stores a list head in `head`, freed by the guard.
        if unsafe { libc::getifaddrs(&mut head) } == -1 {
            return Err(io::Error::last_os_error());
        }
        Ok(IfAddrs(head))
    }

    /// The entries, in the list's order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        // SAFETY: the nodes live as long as the list (`self`), linked by ifa_next.
        std::iter::successors(unsafe { self.0.as_ref() }, |ifa| unsafe { ifa.ifa_next.as_ref() }).map(Entry)
    }

    /// psutil's `net_if_addrs` rows: each entry whose primary address is IPv4, IPv6 or
    /// link-layer and converts to text, with its netmask, and its broadcast address
    /// (`IFF_BROADCAST`) or point-to-point destination (`IFF_POINTOPOINT`).
    /// `to_text(address, family)` is the OS's conversion, given the entry's family.
    pub(crate) fn nic_addrs<'a>(
        &'a self,
        to_text: impl Fn(SockAddr<'a>, i32) -> Option<String>,
    ) -> Vec<(String, NicAddr)> {
        let mut out = Vec::new();
        for entry in self.entries() {
            let Some(addr) = entry.addr() else { continue };
            let raw_family = addr.family();
            let family = match raw_family {
                libc::AF_INET => NicFamily::Inet,
                libc::AF_INET6 => NicFamily::Inet6,
                LINK_FAMILY => NicFamily::Link,
                _ => continue,
            };
            let Some(address) = to_text(addr, raw_family) else { continue };
            let text = |a: Option<SockAddr<'a>>| a.and_then(|a| to_text(a, raw_family));
            let netmask = text(entry.netmask());
            let flags = entry.flags();
            let (broadcast, ptp) = if flags & libc::IFF_BROADCAST != 0 {
                (text(entry.broadcast_or_destination()), None)
            } else if flags & libc::IFF_POINTOPOINT != 0 {
                (None, text(entry.broadcast_or_destination()))
            } else {
                (None, None)
            };
            let name = entry.name().to_string_lossy().into_owned();
            out.push((name, NicAddr { family, address, netmask, broadcast, ptp }));
        }
        out
    }
}

/// `getnameinfo(NI_NUMERICHOST)` of the socket address `addr` of `len` bytes.
///
/// # Safety
/// `addr` must point to a socket address valid for `len` bytes.
pub(crate) unsafe fn numeric_host(addr: *const libc::sockaddr, len: usize) -> Option<String> {
    #[allow(clippy::unnecessary_cast)] // NI_MAXHOST's type differs between the Unixes
    let mut buf = [0 as libc::c_char; libc::NI_MAXHOST as usize];
    // SAFETY: `addr` is valid for `len` bytes (caller); `buf` is writable for its length;
    // no service buffer is asked for.
    let rc = unsafe {
        libc::getnameinfo(
            addr,
            len as libc::socklen_t,
            buf.as_mut_ptr(),
            buf.len() as _,
            std::ptr::null_mut(),
            0,
            libc::NI_NUMERICHOST,
        )
    };
    // SAFETY: on success getnameinfo wrote a NUL-terminated string into `buf`.
    (rc == 0).then(|| unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned())
}

// ---------------------------------------------------------------- NIC ioctls

#[cfg(target_os = "linux")]
use libc::{SIOCGIFFLAGS, SIOCGIFMTU};
/// `_IOWR('i', 17, struct ifreq)` on the BSD family.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
const SIOCGIFFLAGS: libc::c_ulong = 0xc020_6911;
/// `_IOWR('i', 51, struct ifreq)` on the BSD family.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
const SIOCGIFMTU: libc::c_ulong = 0xc020_6933;

/// A datagram socket (`socket(AF_INET, SOCK_DGRAM, 0)`) for the NIC ioctls, closed on drop.
pub(crate) fn ioctl_socket() -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2) call.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0) };
    if fd == -1 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// An all-zero `ifreq` naming the NIC `name` (cut to `IFNAMSIZ - 1` bytes).
pub(crate) fn ifreq_named(name: &str) -> libc::ifreq {
    // SAFETY: ifreq is plain old data; all-zero is a valid value.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    let room = req.ifr_name.len() - 1;
    for (dst, src) in req.ifr_name.iter_mut().zip(name.bytes().take(room)) {
        *dst = src as libc::c_char;
    }
    req
}

/// `ioctl(sock, request, arg)`.
///
/// # Safety
/// `arg` must be the struct `request` reads and writes, and any pointer it holds must be
/// valid for what the request does with it during the call.
pub(crate) unsafe fn ioctl<T>(sock: &OwnedFd, request: libc::c_ulong, arg: &mut T) -> io::Result<()> {
    // SAFETY: forwarded to the caller.
    if unsafe { libc::ioctl(sock.as_raw_fd(), request as _, arg as *mut T) } == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The NIC's MTU (`SIOCGIFMTU`); a negative one is 0.
pub(crate) fn if_mtu(sock: &OwnedFd, name: &str) -> io::Result<u32> {
    let mut req = ifreq_named(name);
    // SAFETY: SIOCGIFMTU reads and writes an ifreq.
    unsafe { ioctl(sock, SIOCGIFMTU, &mut req)? };
    // SAFETY: SIOCGIFMTU filled the mtu member.
    let mtu = unsafe { req.ifr_ifru.ifru_mtu };
    Ok(u32::try_from(mtu).unwrap_or(0))
}

/// The NIC's `IFF_*` flags (`SIOCGIFFLAGS`): the 16 bits psutil reads.
pub(crate) fn if_flags(sock: &OwnedFd, name: &str) -> io::Result<libc::c_int> {
    let mut req = ifreq_named(name);
    // SAFETY: SIOCGIFFLAGS reads and writes an ifreq.
    unsafe { ioctl(sock, SIOCGIFFLAGS, &mut req)? };
    // SAFETY: SIOCGIFFLAGS filled the flags member (FreeBSD splits it in two shorts; the
    // low one holds the bits psutil reads).
    #[cfg(target_os = "freebsd")]
    let low = unsafe { req.ifr_ifru.ifru_flags[0] };
    // SAFETY: as above.
    #[cfg(not(target_os = "freebsd"))]
    let low = unsafe { req.ifr_ifru.ifru_flags };
    Ok(libc::c_int::from(low as u16))
}

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) use bsd::{net_if_addrs, net_if_stats};

/// macOS and FreeBSD: socket addresses by their `sa_len`, `AF_LINK` by
/// `bsd::sockets::link_address`, and `SIOCGIFMEDIA` for duplex and speed.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod bsd {
    use std::io;
    use std::os::fd::OwnedFd;

    use super::{if_flags, if_mtu, ifreq_named, ioctl, ioctl_socket, numeric_host, IfAddrs, SockAddr};
    use crate::net::{NicAddr, NicDuplex, NicStats};
    use crate::sys::unix::bsd::ifmedia::{iff_names, media_duplex_speed, Os, IFF_RUNNING};
    use crate::sys::unix::bsd::sockets::link_address;
    use crate::Result;

    /// One address of `family` as text: `getnameinfo` over its `sa_len` bytes, or the
    /// link-layer address of a `sockaddr_dl`.
    fn to_text(addr: SockAddr<'_>, family: i32) -> Option<String> {
        // SAFETY: a SockAddr is valid for its sa_len bytes (its invariant on this OS).
        let len = usize::from(unsafe { (*addr.as_ptr()).sa_len });
        if family == libc::AF_LINK {
            // SAFETY: as above.
            let bytes = unsafe { std::slice::from_raw_parts(addr.as_ptr().cast::<u8>(), len) };
            return link_address(bytes);
        }
        // SAFETY: as above.
        unsafe { numeric_host(addr.as_ptr(), len) }
    }

    /// Every (NIC, address) with a primary address, as psutil's `net_if_addrs` rows.
    pub(crate) fn net_if_addrs() -> Result<Vec<(String, NicAddr)>> {
        Ok(IfAddrs::get()?.nic_addrs(to_text))
    }

    #[cfg(target_os = "macos")]
    const OS: Os = Os::MacOs;
    #[cfg(target_os = "freebsd")]
    const OS: Os = Os::FreeBsd;

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
    const _: () = assert!(
        std::mem::size_of::<IfMediaReq>() == 44 && std::mem::offset_of!(IfMediaReq, ifm_active) == 28
    );
    #[cfg(target_os = "freebsd")]
    const _: () = assert!(
        std::mem::size_of::<IfMediaReq>() == 48 && std::mem::offset_of!(IfMediaReq, ifm_active) == 28
    );

    fn nic_stats(sock: &OwnedFd, name: &str) -> io::Result<NicStats> {
        let flags = if_flags(sock, name)?;
        let mtu = if_mtu(sock, name)?;
        // SAFETY: plain data (a null list pointer with count 0); zeroes are valid.
        let mut media: IfMediaReq = unsafe { std::mem::zeroed() };
        media.ifm_name = ifreq_named(name).ifr_name;
        // SAFETY: SIOCGIFMEDIA reads and writes an ifmediareq; its list pointer is null
        // with a count of 0, so nothing is written through it.
        let (duplex, speed) = match unsafe { ioctl(sock, SIOCGIFMEDIA, &mut media) } {
            Ok(()) => media_duplex_speed(media.ifm_active, OS),
            Err(_) => (0, 0),
        };
        let duplex = match duplex {
            2 => NicDuplex::Full,
            1 => NicDuplex::Half,
            _ => NicDuplex::Unknown,
        };
        Ok(NicStats { isup: flags & IFF_RUNNING != 0, duplex, speed, mtu, flags: iff_names(flags, OS) })
    }

    /// psutil's `net_if_stats` for the NICs `names`; a NIC gone meanwhile (`ENODEV`/`ENXIO`)
    /// is left out.
    pub(crate) fn net_if_stats(names: impl IntoIterator<Item = String>) -> Result<Vec<(String, NicStats)>> {
        let sock = ioctl_socket()?;
        let mut out = Vec::new();
        for name in names {
            match nic_stats(&sock, &name) {
                Ok(st) => out.push((name, st)),
                Err(e) if matches!(e.raw_os_error(), Some(libc::ENODEV | libc::ENXIO)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ifreq_names_are_cut_and_terminated() {
        let req = ifreq_named("eth0");
        assert_eq!(req.ifr_name[..5].iter().map(|&c| c as u8).collect::<Vec<_>>(), b"eth0\0");
        let long = ifreq_named("a-very-long-interface-name");
        assert_eq!(long.ifr_name.iter().filter(|&&c| c != 0).count(), long.ifr_name.len() - 1);
        assert_eq!(*long.ifr_name.last().unwrap(), 0);
    }

    /// Live: the walk's rows against the list read entry by entry, and the ioctls against
    /// the kernel's own account of the loopback NIC (`/sys/class/net/lo/{mtu,flags}` on
    /// the Linux build host).
    #[cfg(target_os = "linux")]
    #[test]
    fn walk_and_ioctls_on_the_build_host() {
        let list = IfAddrs::get().unwrap();
        let with_addr = list.entries().filter(|e| e.addr().is_some()).count();
        let rows = list.nic_addrs(|a, family| (a.family() == family).then(|| format!("{family}")));
        assert!(!rows.is_empty() && rows.len() <= with_addr);
        assert!(rows.iter().any(|(name, a)| name == "lo" && a.family == NicFamily::Inet));
        let sock = ioctl_socket().unwrap();
        let sys = |leaf: &str| std::fs::read_to_string(format!("/sys/class/net/lo/{leaf}")).unwrap();
        assert_eq!(if_mtu(&sock, "lo").unwrap(), sys("mtu").trim().parse::<u32>().unwrap());
        // sysfs shows the configured flags; SIOCGIFFLAGS adds the live state (RUNNING,
        // PROMISC, ALLMULTI), so the configured bits are compared.
        let configured = libc::IFF_UP | libc::IFF_LOOPBACK | libc::IFF_BROADCAST | libc::IFF_NOARP;
        let flags = i32::from_str_radix(sys("flags").trim().trim_start_matches("0x"), 16).unwrap();
        let ours = if_flags(&sock, "lo").unwrap();
        assert_eq!(ours & configured, flags & configured);
        assert_ne!(ours & libc::IFF_LOOPBACK, 0);
        let gone = if_mtu(&sock, "no-such-nic0").unwrap_err();
        assert_eq!(gone.raw_os_error(), Some(libc::ENODEV));
    }
}
