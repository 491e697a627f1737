//! Writing files the way a health record wants them: whole or not at all.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::{AppError, ErrorCode};

fn io_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("ファイル「{}」を書き込めません({})。", path.display(), super::error::io_ja(&e)),
        format!("Cannot write {}: {e}", path.display()),
    )
}

/// Writes `bytes` to a temporary name beside `path`, syncs it, renames it into place and syncs
/// the folder: a reader never sees half a file, and once this returns the file is on disk. The
/// file is its owner's alone (0600): the temporary is created exclusively (`O_EXCL`) with that
/// mode, so nothing else can have opened it first, and it is removed on any error.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// [`write_atomic`] of a file written in steps (a backup streams its journal through it): the
/// same temporary, sync, rename and folder sync, so a process killed half way leaves the old
/// file or none, never half of one.
pub fn write_atomic_streaming(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), AppError> {
    write_atomic_with(path, write)
}

/// [`write_atomic`] with the writing step given: tests make it fail half way.
fn write_atomic_with(path: &Path, write: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<(), AppError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| AppError::new(ErrorCode::BadPath, "ファイル名がありません。", "No file name."))?;
    let mut nonce = [0u8; 6];
    let _ = getrandom::getrandom(&mut nonce);
    let tmp = dir.join(format!(".{}.tmp-{}-{}", name.to_string_lossy(), std::process::id(), hex::encode(nonce)));
    let mut created = false;
    let result = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, crate::ledger::modes::FILE_MODE);
        let mut f = options.open(&tmp)?;
        created = true;
        write(&mut f)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        created = false;
        File::open(dir)?.sync_all()
    })();
    if created {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| io_error(path, e))
}

/// Writes a secret (this install's keys) readable by its owner only.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    use std::os::unix::fs::OpenOptionsExt;
    let result = (|| {
        let mut f =
            fs::OpenOptions::new().write(true).create_new(true).mode(crate::ledger::modes::FILE_MODE).open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    result.map_err(|e| io_error(path, e))
}

pub fn read(path: &Path, what_ja: &str) -> Result<Vec<u8>, AppError> {
    fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::BadFile,
            format!("{what_ja}「{}」を読めません({})。", path.display(), super::error::io_ja(&e)),
            format!("Cannot read {}: {e}", path.display()),
        )
    })
}

/// Creates a folder of the data folder (outbox/, backups/…), private to its owner (0700).
pub fn create_dir(dir: &Path) -> Result<(), AppError> {
    crate::ledger::modes::create_dir(dir).map_err(|e| io_error(dir, e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_written_file_is_private_even_over_a_loose_one() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("claims.csv");
        fs::write(&p, b"old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(names(tmp.path()), vec!["claims.csv"]);
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_no_temporary_file_and_the_old_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("export.sango");
        fs::write(&p, b"before").unwrap();
        let e = write_atomic_with(&p, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(e.code, "io");
        assert_eq!(names(tmp.path()), vec!["export.sango"], "no .tmp left behind");
        assert_eq!(fs::read(&p).unwrap(), b"before");
    }

    #[test]
    fn a_rename_that_fails_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        // A folder in the way: the rename into place fails after the temporary is written whole.
        fs::create_dir(tmp.path().join("roster.sango")).unwrap();
        fs::write(tmp.path().join("roster.sango").join("x"), b"x").unwrap();
        assert!(write_atomic(&tmp.path().join("roster.sango"), b"bytes").is_err());
        assert_eq!(names(tmp.path()), vec!["roster.sango"]);
    }
}
