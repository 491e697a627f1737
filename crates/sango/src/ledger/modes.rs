//! Nothing Sango keeps is readable by another OS user: its folders are 0700, its files 0600.
//!
//! Our own code creates every file and folder with those modes (`create_dir`, the journal's
//! `RealFs`, `app::files::write_atomic`); the doors also set the process umask to 0o077 for what
//! others create in the data folder (sled's `state/`). At open, [`tighten`] finds anything looser
//! (a folder copied in by hand, an older build's files) and makes it private: the store says so.

use std::io;
use std::path::{Path, PathBuf};

/// A folder's mode: its owner only.
pub const DIR_MODE: u32 = 0o700;
/// A file's mode: its owner only.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and any missing parents) with mode 0700; an existing folder is left as it is.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, DIR_MODE);
    b.create(dir)
}

/// Makes `path` and everything under it private to its owner, without following symbolic links:
/// group and other bits are cleared (0755 → 0700, 0644 → 0600). Returns what was looser.
#[cfg(unix)]
pub fn tighten(path: &Path) -> io::Result<Vec<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    let mut loosened = Vec::new();
    let mut todo = vec![path.to_path_buf()];
    while let Some(p) = todo.pop() {
        let meta = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            // Gone meanwhile (sled removes its old snapshots): nothing to tighten.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode & !0o077))?;
            loosened.push(p.clone());
        }
        if meta.is_dir() {
            for e in std::fs::read_dir(&p)? {
                todo.push(e?.path());
            }
        }
    }
    loosened.sort();
    Ok(loosened)
}

#[cfg(not(unix))]
pub fn tighten(_path: &Path) -> io::Result<Vec<PathBuf>> {
    // Windows: the user's profile folder is already private to the user (ACLs, not modes).
    Ok(Vec::new())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_loose_folder_is_made_private_and_said() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        create_dir(&dir.join("state")).unwrap();
        assert_eq!((mode(&dir), mode(&dir.join("state"))), (DIR_MODE, DIR_MODE));
        std::fs::write(dir.join("journal.sjl"), b"x").unwrap();
        std::fs::set_permissions(dir.join("journal.sjl"), std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(dir.join("state"), std::fs::Permissions::from_mode(0o700)).unwrap();
        let loosened = tighten(&dir).unwrap();
        assert_eq!(loosened, vec![dir.clone(), dir.join("journal.sjl")]);
        assert_eq!((mode(&dir), mode(&dir.join("journal.sjl"))), (0o700, 0o600));
        assert!(tighten(&dir).unwrap().is_empty(), "once private, nothing more to say");
    }

    #[test]
    fn a_symbolic_link_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::write(&outside, b"x").unwrap();
        std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
        let dir = tmp.path().join("data");
        create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
        assert!(tighten(&dir).unwrap().is_empty());
        assert_eq!(mode(&outside), 0o644, "a file outside the data folder is not ours to change");
    }
}
