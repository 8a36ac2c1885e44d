//! FreeBSD's socket-export structs (`<sys/file.h>` `xfile`, `<sys/socketvar.h>`
//! `xsocket`, `<netinet/in_pcb.h>` `xinpcb`/`xinpgen`, `<netinet/tcp_var.h>` `xtcpcb`,
//! `<sys/unpcb.h>` `xunpcb`/`xunpgen`), none of which libc has, written out field by field
//! so the compiler checks the offsets `pcblist.rs` reads, on every target. These layouts
//! are the ABI-stable ones of FreeBSD 12 and later (fixed-width fields, `ksize_t` and
//! `kvaddr_t` 64-bit); FreeBSD 13 renamed spare fields of `xtcpcb` and `xsocket` without
//! moving any. Each record's own length is also checked at run time.
#![allow(dead_code)] // never built: only measured

use std::mem::{offset_of, size_of};

use super::pcblist::{
    xf, xi, xso, xt, xu, XFILE_SIZE, XINPCB_SIZE, XINPGEN_SIZE, XSOCKET_SIZE, XTCPCB_SIZE, XUNPCB_SIZE,
    XUNPGEN_SIZE,
};

#[repr(C)]
struct XFile {
    xf_size: u64,
    xf_pid: i32,
    xf_uid: u32,
    xf_fd: i32,
    _xf_int_pad1: i32,
    xf_file: u64,
    xf_type: i16,
    _xf_short_pad1: i16,
    xf_count: i32,
    xf_msgcount: i32,
    _xf_int_pad2: i32,
    xf_offset: i64,
    xf_data: u64,
    xf_vnode: u64,
    xf_flag: u32,
    _xf_int_pad3: i32,
    _xf_int64_pad: [i64; 6],
}

#[repr(C)]
struct XSockbuf {
    sb_cc: u32,
    sb_hiwat: u32,
    sb_mbcnt: u32,
    sb_mcnt: u32,
    sb_ccnt: u32,
    sb_mbmax: u32,
    sb_lowat: i32,
    sb_timeo: i32,
    sb_flags: i16,
}

#[repr(C)]
struct XSocket {
    xso_len: u64,
    xso_so: u64,
    so_pcb: u64,
    so_oobmark: u64,
    so_spare64: [i64; 8],
    xso_protocol: i32,
    xso_family: i32,
    so_qlen: u32,
    so_incqlen: u32,
    so_qlimit: u32,
    so_pgid: i32,
    so_uid: u32,
    so_spare32: [i32; 8],
    so_type: i16,
    so_options: i16,
    so_linger: i16,
    so_state: i16,
    so_timeo: i16,
    so_error: u16,
    so_rcv: XSockbuf,
    so_snd: XSockbuf,
}

/// `struct in_conninfo` (libc has it; mirrored here so the Linux build checks it too).
#[repr(C)]
struct InConninfo {
    inc_flags: u8,
    inc_len: u8,
    inc_fibnum: u16,
    ie_fport: u16,
    ie_lport: u16,
    ie_dependfaddr: [u32; 4],
    ie_dependladdr: [u32; 4],
    ie6_zoneid: u32,
}

#[repr(C, align(8))]
struct XInpcb {
    xi_len: u64,
    xi_socket: XSocket,
    inp_inc: InConninfo,
    inp_gencnt: u64,
    inp_ppcb: u64,
    inp_spare64: [i64; 4],
    inp_flow: u32,
    inp_flowid: u32,
    inp_flowtype: u32,
    inp_flags: i32,
    inp_flags2: i32,
    inp_rss_listen_bucket: i32,
    in6p_cksum: i32,
    inp_spare32: [i32; 4],
    in6p_hops: u16,
    inp_ip_tos: u8,
    pad8: i8,
    inp_vflag: u8,
    inp_ip_ttl: u8,
    inp_ip_p: u8,
    inp_ip_minttl: u8,
    inp_spare8: [i8; 4],
}

#[repr(C, align(8))]
struct XInpgen {
    xig_len: u64,
    xig_count: u32,
    _xig_spare32: u32,
    xig_gen: u64,
    xig_sogen: u64,
    _xig_spare64: [u64; 4],
}

#[repr(C, align(8))]
struct XTcpcb {
    xt_len: u64,
    xt_inp: XInpcb,
    xt_stack: [u8; 32],
    xt_logid: [u8; 64],
    xt_cc: [u8; 16],
    spare64: [i64; 6],
    t_state: i32,
    t_flags: u32,
    t_sndzerowin: i32,
    t_sndrexmitpack: i32,
    t_rcvoopack: i32,
    t_rcvtime: i32,
    tt_rexmt: i32,
    tt_persist: i32,
    tt_keep: i32,
    tt_2msl: i32,
    tt_delack: i32,
    t_logstate: i32,
    t_snd_cwnd: u32,
    t_snd_ssthresh: u32,
    t_maxseg: u32,
    t_rcv_wnd: u32,
    t_snd_wnd: u32,
    xt_ecn: u32,
    t_dsack_bytes: u32,
    t_dsack_tlp_bytes: u32,
    t_dsack_pack: u32,
    xt_encaps_port: u16,
    spare16: i16,
    spare32: [i32; 22],
}

#[repr(C, align(8))]
struct XUnpcb {
    xu_len: u64,
    xu_unpp: u64,
    unp_vnode: u64,
    unp_conn: u64,
    xu_firstref: u64,
    xu_nextref: u64,
    unp_gencnt: u64,
    xu_spare64: [i64; 8],
    xu_spare32: [i32; 8],
    xu_addr: [u8; 256],
    xu_caddr: [u8; 256],
    xu_socket: XSocket,
}

#[repr(C, align(8))]
struct XUnpgen {
    xug_len: u64,
    xug_count: u32,
    xug_gen: u64,
    xug_sogen: u64,
}

const _: () = assert!(
    size_of::<XFile>() == XFILE_SIZE
        && offset_of!(XFile, xf_size) == xf::SIZE
        && offset_of!(XFile, xf_pid) == xf::PID
        && offset_of!(XFile, xf_fd) == xf::FD
        && offset_of!(XFile, xf_data) == xf::DATA
);

const _: () = assert!(
    size_of::<XSocket>() == XSOCKET_SIZE
        && offset_of!(XSocket, xso_so) == xso::SO
        && offset_of!(XSocket, xso_protocol) == xso::PROTOCOL
        && offset_of!(XSocket, xso_family) == xso::FAMILY
        && offset_of!(XSocket, so_type) == xso::TYPE
);

const _: () = assert!(
    size_of::<XInpcb>() == XINPCB_SIZE
        && offset_of!(XInpcb, xi_socket) == xi::SOCKET
        && offset_of!(XInpcb, inp_inc) + offset_of!(InConninfo, ie_fport) == xi::FPORT
        && offset_of!(XInpcb, inp_inc) + offset_of!(InConninfo, ie_lport) == xi::LPORT
        && offset_of!(XInpcb, inp_inc) + offset_of!(InConninfo, ie_dependfaddr) == xi::FADDR
        && offset_of!(XInpcb, inp_inc) + offset_of!(InConninfo, ie_dependladdr) == xi::LADDR
        && offset_of!(XInpcb, inp_vflag) == xi::VFLAG
        && size_of::<XInpgen>() == XINPGEN_SIZE
        && offset_of!(XInpgen, xig_gen) == super::pcblist::GEN_OFFSET
);

const _: () = assert!(
    size_of::<XTcpcb>() == XTCPCB_SIZE
        && offset_of!(XTcpcb, xt_inp) == xt::INP
        && offset_of!(XTcpcb, t_state) == xt::T_STATE
);

const _: () = assert!(
    size_of::<XUnpcb>() == XUNPCB_SIZE
        && offset_of!(XUnpcb, xu_addr) == xu::ADDR
        && offset_of!(XUnpcb, xu_socket) == xu::SOCKET
        && size_of::<XUnpgen>() == XUNPGEN_SIZE
        && offset_of!(XUnpgen, xug_gen) == super::pcblist::GEN_OFFSET
);

/// Where libc has the same struct, the mirror must agree with it.
#[cfg(target_os = "freebsd")]
const _: () = assert!(
    size_of::<libc::xinpgen>() == XINPGEN_SIZE
        && offset_of!(libc::xinpgen, xig_gen) == super::pcblist::GEN_OFFSET
        && size_of::<libc::in_conninfo>() == size_of::<InConninfo>()
        && offset_of!(libc::in_conninfo, inc_ie) + offset_of!(libc::in_endpoints, ie_fport)
            == offset_of!(InConninfo, ie_fport)
        && offset_of!(libc::in_conninfo, inc_ie) + offset_of!(libc::in_endpoints, ie_dependladdr)
            == offset_of!(InConninfo, ie_dependladdr)
);
