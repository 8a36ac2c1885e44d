//! Compile-time guards: the offsets and sizes `parse.rs` uses, checked against libc's
//! FreeBSD definitions when building for FreeBSD (a mismatch fails `cargo check --target
//! x86_64-unknown-freebsd` with E0080). `kinfo_file`'s union is private in libc, so its
//! offsets past `kf_offset` are xnu-independent constants from `<sys/user.h>` (the record
//! walk also checks each record's own size at run time).

use std::mem::{offset_of, size_of};

use super::parse::{kp, DEVSTAT_SIZE, KINFO_PROC_SIZE, KVME_TYPE_NAMES};
use crate::sys::unix::bsd::route::FREEBSD_IFMSG;

const _: () = assert!(
    size_of::<libc::kinfo_proc>() == KINFO_PROC_SIZE
        && offset_of!(libc::kinfo_proc, ki_structsize) == kp::STRUCTSIZE
        && offset_of!(libc::kinfo_proc, ki_pid) == kp::PID
        && offset_of!(libc::kinfo_proc, ki_ppid) == kp::PPID
        && offset_of!(libc::kinfo_proc, ki_uid) == kp::UID
        && offset_of!(libc::kinfo_proc, ki_ruid) == kp::RUID
        && offset_of!(libc::kinfo_proc, ki_svuid) == kp::SVUID
        && offset_of!(libc::kinfo_proc, ki_rgid) == kp::RGID
        && offset_of!(libc::kinfo_proc, ki_svgid) == kp::SVGID
        && offset_of!(libc::kinfo_proc, ki_groups) == kp::GROUPS0
        && offset_of!(libc::kinfo_proc, ki_size) == kp::SIZE
        && offset_of!(libc::kinfo_proc, ki_rssize) == kp::RSSIZE
        && offset_of!(libc::kinfo_proc, ki_tsize) == kp::TSIZE
        && offset_of!(libc::kinfo_proc, ki_dsize) == kp::DSIZE
        && offset_of!(libc::kinfo_proc, ki_ssize) == kp::SSIZE
        && offset_of!(libc::kinfo_proc, ki_start) == kp::START
        && offset_of!(libc::kinfo_proc, ki_flag) == kp::FLAG
        && offset_of!(libc::kinfo_proc, ki_stat) == kp::STAT
        && offset_of!(libc::kinfo_proc, ki_nice) == kp::NICE
        && offset_of!(libc::kinfo_proc, ki_comm) == kp::COMM
        && offset_of!(libc::kinfo_proc, ki_tdev) == kp::TDEV
        && offset_of!(libc::kinfo_proc, ki_oncpu) == kp::ONCPU
        && offset_of!(libc::kinfo_proc, ki_lastcpu) == kp::LASTCPU
        && offset_of!(libc::kinfo_proc, ki_numthreads) == kp::NUMTHREADS
        && offset_of!(libc::kinfo_proc, ki_tid) == kp::TID
        && offset_of!(libc::kinfo_proc, ki_rusage) == kp::RUSAGE
        && offset_of!(libc::kinfo_proc, ki_rusage_ch) == kp::RUSAGE_CH
        && offset_of!(libc::rusage, ru_utime) == kp::RU_UTIME
        && offset_of!(libc::rusage, ru_stime) == kp::RU_STIME
        && offset_of!(libc::rusage, ru_minflt) == kp::RU_MINFLT
        && offset_of!(libc::rusage, ru_majflt) == kp::RU_MAJFLT
        && offset_of!(libc::rusage, ru_inblock) == kp::RU_INBLOCK
        && offset_of!(libc::rusage, ru_oublock) == kp::RU_OUBLOCK
        && offset_of!(libc::rusage, ru_nvcsw) == kp::RU_NVCSW
        && offset_of!(libc::rusage, ru_nivcsw) == kp::RU_NIVCSW
        && size_of::<libc::timeval>() == 16
);

const _: () = assert!(
    size_of::<libc::kinfo_file>() == 1392
        && offset_of!(libc::kinfo_file, kf_structsize) == 0
        && offset_of!(libc::kinfo_file, kf_type) == 4
        && offset_of!(libc::kinfo_file, kf_fd) == 8
        && offset_of!(libc::kinfo_file, kf_offset) == 24
        && offset_of!(libc::kinfo_file, kf_status) == 336
        && offset_of!(libc::kinfo_file, kf_path) == 368
);

const _: () = assert!(
    size_of::<libc::kinfo_vmentry>() == 1160
        && offset_of!(libc::kinfo_vmentry, kve_structsize) == 0
        && offset_of!(libc::kinfo_vmentry, kve_type) == 4
        && offset_of!(libc::kinfo_vmentry, kve_start) == 8
        && offset_of!(libc::kinfo_vmentry, kve_end) == 16
        && offset_of!(libc::kinfo_vmentry, kve_resident) == 48
        && offset_of!(libc::kinfo_vmentry, kve_private_resident) == 52
        && offset_of!(libc::kinfo_vmentry, kve_protection) == 56
        && offset_of!(libc::kinfo_vmentry, kve_ref_count) == 60
        && offset_of!(libc::kinfo_vmentry, kve_shadow_count) == 64
        && offset_of!(libc::kinfo_vmentry, kve_path) == 136
);

const _: () = assert!(
    size_of::<libc::devstat>() == DEVSTAT_SIZE
        && offset_of!(libc::devstat, device_name) == 44
        && offset_of!(libc::devstat, unit_number) == 60
        && offset_of!(libc::devstat, bytes) == 64
        && offset_of!(libc::devstat, operations) == 96
        && offset_of!(libc::devstat, duration) == 128
        && offset_of!(libc::devstat, busy_time) == 192
);

const _: () = assert!(
    size_of::<libc::if_msghdr>() == FREEBSD_IFMSG.header_len
        && offset_of!(libc::if_msghdr, ifm_data) == FREEBSD_IFMSG.data_off
        && offset_of!(libc::if_data, ifi_ipackets) == 24
        && offset_of!(libc::if_data, ifi_ierrors) == 32
        && offset_of!(libc::if_data, ifi_opackets) == 40
        && offset_of!(libc::if_data, ifi_oerrors) == 48
        && offset_of!(libc::if_data, ifi_ibytes) == 64
        && offset_of!(libc::if_data, ifi_obytes) == 72
        && offset_of!(libc::if_data, ifi_iqdrops) == 96
        && libc::RTM_IFINFO as u8 == FREEBSD_IFMSG.msg_type
        && offset_of!(libc::sockaddr_dl, sdl_nlen) == 5
        && offset_of!(libc::sockaddr_dl, sdl_data) == 8
);

const _: () = assert!(
    KVME_TYPE_NAMES[0].0 == libc::KVME_TYPE_NONE
        && KVME_TYPE_NAMES[1].0 == libc::KVME_TYPE_DEFAULT
        && KVME_TYPE_NAMES[2].0 == libc::KVME_TYPE_VNODE
        && KVME_TYPE_NAMES[3].0 == libc::KVME_TYPE_SWAP
        && KVME_TYPE_NAMES[4].0 == libc::KVME_TYPE_DEVICE
        && KVME_TYPE_NAMES[5].0 == libc::KVME_TYPE_PHYS
        && KVME_TYPE_NAMES[6].0 == libc::KVME_TYPE_DEAD
        && KVME_TYPE_NAMES[7].0 == libc::KVME_TYPE_SG
        && KVME_TYPE_NAMES[8].0 == libc::KVME_TYPE_UNKNOWN
        && libc::KVME_PROT_READ == 1
        && libc::KVME_PROT_WRITE == 2
        && libc::KVME_PROT_EXEC == 4
);
