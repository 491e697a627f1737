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
use crate::sync::{Identity, RecoveryKey};
use crate::types::Epoch;

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
    AppError::new(
        ErrorCode::BadBackup,
        "バックアップファイルが壊れているか、Sango のバックアップではありません。",
        detail.into(),
    )
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
/// (`sango backup`). The journal is streamed in chunks from a snapshot (the writer is held only
/// to take it, so the desk goes on while the copy runs), through age, to a temporary file renamed
/// into place when whole.
pub fn backup(app: &App, now: DateTime<FixedOffset>, out: &Path) -> Result<BackupView, AppError> {
    let recipient = app.identity.recovery_recipient().cloned().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoRecoveryKey,
            "この端末には復旧キーがないため、バックアップを作れません(古い版で設定された端末です)。",
            "This install has no recovery key (it was set up by an older version): it cannot make a backup.",
        )
    })?;
    let dir = app.store().dir();
    let identity = files::read(&dir.join(IDENTITY_FILE), "鍵")?;
    let snapshot = app.store().journal_snapshot()?;
    files::write_atomic_streaming(out, |file| write_backup(file, &recipient, &identity, &snapshot))?;
    Ok(BackupView {
        out: out.display().to_string(),
        entries: snapshot.last_seq(),
        bytes: std::fs::metadata(out).map_err(io)?.len(),
        encrypted: true,
        key_id: app.identity.key_id().to_string(),
        at: now,
    })
}

/// The backup's bytes: the magic line, then age of (identity length, identity, journal).
fn write_backup(
    file: &mut std::fs::File,
    recipient: &age::x25519::Recipient,
    identity: &[u8],
    journal: &journal::Snapshot,
) -> std::io::Result<()> {
    let out = std::io::BufWriter::with_capacity(STREAM_BUFFER_BYTES, file);
    let mut out = out;
    out.write_all(MAGIC)?;
    let enc = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .map_err(std::io::Error::other)?;
    let mut w = enc.wrap_output(out)?;
    w.write_all(&(identity.len() as u32).to_le_bytes())?;
    w.write_all(identity)?;
    journal.copy_chunks(|chunk| w.write_all(chunk))?;
    w.finish()?.flush()
}

/// How much of a backup is held in memory at a time, each way.
const STREAM_BUFFER_BYTES: usize = 1024 * 1024;
/// No identity comes near this; a larger length is damage.
const MAX_IDENTITY_BYTES: usize = 1024 * 1024;

/// Restores an install from a backup into an empty data folder (`sango restore`).
pub fn restore(
    now: DateTime<FixedOffset>,
    file: &Path,
    dir: &Path,
    key: &RecoveryKey,
) -> Result<EntriesView, AppError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(AppError::new(
            ErrorCode::NotEmpty,
            "復元先のデータフォルダが空ではありません。空のフォルダを指定してください。",
            format!("{} is not empty: restore only into an empty data folder.", dir.display()),
        ));
    }
    let opened = std::fs::File::open(file).map_err(|e| {
        AppError::new(
            ErrorCode::BadFile,
            format!("バックアップ「{}」を読めません({})。", file.display(), super::error::io_ja(&e)),
            format!("Cannot read {}: {e}", file.display()),
        )
    })?;
    restore_from(now, std::io::BufReader::with_capacity(STREAM_BUFFER_BYTES, opened), dir, key)
}

/// Opens a backup with the recovery key: the identity's bytes, and the journal still to read.
fn open_backup<R: Read>(mut backup: R, key: &RecoveryKey) -> Result<(Vec<u8>, impl Read), AppError> {
    let mut magic = Vec::with_capacity(MAGIC.len());
    (&mut backup).take(MAGIC.len() as u64).read_to_end(&mut magic).map_err(|e| bad_backup(e.to_string()))?;
    if magic != MAGIC {
        if magic.starts_with(b"SANGO-BACKUP/1") {
            return Err(AppError::new(
                ErrorCode::OldBackup,
                "このバックアップは古い形式(復旧キーで暗号化されていないもの)のため、復元できません。",
                "This backup is of the old format (not encrypted to a recovery key): it cannot be restored.",
            ));
        }
        return Err(AppError::of(ErrorCode::NotABackup));
    }
    let dec = age::Decryptor::new(backup).map_err(|e| bad_backup(e.to_string()))?;
    let identity = key.age_identity();
    let mut r = dec.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => AppError::new(
            ErrorCode::WrongRecoveryKey,
            "この復旧キーではこのバックアップを開けません。この端末の復旧シートの24語か確かめてください。",
            "This recovery key does not open this backup: is it the sheet of this install?",
        ),
        e => bad_backup(e.to_string()),
    })?;
    let mut id_len = [0u8; 4];
    r.read_exact(&mut id_len).map_err(|_| bad_backup("cut short"))?;
    let id_len = u32::from_le_bytes(id_len) as usize;
    if id_len > MAX_IDENTITY_BYTES {
        return Err(bad_backup("cut short"));
    }
    let mut identity = vec![0; id_len];
    r.read_exact(&mut identity).map_err(|_| bad_backup("cut short"))?;
    Ok((identity, r))
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
pub fn restore_bytes(
    now: DateTime<FixedOffset>,
    bytes: &[u8],
    dir: &Path,
    key: &RecoveryKey,
) -> Result<EntriesView, AppError> {
    restore_from(now, bytes, dir, key)
}

/// [`restore_bytes`] from a reader: the journal is decrypted and written in chunks, never whole
/// in memory.
fn restore_from(
    now: DateTime<FixedOffset>,
    backup: impl Read,
    dir: &Path,
    key: &RecoveryKey,
) -> Result<EntriesView, AppError> {
    // Never over an install. (The window's web view keeps its caches in the same folder, so the
    // folder itself may not be empty on a first run; the CLI also refuses any non-empty folder.)
    if Store::exists(dir) || dir.join(IDENTITY_FILE).exists() || dir.join(crate::ledger::store::STATE_DIR).exists() {
        return Err(AppError::new(
            ErrorCode::NotEmpty,
            "復元先にはすでに Sango のデータがあります。新しい端末(空のデータフォルダ)に復元してください。",
            format!("{} already holds a Sango install: restore only onto a new one.", dir.display()),
        ));
    }
    let (identity_bytes, mut journal_bytes) = open_backup(backup, key)?;
    let identity =
        Identity::from_json(&String::from_utf8_lossy(&identity_bytes)).map_err(|e| bad_backup(e.to_string()))?;
    let created = !dir.exists();
    files::create_dir(dir)?;
    // Staged beside the install-to-be, removed (with a folder we made) on any failure.
    let staging = dir.join(format!(".restore-{}", std::process::id()));
    let result = (|| {
        files::create_dir(&staging)?;
        let journal_path = staging.join(JOURNAL_FILE);
        // A decryption error (a damaged or cut backup) is told apart from a failed write.
        let mut unreadable = None;
        let written = files::write_atomic_streaming(&journal_path, |file| {
            let mut buf = vec![0; STREAM_BUFFER_BYTES];
            loop {
                let n = match journal_bytes.read(&mut buf) {
                    Ok(0) => return Ok(()),
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        unreadable = Some(e.to_string());
                        return Err(e);
                    }
                };
                file.write_all(&buf[..n])?;
            }
        });
        if let Some(detail) = unreadable {
            return Err(bad_backup(detail));
        }
        written?;
        let report = journal::verify(&journal_path).map_err(|e| bad_backup(e.to_string()))?;
        if !report.problems.is_empty() {
            return Err(bad_backup(report.problems.join("; ")));
        }
        let first = {
            let (j, _) = Journal::open(&journal_path).map_err(|e| bad_backup(e.to_string()))?;
            let (_, entry) = j
                .read_from(1)
                .next()
                .ok_or_else(|| bad_backup("an empty journal"))?
                .map_err(|e| bad_backup(e.to_string()))?;
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
    getrandom::getrandom(&mut epoch).map_err(|_| {
        AppError::new(
            ErrorCode::Random,
            "乱数が得られないため、復元を終えられません。",
            "The operating system's random source failed.",
        )
    })?;
    let backup_seq = app.store().last_seq();
    app.store().write(now, &Actor::system(), |_, _| {
        Ok::<_, AppError>((Event::Restored { epoch: Epoch(epoch), backup_seq }, ()))
    })?;
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

/// Prints the journal plain (`sango journal cat`), from entry `from` on: one JSON array, each
/// entry on a line of its own exactly as recorded (compressed or not on disk). The whole
/// record, as a backup holds it: the same use case, and the reading is audited.
pub fn journal_cat(
    app: &App,
    now: DateTime<FixedOffset>,
    actor: &Actor,
    from: u64,
    out: &mut dyn Write,
) -> Result<u64, AppError> {
    app.require(actor, crate::rules::roles::UseCase::Backup)?;
    app.opened(now, actor, crate::ledger::event::OpenedWhat::Journal, None)?;
    let journal = Journal::open_to_read(&app.store().dir().join(JOURNAL_FILE))
        .map_err(|e| AppError::from(crate::ledger::StoreError::from(e)))?;
    let mut printed = 0;
    out.write_all(b"[").map_err(io)?;
    for entry in journal.read_from(from) {
        let (_, payload) = entry.map_err(|e| AppError::from(crate::ledger::StoreError::from(e)))?;
        out.write_all(if printed == 0 { b"\n" } else { b",\n" }).and_then(|()| out.write_all(&payload)).map_err(io)?;
        printed += 1;
    }
    out.write_all(b"\n]\n").and_then(|()| out.flush()).map_err(io)?;
    Ok(printed)
}

/// Rebuilds the working state from the journal (`sango rebuild`; also compacts it).
pub fn rebuild(dir: &Path) -> Result<EntriesView, AppError> {
    rebuild_with_progress(dir, &mut |_, _| {})
}

/// [`rebuild`], telling `progress` each entry folded of how many (the CLI's progress bar).
pub fn rebuild_with_progress(dir: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<EntriesView, AppError> {
    Ok(EntriesView { entries: store::rebuild_with_progress(dir, progress)? })
}

impl App {
    /// Checks every checksum and sequence of the journal, and that the working state is the
    /// journal folded afresh (`sango verify`).
    pub fn verify(&self) -> Result<VerifyView, AppError> {
        let report = journal::verify(&self.store.dir().join(JOURNAL_FILE))
            .map_err(|e| AppError::from(crate::ledger::StoreError::from(e)))?;
        let mut problems = report.problems;
        let mut clock_mismatches = 0;
        if problems.is_empty() {
            problems.extend(self.store.verify_state()?);
            let tolerance = chrono::Duration::minutes(CLOCK_TOLERANCE_MINUTES);
            clock_mismatches = self
                .store
                .entries()?
                .iter()
                .filter(|e| e.recorded_at.is_some_and(|r| (e.at - r).abs() > tolerance))
                .count() as u64;
        }
        Ok(VerifyView { ok: problems.is_empty(), entries: report.entries, problems, clock_mismatches })
    }
}

/// Whether `dir` holds an install.
pub fn exists(dir: &Path) -> bool {
    Store::exists(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hm: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-12-01T{hm}:00+09:00")).unwrap()
    }

    /// A sink that, at every chunk of the backup it is handed, checks that the desk can write and
    /// writes an entry (the desk going on during a backup).
    struct DeskGoesOn<'a> {
        app: &'a App,
        out: Vec<u8>,
        writes: u32,
    }

    impl Write for DeskGoesOn<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            assert!(self.app.store().writer_is_free(), "the backup holds the writer while it copies");
            self.app
                .opened(at("10:00"), &Actor::system(), crate::ledger::event::OpenedWhat::Journal, None)
                .expect("the desk writes during a backup");
            self.writes += 1;
            self.out.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_backup_does_not_hold_the_writer_while_it_copies_and_holds_what_was_there_when_it_began() {
        let tmp = tempfile::tempdir().unwrap();
        let (app, view) = App::init_ward(&tmp.path().join("ward"), at("09:00")).unwrap();
        let key = parse_recovery_key(&view.recovery_key).unwrap();
        for n in 0..200 {
            app.opened(at("09:30"), &Actor::system(), crate::ledger::event::OpenedWhat::Journal, None).unwrap();
            assert_eq!(app.store().last_seq(), n + 2);
        }
        let began = app.store().last_seq();
        let identity = std::fs::read(app.store().dir().join(IDENTITY_FILE)).unwrap();
        let snapshot = app.store().journal_snapshot().unwrap();
        let recipient = app.identity.recovery_recipient().cloned().unwrap();
        let mut sink = DeskGoesOn { app: &app, out: Vec::new(), writes: 0 };
        // Through the same steps as `backup`, into the sink instead of a file.
        {
            let mut out = std::io::BufWriter::with_capacity(64, &mut sink);
            out.write_all(MAGIC).unwrap();
            let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
            let mut w = enc.wrap_output(out).unwrap();
            w.write_all(&(identity.len() as u32).to_le_bytes()).unwrap();
            w.write_all(&identity).unwrap();
            snapshot.copy_chunks(|chunk| w.write_all(chunk)).unwrap();
            w.finish().unwrap().flush().unwrap();
        }
        assert!(sink.writes > 3, "the desk wrote while the backup was being copied ({} times)", sink.writes);
        assert_eq!(app.store().last_seq(), began + u64::from(sink.writes));
        let into = tmp.path().join("restored");
        let restored = restore_bytes(at("11:00"), &sink.out, &into, &key).unwrap();
        assert_eq!(restored.entries, began + 1, "what was there when it began, and the restore's own entry");
    }

    #[test]
    fn a_restore_streams_a_backup_larger_than_its_buffers_and_a_cut_one_restores_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let (app, view) = App::init_ward(&tmp.path().join("ward"), at("09:00")).unwrap();
        let key = parse_recovery_key(&view.recovery_key).unwrap();
        // Enough entries for a journal past the restore's buffer.
        for _ in 0..3 {
            app.store()
                .write(at("09:30"), &Actor::system(), |_, _| {
                    Ok::<_, AppError>((
                        Event::Opened { what: crate::ledger::event::OpenedWhat::Journal, card: None },
                        (),
                    ))
                })
                .unwrap();
        }
        // Noise, so that the compressed journal is still larger than the buffers.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let note: String = (0..1_000_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b"0123456789abcdef"[(x % 16) as usize])
            })
            .collect();
        for n in 0..4u32 {
            app.store()
                .write(at("09:40"), &Actor::system(), |_, _| {
                    Ok::<_, AppError>((Event::SignInFailed { name: format!("{n}{note}") }, ()))
                })
                .unwrap();
        }
        let out = tmp.path().join("ward.sgb");
        let made = backup(&app, at("10:00"), &out).unwrap();
        assert!(std::fs::metadata(app.store().dir().join(JOURNAL_FILE)).unwrap().len() > STREAM_BUFFER_BYTES as u64);
        let into = tmp.path().join("restored");
        assert_eq!(restore(at("11:00"), &out, &into, &key).unwrap().entries, made.entries + 1);
        let back = App::open(&into).unwrap();
        let mut names = back.store().entries().unwrap().into_iter().filter_map(|e| match e.event {
            Event::SignInFailed { name } => Some(name),
            _ => None,
        });
        assert_eq!(names.next().unwrap(), format!("0{note}"));
        drop(back);
        // Cut anywhere past the header: refused as damaged, and nothing is left of the install.
        let bytes = std::fs::read(&out).unwrap();
        for cut in [bytes.len() - 1, bytes.len() - 20_000, bytes.len() / 2, 300] {
            let cut_file = tmp.path().join(format!("cut-{cut}.sgb"));
            std::fs::write(&cut_file, &bytes[..cut]).unwrap();
            let into = tmp.path().join(format!("cut-{cut}"));
            let e = restore(at("11:00"), &cut_file, &into, &key).unwrap_err();
            assert_eq!(e.code, "bad_backup", "cut at {cut}: {e:?}");
            assert!(!into.exists(), "cut at {cut}: the folder it made is gone");
        }
    }
}
