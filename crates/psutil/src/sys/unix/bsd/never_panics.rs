//! Property tests: every BSD-family decoder takes arbitrary bytes without panicking and
//! without reading past what it was given.

use proptest::prelude::*;

use super::{procargs, route, sockets};
use crate::sys::{freebsd, macos};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn shared_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(p) = procargs::parse_procargs2(&bytes) {
            prop_assert!(p.argv.iter().map(|a| a.len() + 1).sum::<usize>() <= bytes.len());
        }
        let _ = procargs::split_nul_args(&bytes);
        for layout in [route::MACOS_IFMSG2, route::FREEBSD_IFMSG] {
            prop_assert!(route::walk_iflist(&bytes, layout, |_| false).len() <= bytes.len() / 4 + 1);
        }
        let _ = sockets::sockaddr_un_path(&bytes);
        let _ = sockets::link_address(&bytes);
    }

    #[test]
    fn macos_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..2048), words in 0usize..600) {
        let _ = macos::parse::parse_kinfo(&bytes);
        let _ = macos::parse::pids_of_kinfo_array(&bytes);
        let _ = macos::parse::parse_taskinfo(&bytes);
        let _ = macos::parse::parse_vm_statistics64(&bytes, words);
        let _ = macos::parse::parse_xsw_usage(&bytes);
        let _ = macos::parse::apple_freq(&bytes, &bytes[bytes.len() / 2..]);
        let _ = macos::parse::thread_handles(&bytes);
        let _ = macos::fdinfo::fd_list(&bytes);
        let _ = macos::fdinfo::vnode_path(&bytes);
        let _ = macos::fdinfo::socket_row(&bytes);
        let _ = macos::regions::parse_region(&bytes);
        // A task whose every region is cut from the bytes at the address asked.
        let _ = macos::regions::uss_pages(
            |addr| {
                let at = (addr % 2048) as usize;
                Ok(bytes.get(at..).unwrap_or(&[]).iter().take(96).copied().collect())
            },
            macos::regions::shared_region(0x0100_0007),
        );
    }

    #[test]
    fn freebsd_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = freebsd::parse::parse_kinfo(&bytes);
        let _ = freebsd::parse::parse_kinfo_array(&bytes);
        let _ = freebsd::parse::parse_files(&bytes);
        let _ = freebsd::parse::parse_vmentries(&bytes);
        let _ = freebsd::parse::parse_devstat(&bytes);
        let _ = freebsd::parse::cp_times(&bytes);
        let _ = freebsd::pcblist::parse_xfiles(&bytes);
        let _ = freebsd::pcblist::tcp_pcbs(&bytes);
        let _ = freebsd::pcblist::udp_pcbs(&bytes);
        let _ = freebsd::pcblist::unix_pcbs(&bytes);
        if let Ok(files) = freebsd::parse::parse_files(&bytes) {
            let _ = freebsd::pcblist::process_rows(&files, &[], crate::net::ConnectionKind::All);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = freebsd::parse::topology_cores(&text);
        let _ = freebsd::parse::freq_levels(&text);
    }

    /// Records whose own size fields are arbitrary (the walk's riskiest input).
    #[test]
    fn freebsd_record_walks_with_odd_sizes(sizes in proptest::collection::vec(-8i32..2000, 0..8)) {
        let mut buf = Vec::new();
        for size in sizes {
            let mut rec = vec![0u8; 400];
            rec[..4].copy_from_slice(&size.to_ne_bytes());
            buf.extend(rec);
        }
        let _ = freebsd::parse::parse_files(&buf);
        let _ = freebsd::parse::parse_vmentries(&buf);
    }

    /// PCB lists whose records' own lengths are arbitrary.
    #[test]
    fn freebsd_pcb_lists_with_odd_lengths(lens in proptest::collection::vec(any::<u64>(), 0..6)) {
        let generation = || {
            let mut g = 64u64.to_ne_bytes().to_vec();
            g.resize(64, 0);
            g
        };
        let mut buf = generation();
        for len in lens {
            let mut rec = vec![0u8; 400];
            rec[..8].copy_from_slice(&len.to_ne_bytes());
            buf.extend(rec);
        }
        buf.extend(generation());
        let _ = freebsd::pcblist::udp_pcbs(&buf);
        let _ = freebsd::pcblist::tcp_pcbs(&buf);
    }
}
