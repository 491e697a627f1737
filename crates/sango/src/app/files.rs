//! Writing files the way a health record wants them: whole or not at all.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::{AppError, ErrorKind};

fn io_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorKind::Other,
        "io",
        format!("ファイル「{}」を書き込めません({})。", path.display(), super::error::io_ja(&e)),
        format!("Cannot write {}: {e}", path.display()),
    )
}

/// Writes `bytes` to a temporary name beside `path`, syncs it, renames it into place and syncs
/// the folder: a reader never sees half a file, and once this returns the file is on disk.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| AppError::bad_input("bad_path", "ファイル名がありません。", "No file name."))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| io_error(path, e))
}

/// Writes a secret (this install's keys) readable by its owner only.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    use std::os::unix::fs::OpenOptionsExt;
    let result = (|| {
        let mut f = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    result.map_err(|e| io_error(path, e))
}

pub fn read(path: &Path, what_ja: &str) -> Result<Vec<u8>, AppError> {
    fs::read(path).map_err(|e| {
        AppError::bad_input("bad_file", format!("{what_ja}「{}」を読めません({})。", path.display(), super::error::io_ja(&e)), format!("Cannot read {}: {e}", path.display()))
    })
}
