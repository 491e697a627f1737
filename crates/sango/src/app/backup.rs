//! Backups that restore a whole install on another machine, verify and rebuild.
//!
//! A backup holds the journal (every record) and the identity (this install's keys); the working
//! state is rebuilt from the journal on restore. It is always encrypted (age, X25519) to the
//! install's recovery key, whose public half the install keeps: a backup, the rotating ones in
//! `backups/` included, needs no secret to write and the recovery sheet's 24 words to read.
//! There is no plaintext backup and no passphrase.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{files, App, AppError, ErrorCode};
use crate::ledger::journal::{self, Journal};
use crate::ledger::store::{self, IDENTITY_FILE, JOURNAL_FILE};
use crate::ledger::{Actor, Entry, Event, Store};
use crate::types::Epoch;
use crate::sync::{Identity, RecoveryKey};

/// The first line of a backup; the age file follows. (`/1` and `/1+age` were plaintext and
/// passphrase backups: no longer written, and refused.)
const MAGIC: &[u8] = b"SANGO-BACKUP/2+recovery-key\n";
/// Where a restore may take the recovery key's words from, instead of `--recovery-key-file`.
pub const RECOVERY_KEY_ENV: &str = "SANGO_RECOVERY_KEY";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupView {
    pub out: String,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Always true: kept so that scripts reading it need not change.
    pub encrypted: bool,
    /// The install whose recovery key opens this backup (the key id printed on its sheet).
    pub key_id: String,
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
    /// Entries whose `at` (the time the change speaks for) is more than [`CLOCK_TOLERANCE_MINUTES`]
    /// from the machine's clock when it was written (`recorded_at`): a pinned or backdated clock.
    /// Not a problem of the journal (tests pin the clock), but a reviewer's question.
    #[ts(type = "number")]
    pub clock_mismatches: u64,
}

/// How far `at` may be from `recorded_at` before verify counts the entry as written off the clock.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 5;

fn bad_backup(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::BadBackup, "バックアップファイルが壊れているか、Sango のバックアップではありません。", detail.into())
}

fn io(e: std::io::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("ファイル操作に失敗しました({})。", super::error::io_ja(&e)), e.to_string())
}

/// Reads the recovery key's words (a file's text, or `SANGO_RECOVERY_KEY`).
///
/// # Errors
/// `bad_recovery_key` (exit 4) when the text is not 24 words of the list with a good checksum.
pub fn parse_recovery_key(text: &str) -> Result<RecoveryKey, AppError> {
    RecoveryKey::parse(text).map_err(|e| {
        AppError::new(
            ErrorCode::BadRecoveryKey,
            "復旧キーが読めません。復旧シートの24語を、順番どおりに空白で区切って入力してください。",
            format!("The recovery key does not read: {e}. Give the 24 words of the recovery sheet, in order."),
        )
    })
}

/// Writes one file holding the journal and the identity, encrypted to the install's recovery key
/// (`sango backup`).
pub fn backup(app: &App, now: DateTime<FixedOffset>, out: &Path) -> Result<BackupView, AppError> {
    let recipient = app.identity.recovery_recipient().cloned().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoRecoveryKey,
            "この端末には復旧キーがないため、バックアップを作れません(古い版で設定された端末です)。",
            "This install has no recovery key (it was set up by an older version): it cannot make a backup.",
        )
    })?;
    let dir = app.store().dir();
    let journal = files::read(&dir.join(JOURNAL_FILE), "記録")?;
    let identity = files::read(&dir.join(IDENTITY_FILE), "鍵")?;
    let mut inner = Vec::with_capacity(journal.len() + identity.len() + 16);
    inner.extend_from_slice(&(identity.len() as u32).to_le_bytes());
    inner.extend_from_slice(&identity);
    inner.extend_from_slice(&journal);
    let encrypt_error = |e: String| AppError::new(ErrorCode::Encrypt, "バックアップを暗号化できませんでした。変更は保存されていません。", e);
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).map_err(|e| encrypt_error(e.to_string()))?;
    let mut bytes = MAGIC.to_vec();
    let mut w = enc.wrap_output(&mut bytes).map_err(|e| encrypt_error(e.to_string()))?;
    w.write_all(&inner).and_then(|_| w.finish().map(|_| ())).map_err(|e| encrypt_error(e.to_string()))?;
    inner.fill(0);
    files::write_atomic(out, &bytes)?;
    Ok(BackupView {
        out: out.display().to_string(),
        entries: app.store().last_seq(),
        bytes: bytes.len() as u64,
        encrypted: true,
        key_id: app.identity.key_id().to_string(),
        at: now,
    })
}

/// Restores an install from a backup into an empty data folder (`sango restore`).
pub fn restore(now: DateTime<FixedOffset>, file: &Path, dir: &Path, key: &RecoveryKey) -> Result<EntriesView, AppError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(AppError::new(
            ErrorCode::NotEmpty,
            "復元先のデータフォルダが空ではありません。空のフォルダを指定してください。",
            format!("{} is not empty: restore only into an empty data folder.", dir.display()),
        ));
    }
    restore_bytes(now, &files::read(file, "バックアップ")?, dir, key)
}

/// Opens a backup with the recovery key: the identity's bytes and the journal's.
fn open_backup(bytes: &[u8], key: &RecoveryKey) -> Result<(Vec<u8>, Vec<u8>), AppError> {
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        if bytes.starts_with(b"SANGO-BACKUP/1") {
            return Err(AppError::new(
                ErrorCode::OldBackup,
                "このバックアップは古い形式(復旧キーで暗号化されていないもの)のため、復元できません。",
                "This backup is of the old format (not encrypted to a recovery key): it cannot be restored.",
            ));
        }
        return Err(AppError::of(ErrorCode::NotABackup));
    };
    let dec = age::Decryptor::new(rest).map_err(|e| bad_backup(e.to_string()))?;
    let identity = key.age_identity();
    let mut r = dec.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => AppError::new(
            ErrorCode::WrongRecoveryKey,
            "この復旧キーではこのバックアップを開けません。この端末の復旧シートの24語か確かめてください。",
            "This recovery key does not open this backup: is it the sheet of this install?",
        ),
        e => bad_backup(e.to_string()),
    })?;
    let mut inner = Vec::new();
    r.read_to_end(&mut inner).map_err(|e| bad_backup(e.to_string()))?;
    let id_len = inner.get(..4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize).ok_or_else(|| bad_backup("cut short"))?;
    let identity = inner.get(4..4usize.saturating_add(id_len)).ok_or_else(|| bad_backup("cut short"))?.to_vec();
    let journal = inner[4 + id_len..].to_vec();
    inner.fill(0);
    Ok((identity, journal))
}

/// The identity a backup holds must be the install its journal began as (the `Initialized`
/// entry's key), and must encrypt its own backups to the key that opened this one: a backup whose
/// identity was swapped for another install's keys is refused.
fn check_identity(identity: &Identity, first: &Entry, key: &RecoveryKey) -> Result<(), AppError> {
    let swapped = |detail: &str| {
        AppError::new(
            ErrorCode::BackupIdentityMismatch,
            "バックアップ内の鍵が、記録を作った端末のものと一致しません。改ざんされたバックアップの可能性があるため復元しません。",
            format!("The keys in this backup are not those of the install its journal belongs to ({detail}): it was tampered with; nothing was restored."),
        )
    };
    let Event::Initialized { install, .. } = &first.event else {
        return Err(bad_backup("the journal does not begin with the install's set-up"));
    };
    if install.public_key != identity.key_id().to_string() {
        return Err(swapped("key id"));
    }
    let role_origin = match identity.role() {
        crate::sync::Role::Ward => "ward".to_string(),
        crate::sync::Role::Facility { facility } => facility.to_string(),
    };
    if role_origin != install.origin() || first.origin != install.origin() {
        return Err(swapped("role"));
    }
    if identity.recovery_recipient().map(|r| r.to_string()) != Some(key.recipient().to_string()) {
        return Err(swapped("recovery key"));
    }
    Ok(())
}

/// Restores from a backup's bytes (the window reads the file the user picks). Everything is
/// checked (the key, the journal whole, the identity against the journal) before the install
/// exists; on any failure the data folder is left as it was.
pub fn restore_bytes(now: DateTime<FixedOffset>, bytes: &[u8], dir: &Path, key: &RecoveryKey) -> Result<EntriesView, AppError> {
    // Never over an install. (The window's web view keeps its caches in the same folder, so the
    // folder itself may not be empty on a first run; the CLI also refuses any non-empty folder.)
    if Store::exists(dir) || dir.join(IDENTITY_FILE).exists() || dir.join(crate::ledger::store::STATE_DIR).exists() {
        return Err(AppError::new(
            ErrorCode::NotEmpty,
            "復元先にはすでに Sango のデータがあります。新しい端末(空のデータフォルダ)に復元してください。",
            format!("{} already holds a Sango install: restore only onto a new one.", dir.display()),
        ));
    }
    let (identity_bytes, journal_bytes) = open_backup(bytes, key)?;
    let identity = Identity::from_json(&String::from_utf8_lossy(&identity_bytes)).map_err(|e| bad_backup(e.to_string()))?;
    let created = !dir.exists();
    files::create_dir(dir)?;
    // Staged beside the install-to-be, removed (with a folder we made) on any failure.
    let staging = dir.join(format!(".restore-{}", std::process::id()));
    let result = (|| {
        files::create_dir(&staging)?;
        let journal_path = staging.join(JOURNAL_FILE);
        files::write_atomic(&journal_path, &journal_bytes)?;
        let report = journal::verify(&journal_path).map_err(|e| bad_backup(e.to_string()))?;
        if !report.problems.is_empty() {
            return Err(bad_backup(report.problems.join("; ")));
        }
        let first = {
            let (j, _) = Journal::open(&journal_path).map_err(|e| bad_backup(e.to_string()))?;
            let (_, entry) = j.read_from(1).next().ok_or_else(|| bad_backup("an empty journal"))?.map_err(|e| bad_backup(e.to_string()))?;
            serde_json::from_slice::<Entry>(&entry).map_err(|e| bad_backup(e.to_string()))?
        };
        check_identity(&identity, &first, key)?;
        write_restored_identity(dir, &identity)?;
        std::fs::rename(&journal_path, dir.join(JOURNAL_FILE)).map_err(io)
    })();
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(e) = result {
        // Refused above when it existed: any identity here is this failed restore's.
        let _ = std::fs::remove_file(dir.join(IDENTITY_FILE));
        if created {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }
    let app = App::open(dir)?;
    // The lost machine may have written (and sent) entries past the backup under the same
    // sequence numbers: this install's entries from here on are a new epoch of its journal.
    let mut epoch = [0u8; 4];
    getrandom::getrandom(&mut epoch).map_err(|_| AppError::new(ErrorCode::Random, "乱数が得られないため、復元を終えられません。", "The operating system's random source failed."))?;
    let backup_seq = app.store().last_seq();
    app.store().write(now, &Actor::system(), |_, _| Ok::<_, AppError>((Event::Restored { epoch: Epoch(epoch), backup_seq }, ())))?;
    app.store().flush()?;
    Ok(EntriesView { entries: app.store().last_seq() })
}

/// The restore's last step before the journal goes in place: the identity the backup held,
/// written afresh (0600). Whatever a restore changes in the identity is changed here.
fn write_restored_identity(dir: &Path, identity: &Identity) -> Result<PathBuf, AppError> {
    let path = dir.join(IDENTITY_FILE);
    files::write_secret(&path, identity.to_json().as_bytes())?;
    Ok(path)
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
        let mut clock_mismatches = 0;
        if problems.is_empty() {
            problems.extend(self.store.verify_state()?);
            let tolerance = chrono::Duration::minutes(CLOCK_TOLERANCE_MINUTES);
            clock_mismatches = self.store.entries()?.iter().filter(|e| e.recorded_at.is_some_and(|r| (e.at - r).abs() > tolerance)).count() as u64;
        }
        Ok(VerifyView { ok: problems.is_empty(), entries: report.entries, problems, clock_mismatches })
    }
}

/// Whether `dir` holds an install.
pub fn exists(dir: &Path) -> bool {
    Store::exists(dir)
}
