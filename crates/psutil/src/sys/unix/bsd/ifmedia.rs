//! `net_if_stats` decoding for the BSD family: interface flag bits to psutil's flag
//! names, and the `SIOCGIFMEDIA` active-media word to duplex and speed
//! (`psutil_get_nic_speed` in psutil's `arch/posix/net.c`; numbers from each OS's
//! `<net/if.h>` and `<net/if_media.h>`).

/// Which OS's numbering a word uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Os {
    /// xnu.
    MacOs,
    /// FreeBSD.
    FreeBsd,
}

/// `IFF_*` bits in psutil's order. `notrailers` is macOS only (FreeBSD reuses the bit);
/// `running` and `oactive` are FreeBSD's `IFF_DRV_*` at the same values.
const IFF_NAMES: &[(i32, &str, bool)] = &[
    (0x1, "up", true),
    (0x2, "broadcast", true),
    (0x4, "debug", true),
    (0x8, "loopback", true),
    (0x10, "pointopoint", true),
    (0x20, "notrailers", false),
    (0x40, "running", true),
    (0x80, "noarp", true),
    (0x100, "promisc", true),
    (0x200, "allmulti", true),
    (0x8000, "multicast", true),
    (0x400, "oactive", true),
    (0x800, "simplex", true),
    (0x1000, "link0", true),
    (0x2000, "link1", true),
    (0x4000, "link2", true),
];

/// `IFF_RUNNING`: what psutil's `isup` tests.
pub(crate) const IFF_RUNNING: i32 = 0x40;

/// The names of the set flags, joined by `,` in psutil's order.
pub(crate) fn iff_names(flags: i32, os: Os) -> String {
    IFF_NAMES
        .iter()
        .filter(|(bit, _, both)| flags & bit != 0 && (*both || os == Os::MacOs))
        .map(|(_, name, _)| *name)
        .collect::<Vec<_>>()
        .join(",")
}

const IFM_NMASK: i32 = 0xe0;
const IFM_TMASK: i32 = 0x1f;
const IFM_ETHER: i32 = 0x20;
const IFM_TOKEN: i32 = 0x40;
const IFM_IEEE80211: i32 = 0x80;
const IFM_FDX: i32 = 0x0010_0000;
const IFM_HDX: i32 = 0x0020_0000;
/// FreeBSD's extended Ethernet subtype bits and their shift.
const IFM_ETH_XTYPE: i32 = 0x7800;
const IFM_ETH_XSHIFT: i32 = 6;

/// `(duplex, speed)` from the active media word: duplex 2 full, 1 half, 0 unknown (psutil's
/// `NIC_DUPLEX_*`); speed in Mbit/s, 0 when the media type is not in psutil's table.
pub(crate) fn media_duplex_speed(word: i32, os: Os) -> (u8, u32) {
    let duplex = if word & IFM_FDX != 0 {
        2
    } else if word & IFM_HDX != 0 {
        1
    } else {
        0
    };
    (duplex, media_speed(word, os))
}

fn media_speed(word: i32, os: Os) -> u32 {
    let subtype = word & IFM_TMASK;
    match word & IFM_NMASK {
        IFM_ETHER => {
            let subtype = match os {
                Os::FreeBsd => ((word & IFM_ETH_XTYPE) >> IFM_ETH_XSHIFT) | subtype,
                Os::MacOs => subtype,
            };
            ether_speed(subtype, os)
        }
        // IFM_TOK_STP4 3, STP16 4, UTP4 5, UTP16 6, STP100 7, UTP100 8 (macOS only).
        IFM_TOKEN if os == Os::MacOs => match subtype {
            3 | 5 => 4,
            4 | 6 => 16,
            7 | 8 => 100,
            _ => 0,
        },
        // IFM_IEEE80211_FH1 3, FH2 4, DS1 5, DS2 6, DS5 7, DS11 8, DS22 9.
        IFM_IEEE80211 => match subtype {
            3 | 5 => 1,
            4 | 6 => 2,
            7 => 5,
            8 => 11,
            9 => 22,
            _ => 0,
        },
        _ => 0,
    }
}

/// Ethernet subtypes psutil names: 10_T 3, 10_2 4, 10_5 5, 100_TX 6, 100_FX 7, 100_T4 8,
/// 100_VG 9, 100_T2 10, 1000_SX 11, 10_STP 12, 10_FL 13, 1000_LX 14, 1000_CX 15, 1000_T 16,
/// HPNA_1 17, 10G_SR/LR 18/19, 10G_CX4 20, 2500_SX 21, 10G_TWINAX 22, 10G_TWINAX_LONG 23;
/// 10G_T is 25 on macOS and 26 on FreeBSD (25 is FreeBSD's IFM_UNKNOWN).
fn ether_speed(subtype: i32, os: Os) -> u32 {
    match (subtype, os) {
        (3 | 4 | 5 | 12 | 13, _) => 10,
        (6..=10, _) => 100,
        (11 | 14 | 15 | 16, _) => 1000,
        (17, _) => 1,
        (18 | 19 | 20 | 22 | 23, _) => 10000,
        (25, Os::MacOs) | (26, Os::FreeBsd) => 10000,
        (21, _) => 2500,
        _ => 0,
    }
}

#[cfg(target_os = "macos")]
const _: () = assert!(
    libc::IFF_UP == 0x1
        && libc::IFF_NOTRAILERS == 0x20
        && libc::IFF_RUNNING == IFF_RUNNING
        && libc::IFF_OACTIVE == 0x400
        && libc::IFF_MULTICAST == 0x8000
        && libc::IFF_LINK2 == 0x4000
);
#[cfg(target_os = "freebsd")]
const _: () = assert!(
    libc::IFF_UP == 0x1
        && libc::IFF_RUNNING == IFF_RUNNING
        && libc::IFF_OACTIVE == 0x400
        && libc::IFF_MULTICAST == 0x8000
        && libc::IFF_LINK2 == 0x4000
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_names_in_psutil_order() {
        assert_eq!(
            iff_names(0x1 | 0x2 | 0x40 | 0x800 | 0x8000, Os::MacOs),
            "up,broadcast,running,multicast,simplex"
        );
        assert_eq!(iff_names(0x1 | 0x8 | 0x40 | 0x8000, Os::FreeBsd), "up,loopback,running,multicast");
        assert_eq!(iff_names(0x20, Os::MacOs), "notrailers");
        assert_eq!(iff_names(IFF_RUNNING, Os::FreeBsd), "running", "isup tests this bit");
        assert_eq!(iff_names(0x20, Os::FreeBsd), "", "FreeBSD has no notrailers");
        assert_eq!(iff_names(0, Os::MacOs), "");
        assert_eq!(iff_names(-1, Os::FreeBsd).split(',').count(), 15);
        assert_eq!(iff_names(-1, Os::MacOs).split(',').count(), 16);
    }

    #[test]
    fn media_table() {
        let rows: &[(i32, Os, (u8, u32))] = &[
            (IFM_ETHER | 16 | IFM_FDX, Os::MacOs, (2, 1000)),
            (IFM_ETHER | 6 | IFM_HDX, Os::FreeBsd, (1, 100)),
            (IFM_ETHER | 3, Os::MacOs, (0, 10)),
            (IFM_ETHER | 21 | IFM_FDX, Os::FreeBsd, (2, 2500)),
            (IFM_ETHER | 18, Os::MacOs, (0, 10000)),
            (IFM_ETHER | 25, Os::MacOs, (0, 10000)),
            (IFM_ETHER | 25, Os::FreeBsd, (0, 0)),
            (IFM_ETHER | 26, Os::FreeBsd, (0, 10000)),
            (IFM_ETHER | 17, Os::MacOs, (0, 1)),
            (IFM_ETHER | 31, Os::MacOs, (0, 0)),
            // FreeBSD extended subtype: bits 0x7800 shifted down by 6 on top of the low five.
            (IFM_ETHER | (1 << 11) | 6 | IFM_FDX, Os::FreeBsd, (2, 0)),
            (IFM_ETHER | (1 << 11) | 6 | IFM_FDX, Os::MacOs, (2, 100)),
            (IFM_TOKEN | 4, Os::MacOs, (0, 16)),
            (IFM_TOKEN | 7, Os::MacOs, (0, 100)),
            (IFM_TOKEN | 4, Os::FreeBsd, (0, 0)),
            (IFM_IEEE80211 | 8, Os::FreeBsd, (0, 11)),
            (IFM_IEEE80211 | 9, Os::MacOs, (0, 22)),
            (IFM_IEEE80211 | 7, Os::MacOs, (0, 5)),
            (IFM_IEEE80211 | 20, Os::MacOs, (0, 0)),
            (0x60 | 3, Os::MacOs, (0, 0)),
            (IFM_FDX | IFM_HDX, Os::MacOs, (2, 0)),
            (0, Os::FreeBsd, (0, 0)),
            (-1, Os::FreeBsd, (2, 0)),
        ];
        for (word, os, want) in rows {
            assert_eq!(media_duplex_speed(*word, *os), *want, "word {word:#x} {os:?}");
        }
    }
}
