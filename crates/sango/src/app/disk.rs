//! Whether the data folder is on an encrypted volume (issue 17's deployment rule: a PC that holds
//! records has full-disk encryption, BitLocker on Windows, LUKS on Linux).
//!
//! On Linux the folder's filesystem is found in `/proc/self/mountinfo` (the longest mount point
//! above it) and its block device followed in sysfs, through device-mapper layers (LVM on LUKS),
//! looking for a `CRYPT-` uuid. Anything not plainly answered (a virtual filesystem, an unreadable
//! sysfs, another system) is unknown, and unknown says nothing.

use std::path::{Path, PathBuf};

use crate::ledger::StoreNotice;

const NOT_ENCRYPTED_JA: &str = "データフォルダのあるディスクが暗号化されていません。記録を保存する端末は、ディスク全体を暗号化してから使ってください(導入の手引きを参照)。";

/// The notice the window shows once at start when the data folder is on an unencrypted volume.
pub fn disk_notice(data_dir: &Path) -> Option<StoreNotice> {
    if cfg!(target_os = "linux") {
        let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
        let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
        if encrypted(&dir, &mountinfo, Path::new("/sys"))? {
            return None;
        }
        return Some(StoreNotice {
            code: "disk_not_encrypted".into(),
            message_ja: NOT_ENCRYPTED_JA.into(),
            message_en: "The data folder is on an unencrypted disk: a PC holding records needs full-disk encryption (see Deployment in the README).".into(),
        });
    }
    None
}

/// `Some(true)` encrypted, `Some(false)` a plain block device, `None` unknown.
fn encrypted(dir: &Path, mountinfo: &str, sys: &Path) -> Option<bool> {
    // Fields: id parent MAJ:MIN root mount-point options … (mount points escape spaces as \040).
    let (dev, _) = mountinfo
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            let point = PathBuf::from(f.get(4)?.replace("\\040", " "));
            dir.starts_with(&point).then(|| (f[2].to_string(), point.components().count()))
        })
        .max_by_key(|(_, depth)| *depth)?;
    let (major, _) = dev.split_once(':')?;
    if major == "0" {
        return None; // tmpfs, overlay, a btrfs subvolume: no block device to follow
    }
    let node = sys.join("dev/block").join(&dev);
    if !node.exists() {
        return None;
    }
    Some(crypt_below(&node, 0))
}

/// Whether `node` (a sysfs block device) or a device-mapper layer below it is dm-crypt.
fn crypt_below(node: &Path, depth: u32) -> bool {
    if depth > 8 {
        return false;
    }
    if std::fs::read_to_string(node.join("dm/uuid")).is_ok_and(|u| u.trim_start().starts_with("CRYPT-")) {
        return true;
    }
    std::fs::read_dir(node.join("slaves")).is_ok_and(|d| d.flatten().any(|s| crypt_below(&s.path(), depth + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "22 27 0:21 / /proc rw - proc proc rw\n\
        27 1 8:1 / / rw - ext4 /dev/sda1 rw\n\
        30 27 253:1 / /home rw - ext4 /dev/mapper/vg-home rw\n\
        31 27 0:40 / /tmp rw - tmpfs tmpfs rw\n\
        32 27 253:2 / /srv/my\\040data rw - ext4 /dev/mapper/plain rw\n";

    fn sysfs() -> tempfile::TempDir {
        let sys = tempfile::tempdir().unwrap();
        let block = sys.path().join("dev/block");
        // 8:1 a plain partition; 253:1 an LVM volume on 253:0, which is LUKS; 253:2 plain dm.
        for (dev, uuid) in [
            ("8:1", None),
            ("253:0", Some("CRYPT-LUKS2-abc-luks")),
            ("253:1", Some("LVM-xyz")),
            ("253:2", Some("LVM-plain")),
        ] {
            std::fs::create_dir_all(block.join(dev).join("slaves")).unwrap();
            if let Some(u) = uuid {
                std::fs::create_dir_all(block.join(dev).join("dm")).unwrap();
                std::fs::write(block.join(dev).join("dm/uuid"), format!("{u}\n")).unwrap();
            }
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(block.join("253:0"), block.join("253:1/slaves/dm-0")).unwrap();
        sys
    }

    #[test]
    fn a_folder_under_luks_through_lvm_is_encrypted_a_plain_partition_is_not_and_tmpfs_is_unknown() {
        let sys = sysfs();
        assert_eq!(encrypted(Path::new("/home/desk/.local/share/sango"), MOUNTINFO, sys.path()), Some(true));
        assert_eq!(encrypted(Path::new("/var/lib/sango"), MOUNTINFO, sys.path()), Some(false));
        assert_eq!(encrypted(Path::new("/srv/my data/sango"), MOUNTINFO, sys.path()), Some(false));
        assert_eq!(
            encrypted(Path::new("/tmp/sango"), MOUNTINFO, sys.path()),
            None,
            "a virtual filesystem says nothing"
        );
        assert_eq!(
            encrypted(Path::new("/var/lib/sango"), MOUNTINFO, Path::new("/nonexistent-sysfs")),
            None,
            "no sysfs: unknown"
        );
    }

    #[test]
    fn the_notice_is_japanese_without_latin_words() {
        assert!(crate::app::latin_words(NOT_ENCRYPTED_JA).is_empty());
    }
}
