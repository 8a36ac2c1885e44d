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
    }

    #[test]
    fn freebsd_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = freebsd::parse::parse_kinfo(&bytes);
        let _ = freebsd::parse::parse_kinfo_array(&bytes);
        let _ = freebsd::parse::parse_files(&bytes);
        let _ = freebsd::parse::parse_vmentries(&bytes);
        let _ = freebsd::parse::parse_devstat(&bytes);
        let _ = freebsd::parse::cp_times(&bytes);
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
}
