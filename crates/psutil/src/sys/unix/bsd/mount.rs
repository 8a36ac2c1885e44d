//! `statfs.f_flags` to psutil's `opts` string (`disk_partitions`), one table per OS, in
//! psutil's order (`arch/osx/disk.c`, `arch/freebsd/disk.c`).

/// macOS `MNT_*` bits after `ro`/`rw`, in psutil's order.
pub(crate) const MACOS_MOUNT_FLAGS: &[(u64, &str)] = &[
    (0x2, "sync"),
    (0x4, "noexec"),
    (0x8, "nosuid"),
    (0x20, "union"),
    (0x40, "async"),
    (0x100, "exported"),
    (0x1000, "local"),
    (0x2000, "quota"),
    (0x4000, "rootfs"),
    (0x8000, "dovolfs"),
    (0x10_0000, "dontbrowse"),
    (0x20_0000, "ignore-ownership"),
    (0x40_0000, "automounted"),
    (0x80_0000, "journaled"),
    (0x100_0000, "nouserxattr"),
    (0x200_0000, "defwrite"),
    (0x1_0000, "update"),
    (0x4_0000, "reload"),
    (0x8_0000, "force"),
    (0xF_0000, "cmdflags"),
    (0x400, "quarantine"),
    (0x400_0000, "multilabel"),
    (0x1000_0000, "noatime"),
];

/// FreeBSD `MNT_*` bits after `ro`/`rw`, in psutil's order.
pub(crate) const FREEBSD_MOUNT_FLAGS: &[(u64, &str)] = &[
    (0x2, "sync"),
    (0x4, "noexec"),
    (0x8, "nosuid"),
    (0x40, "async"),
    (0x1000_0000, "noatime"),
    (0x20_0000, "softdep"),
    (0x20, "union"),
    (0x10_0000, "suiddir"),
    (0x40_0000, "nosymfollow"),
    (0x200_0000, "gjournal"),
    (0x400_0000, "multilabel"),
    (0x800_0000, "acls"),
    (0x4000_0000, "noclusterr"),
    (0x8000_0000, "noclusterw"),
    (0x10, "nfs4acls"),
];

// The tables' numbers are the headers' (checked against libc where it names them).
#[cfg(target_os = "macos")]
const _: () = assert!(
    libc::MNT_SYNCHRONOUS as u64 == 0x2
        && libc::MNT_UNION as u64 == 0x20
        && libc::MNT_ASYNC as u64 == 0x40
        && libc::MNT_EXPORTED as u64 == 0x100
        && libc::MNT_QUARANTINE as u64 == 0x400
        && libc::MNT_LOCAL as u64 == 0x1000
        && libc::MNT_ROOTFS as u64 == 0x4000
        && libc::MNT_DOVOLFS as u64 == 0x8000
        && libc::MNT_DONTBROWSE as u64 == 0x10_0000
        && libc::MNT_IGNORE_OWNERSHIP as u64 == 0x20_0000
        && libc::MNT_AUTOMOUNTED as u64 == 0x40_0000
        && libc::MNT_JOURNALED as u64 == 0x80_0000
        && libc::MNT_NOUSERXATTR as u64 == 0x100_0000
        && libc::MNT_DEFWRITE as u64 == 0x200_0000
        && libc::MNT_MULTILABEL as u64 == 0x400_0000
        && libc::MNT_NOATIME as u64 == 0x1000_0000
        && libc::MNT_UPDATE as u64 == 0x1_0000
        && libc::MNT_RELOAD as u64 == 0x4_0000
        && libc::MNT_FORCE as u64 == 0x8_0000
);
#[cfg(target_os = "freebsd")]
const _: () = assert!(
    libc::MNT_SYNCHRONOUS as u64 == 0x2
        && libc::MNT_NFS4ACLS as u64 == 0x10
        && libc::MNT_ASYNC as u64 == 0x40
        && libc::MNT_SOFTDEP as u64 == 0x20_0000
        && libc::MNT_SUIDDIR as u64 == 0x10_0000
        && libc::MNT_NOSYMFOLLOW as u64 == 0x40_0000
        && libc::MNT_GJOURNAL as u64 == 0x200_0000
        && libc::MNT_MULTILABEL as u64 == 0x400_0000
        && libc::MNT_ACLS as u64 == 0x800_0000
        && libc::MNT_NOATIME as u64 == 0x1000_0000
        && libc::MNT_NOCLUSTERR as u64 == 0x4000_0000
        && (libc::MNT_NOCLUSTERW as u64 & 0xffff_ffff) == 0x8000_0000
);

/// `MNT_RDONLY`, the same bit on both OSes.
const MNT_RDONLY: u64 = 0x1;

/// `ro` or `rw`, then the name of every set flag of `table`, joined by `,`. A multi-bit
/// entry (macOS `cmdflags`) counts when any of its bits is set, as psutil's `&` test.
pub(crate) fn mount_opts(flags: u64, table: &[(u64, &str)]) -> String {
    let mut out = String::from(if flags & MNT_RDONLY != 0 { "ro" } else { "rw" });
    for (bit, name) in table {
        if flags & bit != 0 {
            out.push(',');
            out.push_str(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opts_strings() {
        assert_eq!(mount_opts(0, FREEBSD_MOUNT_FLAGS), "rw");
        assert_eq!(mount_opts(0x1, FREEBSD_MOUNT_FLAGS), "ro");
        assert_eq!(
            mount_opts(0x1 | 0x8 | 0x1000_0000 | 0x20_0000, FREEBSD_MOUNT_FLAGS),
            "ro,nosuid,noatime,softdep"
        );
        assert_eq!(mount_opts(0x1000 | 0x4000 | 0x8000, MACOS_MOUNT_FLAGS), "rw,local,rootfs,dovolfs");
        assert_eq!(mount_opts(0x0001_0000, MACOS_MOUNT_FLAGS), "rw,update,cmdflags");
        assert_eq!(mount_opts(0x8000_0000, FREEBSD_MOUNT_FLAGS), "rw,noclusterw");
        assert_eq!(mount_opts(0x40, MACOS_MOUNT_FLAGS), "rw,async");
        assert_eq!(mount_opts(0x10_0000, MACOS_MOUNT_FLAGS), "rw,dontbrowse");
    }

    #[test]
    fn tables_name_each_flag_once() {
        for table in [MACOS_MOUNT_FLAGS, FREEBSD_MOUNT_FLAGS] {
            let mut names: Vec<_> = table.iter().map(|e| e.1).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), table.len());
        }
    }
}
