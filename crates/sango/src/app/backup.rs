//! Backups that restore a whole install on another machine, verify and rebuild.
//!
//! A backup holds the journal (every record) and the identity (this install's keys); the working
//! state is rebuilt from the journal on restore. Health records must not leave the machine in
//! clear: when `SANGO_BACKUP_PASSPHRASE` is set (the window asks for one), the file is encrypted
//! with it (age, scrypt) and a restore needs the same passphrase.

use std::io::{Read, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{files, App, AppError, ErrorKind};
use crate::ledger::journal;
use crate::ledger::store::{self, IDENTITY_FILE, JOURNAL_FILE};
use crate::ledger::Store;

const MAGIC: &[u8] = b"SANGO-BACKUP/1\n";
const MAGIC_ENCRYPTED: &[u8] = b"SANGO-BACKUP/1+age\n";
pub const PASSPHRASE_ENV: &str = "SANGO_BACKUP_PASSPHRASE";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupView {
    pub out: String,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub encrypted: bool,
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EntriesView {
    #[ts(type = "number")]
    pub entries: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VerifyView {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries: u64,
    pub problems: Vec<String>,
}

fn bad_backup(detail: impl Into<String>) -> AppError {
    AppError::integrity("bad_backup", "バックアップファイルが壊れているか、Sango のバックアップではありません。", detail.into())
}

/// Writes one file holding the journal and the identity (`sango backup`).
pub fn backup(app: &App, now: DateTime<FixedOffset>, out: &Path, passphrase: Option<&str>) -> Result<BackupView, AppError> {
    let dir = app.store().dir();
    let journal = files::read(&dir.join(JOURNAL_FILE), "記録")?;
    let identity = files::read(&dir.join(IDENTITY_FILE), "鍵")?;
    let mut inner = Vec::with_capacity(journal.len() + identity.len() + 16);
    inner.extend_from_slice(&(identity.len() as u32).to_le_bytes());
    inner.extend_from_slice(&identity);
    inner.extend_from_slice(&journal);
    let pass = passphrase.filter(|p| !p.is_empty());
    let bytes = match pass {
        Some(p) => {
            let enc = age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(p.to_string()));
            let mut out = MAGIC_ENCRYPTED.to_vec();
            let mut w = enc.wrap_output(&mut out).map_err(|e| AppError::new(ErrorKind::Other, "encrypt", "バックアップを暗号化できませんでした。変更は保存されていません。", e.to_string()))?;
            w.write_all(&inner).and_then(|_| w.finish().map(|_| ())).map_err(|e| AppError::new(ErrorKind::Other, "encrypt", "バックアップを暗号化できませんでした。変更は保存されていません。", e.to_string()))?;
            out
        }
        None => [MAGIC, &inner].concat(),
    };
    files::write_atomic(out, &bytes)?;
    Ok(BackupView { out: out.display().to_string(), entries: app.store().last_seq(), bytes: bytes.len() as u64, encrypted: pass.is_some(), at: now })
}

/// Restores an install from a backup into an empty data folder (`sango restore`).
pub fn restore(file: &Path, dir: &Path, passphrase: Option<&str>) -> Result<EntriesView, AppError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(AppError::new(
            ErrorKind::Usage,
            "not_empty",
            "復元先のデータフォルダが空ではありません。空のフォルダを指定してください。",
            format!("{} is not empty: restore only into an empty data folder.", dir.display()),
        ));
    }
    restore_bytes(&files::read(file, "バックアップ")?, dir, passphrase)
}

/// Restores from a backup's bytes (the window reads the file the user picks).
pub fn restore_bytes(bytes: &[u8], dir: &Path, passphrase: Option<&str>) -> Result<EntriesView, AppError> {
    // Never over an install. (The window's web view keeps its caches in the same folder, so the
    // folder itself may not be empty on a first run; the CLI also refuses any non-empty folder.)
    if Store::exists(dir) || dir.join(IDENTITY_FILE).exists() || dir.join(crate::ledger::store::STATE_DIR).exists() {
        return Err(AppError::new(
            ErrorKind::Usage,
            "not_empty",
            "復元先にはすでに Sango のデータがあります。新しい端末(空のデータフォルダ)に復元してください。",
            format!("{} already holds a Sango install: restore only onto a new one.", dir.display()),
        ));
    }
    let inner = if let Some(rest) = bytes.strip_prefix(MAGIC_ENCRYPTED) {
        let pass = passphrase.filter(|p| !p.is_empty()).map(str::to_string).ok_or_else(|| {
            AppError::new(ErrorKind::Usage, "passphrase_needed", "このバックアップは暗号化されています。パスフレーズを指定してください。", format!("This backup is encrypted: set {PASSPHRASE_ENV}."))
        })?;
        let dec = age::Decryptor::new(rest).map_err(|e| bad_backup(e.to_string()))?;
        let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(pass));
        let mut r = dec.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| bad_backup(e.to_string()))?;
        let mut v = Vec::new();
        r.read_to_end(&mut v).map_err(|e| bad_backup(e.to_string()))?;
        v
    } else if let Some(rest) = bytes.strip_prefix(MAGIC) {
        rest.to_vec()
    } else {
        return Err(AppError::bad_input("not_a_backup", "このファイルは Sango のバックアップではありません。", "Not a Sango backup."));
    };
    let id_len = inner.get(..4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize).ok_or_else(|| bad_backup("cut short"))?;
    let identity = inner.get(4..4 + id_len).ok_or_else(|| bad_backup("cut short"))?;
    let journal_bytes = &inner[4 + id_len..];
    std::fs::create_dir_all(dir).map_err(|e| AppError::new(ErrorKind::Other, "io", format!("復元先に書き込めません({})。", super::error::io_ja(&e)), e.to_string()))?;
    // Check the journal whole before the install exists: a damaged backup restores nothing.
    let staging = dir.join(".restore-journal");
    files::write_atomic(&staging, journal_bytes)?;
    let report = journal::verify(&staging).map_err(|e| bad_backup(e.to_string()))?;
    if !report.problems.is_empty() {
        let _ = std::fs::remove_file(&staging);
        return Err(bad_backup(report.problems.join("; ")));
    }
    files::write_secret(&dir.join(IDENTITY_FILE), identity)?;
    std::fs::rename(&staging, dir.join(JOURNAL_FILE)).map_err(|e| AppError::new(ErrorKind::Other, "io", format!("復元先に書き込めません({})。", super::error::io_ja(&e)), e.to_string()))?;
    let app = App::open(dir)?;
    app.store().flush()?;
    Ok(EntriesView { entries: app.store().last_seq() })
}

/// Rebuilds the working state from the journal (`sango rebuild`; also compacts it).
pub fn rebuild(dir: &Path) -> Result<EntriesView, AppError> {
    Ok(EntriesView { entries: store::rebuild(dir)? })
}

impl App {
    /// Checks every checksum and sequence of the journal, and that the working state is the
    /// journal folded afresh (`sango verify`).
    pub fn verify(&self) -> Result<VerifyView, AppError> {
        let report = journal::verify(&self.store.dir().join(JOURNAL_FILE)).map_err(|e| AppError::from(crate::ledger::StoreError::from(e)))?;
        let mut problems = report.problems;
        if problems.is_empty() {
            problems.extend(self.store.verify_state()?);
        }
        Ok(VerifyView { ok: problems.is_empty(), entries: report.entries, problems })
    }
}

/// Whether `dir` holds an install.
pub fn exists(dir: &Path) -> bool {
    Store::exists(dir)
}
