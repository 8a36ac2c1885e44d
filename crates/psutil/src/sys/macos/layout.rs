//! Compile-time guards: the offsets and sizes the decoders of this backend use, checked
//! against libc's definitions of the same structs when building for macOS (a mismatch
//! fails `cargo check --target *-apple-darwin` with E0080). `kinfo_proc`,
//! `vnode_fdinfowithpath` and `socket_fdinfo` are not in libc; their offsets come from
//! xnu's headers (see `parse.rs`, `fdinfo.rs`) and their parts that libc has are checked.

use std::mem::{offset_of, size_of};

use super::fdinfo::{FDINFO_SIZE, SOCKET_FDINFO_SIZE, VNODE_FDINFOWITHPATH_SIZE};
use super::parse::TASKINFO_SIZE;
use crate::sys::unix::bsd::route::MACOS_IFMSG2;

const _: () = assert!(
    size_of::<libc::proc_taskinfo>() == TASKINFO_SIZE
        && offset_of!(libc::proc_taskinfo, pti_virtual_size) == 0
        && offset_of!(libc::proc_taskinfo, pti_resident_size) == 8
        && offset_of!(libc::proc_taskinfo, pti_total_user) == 16
        && offset_of!(libc::proc_taskinfo, pti_total_system) == 24
        && offset_of!(libc::proc_taskinfo, pti_faults) == 52
        && offset_of!(libc::proc_taskinfo, pti_pageins) == 56
        && offset_of!(libc::proc_taskinfo, pti_csw) == 80
        && offset_of!(libc::proc_taskinfo, pti_threadnum) == 84
);

const _: () = assert!(
    offset_of!(libc::vm_statistics64, free_count) == 0
        && offset_of!(libc::vm_statistics64, active_count) == 4
        && offset_of!(libc::vm_statistics64, inactive_count) == 8
        && offset_of!(libc::vm_statistics64, wire_count) == 12
        && offset_of!(libc::vm_statistics64, pageins) == 32
        && offset_of!(libc::vm_statistics64, pageouts) == 40
        && offset_of!(libc::vm_statistics64, speculative_count) == 92
);

const _: () = assert!(
    size_of::<libc::xsw_usage>() == 32
        && offset_of!(libc::xsw_usage, xsu_total) == 0
        && offset_of!(libc::xsw_usage, xsu_avail) == 8
        && offset_of!(libc::xsw_usage, xsu_used) == 16
);

const _: () = assert!(
    size_of::<libc::if_msghdr2>() == MACOS_IFMSG2.header_len
        && offset_of!(libc::if_msghdr2, ifm_data) == MACOS_IFMSG2.data_off
        && offset_of!(libc::if_data64, ifi_ipackets) == 24
        && offset_of!(libc::if_data64, ifi_ierrors) == 32
        && offset_of!(libc::if_data64, ifi_opackets) == 40
        && offset_of!(libc::if_data64, ifi_oerrors) == 48
        && offset_of!(libc::if_data64, ifi_ibytes) == 64
        && offset_of!(libc::if_data64, ifi_obytes) == 72
        && offset_of!(libc::if_data64, ifi_iqdrops) == 96
        && libc::RTM_IFINFO2 as u8 == MACOS_IFMSG2.msg_type
);

const _: () = assert!(
    offset_of!(libc::sockaddr_dl, sdl_nlen) == 5
        && offset_of!(libc::sockaddr_dl, sdl_alen) == 6
        && offset_of!(libc::sockaddr_dl, sdl_data) == 8
);

// `vnode_fdinfowithpath` = `proc_fileinfo` (24 bytes) + `vnode_info_path` (1176), whose
// path follows a `vnode_info` (152 bytes): 24 + 152 = 176.
const _: () = assert!(
    size_of::<libc::proc_fdinfo>() == FDINFO_SIZE
        && 24 + size_of::<libc::vnode_info_path>() == VNODE_FDINFOWITHPATH_SIZE
        && 24 + offset_of!(libc::vnode_info_path, vip_path) == 176
        && SOCKET_FDINFO_SIZE == 792
);

const _: () = assert!(size_of::<libc::timeval>() == 16 && size_of::<libc::host_cpu_load_info>() == 16);
