//! One install's data folder: the journal (the record), the sled working state folded from it,
//! the identity, and the lock that keeps a second process out.
//!
//! ```text
//! <data dir>/journal.sjl      the record: append-only, checksummed, synced before acknowledging
//! <data dir>/state/           sled: the working state, rebuilt from the journal whenever in doubt
//! <data dir>/identity.json    this install's keys (0600)
//! <data dir>/lock             held while a process has the store open
//! <data dir>/damaged-*/       working states set aside by a guarded open, never deleted by us
//! ```

use std::fs::{self, File, OpenOptions};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use fs4::fs_std::FileExt;
use serde::Serialize;

use super::event::{Entry, Event, ENTRY_VERSION};
use super::journal::{Journal, JournalError};
use super::journal_fs::{Fs, RealFs};
use super::modes;
use super::records::Actor;
use super::state::{State, StateError, STATE_SCHEMA};

pub const JOURNAL_FILE: &str = "journal.sjl";
pub const STATE_DIR: &str = "state";
pub const IDENTITY_FILE: &str = "identity.json";
const LOCK_FILE: &str = "lock";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {0} is in use by another Sango process")]
    InUse(PathBuf),
    #[error("no store at {0}: run `sango init` first")]
    NotInitialized(PathBuf),
    #[error("the store at {0} already exists")]
    AlreadyInitialized(PathBuf),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error("journal entry {seq} does not decode: {detail}")]
    BadEntry { seq: u64, detail: String },
    #[error("store I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("entry {found} is not the journal's next entry ({expected})")]
    OutOfSequence { expected: u64, found: u64 },
}

/// Something the person at the desk should know about how the store opened.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StoreNotice {
    pub code: String,
    pub message_ja: String,
    pub message_en: String,
}

pub struct Store {
    dir: PathBuf,
    _lock: File,
    journal: Mutex<Journal>,
    state: State,
    origin: String,
    pub notices: Vec<StoreNotice>,
}

fn lock(dir: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, modes::FILE_MODE);
    let f = options.open(dir.join(LOCK_FILE))?;
    match f.try_lock_exclusive() {
        Ok(true) => Ok(f),
        Ok(false) => Err(StoreError::InUse(dir.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Err(StoreError::InUse(dir.to_path_buf())),
        Err(e) => Err(e.into()),
    }
}

/// Each entry as the journal writes it; an import's parts (megabytes each) on two threads.
fn to_json_all(entries: &[Entry]) -> Vec<Vec<u8>> {
    let (mut out, rest) = super::in_halves(entries, 4, |part| {
        part.iter().map(|e| serde_json::to_vec(e).expect("entries serialize")).collect::<Vec<_>>()
    });
    out.extend(rest);
    out
}

/// The machine's clock in Japan time, read by the one writer alone to stamp `Entry::recorded_at`.
/// The only clock the core reads: every rule still takes `now` from the door.
fn machine_clock() -> DateTime<FixedOffset> {
    chrono::Utc::now().with_timezone(&FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset"))
}

fn decode(seq: u64, bytes: &[u8]) -> Result<Entry, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::BadEntry { seq, detail: e.to_string() })
}

impl Store {
    /// Whether `dir` holds a store (a journal).
    pub fn exists(dir: &Path) -> bool {
        dir.join(JOURNAL_FILE).exists()
    }

    /// Creates a new store whose first entry is `first` (an `Initialized` event).
    pub fn create(dir: &Path, origin: &str, now: DateTime<FixedOffset>, first: Event) -> Result<Store, StoreError> {
        Store::create_with(dir, origin, now, first, Arc::new(RealFs))
    }

    /// [`Store::create`] with the journal on a given file system (tests inject faults with
    /// [`super::journal_fs::FaultyFs`]; sled and the lock always use the real one).
    pub fn create_with(
        dir: &Path,
        origin: &str,
        now: DateTime<FixedOffset>,
        first: Event,
        journal_fs: Arc<dyn Fs>,
    ) -> Result<Store, StoreError> {
        modes::create_dir(dir)?;
        let lock = lock(dir)?;
        if Store::exists(dir) {
            return Err(StoreError::AlreadyInitialized(dir.to_path_buf()));
        }
        let mut journal = Journal::create_new_with(&dir.join(JOURNAL_FILE), journal_fs)?;
        let state = State::open(&dir.join(STATE_DIR))?;
        // sled makes its own files with the process umask: ours are private whatever it is.
        modes::tighten(&dir.join(STATE_DIR))?;
        let entry = Entry {
            v: ENTRY_VERSION,
            origin: origin.into(),
            epoch: None,
            seq: 1,
            at: now,
            recorded_at: Some(machine_clock()),
            actor: Actor::system(),
            event: first,
        };
        let seq = journal.append(&serde_json::to_vec(&entry).expect("entries serialize"))?;
        debug_assert_eq!(seq, 1);
        state.apply(&entry)?;
        state.flush()?;
        Ok(Store {
            dir: dir.to_path_buf(),
            _lock: lock,
            journal: Mutex::new(journal),
            state,
            origin: origin.into(),
            notices: vec![],
        })
    }

    /// Opens an existing store, guarding against a damaged working state: an error or a panic
    /// inside sled, or a state ahead of the journal, sets the state aside and rebuilds it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(dir, Arc::new(RealFs))
    }

    /// [`Store::open`] with the journal on a given file system (see [`Store::create_with`]).
    pub fn open_with(dir: &Path, journal_fs: Arc<dyn Fs>) -> Result<Store, StoreError> {
        if !Store::exists(dir) {
            return Err(StoreError::NotInitialized(dir.to_path_buf()));
        }
        let lock = lock(dir)?;
        let mut notices = Vec::new();
        // Before anything is read: a data folder another OS user could read is made private, and said.
        let loosened = modes::tighten(dir)?;
        if !loosened.is_empty() {
            let names: Vec<String> = loosened
                .iter()
                .take(5)
                .map(|p| {
                    p.strip_prefix(dir)
                        .ok()
                        .filter(|r| !r.as_os_str().is_empty())
                        .unwrap_or(Path::new("."))
                        .display()
                        .to_string()
                })
                .collect();
            let more = if loosened.len() > names.len() {
                format!(" …(+{})", loosened.len() - names.len())
            } else {
                String::new()
            };
            notices.push(StoreNotice {
                code: "modes_tightened".into(),
                message_ja: format!(
                    "データフォルダの {} 件のファイル・フォルダが他の利用者からも読める設定でした。この利用者だけが読めるように直しました({}{more})。",
                    loosened.len(),
                    names.join(", ")
                ),
                message_en: format!("{} files or folders of the data folder were readable by other OS users; they are now private to this user ({}{more}).", loosened.len(), names.join(", ")),
            });
        }
        let (journal, report) = Journal::open_with(&dir.join(JOURNAL_FILE), journal_fs)?;
        if let Some(torn) = &report.torn {
            notices.push(StoreNotice {
                code: "journal_tail_cut".into(),
                message_ja: format!(
                    "前回の終了時に書きかけだった記録({} バイト)を切り離し、{} に保存しました。確定済みの記録はすべて残っています。",
                    torn.bytes_cut,
                    torn.kept_at.display()
                ),
                message_en: format!(
                    "An unfinished write ({} bytes) from the last shutdown was cut off and kept at {}. Every confirmed record is intact.",
                    torn.bytes_cut,
                    torn.kept_at.display()
                ),
            });
        }
        let state_dir = dir.join(STATE_DIR);
        // A missing state folder (deleted by hand, or a restore) is rebuilt like a damaged one:
        // the desk is told either way, since it means the working state was not what we left.
        let missing = !state_dir.exists();
        let opened = if missing { Err("missing".to_string()) } else { guarded_open(&state_dir) };
        let mut outdated = false;
        let state = match opened {
            Ok(state) if state.applied_seq().map(|s| s <= journal.last_seq()).unwrap_or(false) => {
                // A working state folded by another version of Sango is rebuilt, not trusted.
                outdated = state.applied_seq().unwrap_or(0) > 0 && state.schema().ok().flatten() != Some(STATE_SCHEMA);
                (!outdated).then_some(state)
            }
            _ => None,
        };
        let state = match state {
            Some(s) => s,
            None => {
                notices.push(if outdated {
                    let aside = set_aside(dir)?;
                    StoreNotice {
                        code: "state_upgraded".into(),
                        message_ja: format!("新しい版の Sango に合わせて作業用データを記録から作り直しました。記録は失われていません。以前のデータは {} に保管しました。", aside.display()),
                        message_en: format!("The working state was rebuilt from the journal for this version of Sango. No record was lost. The previous copy is kept at {}.", aside.display()),
                    }
                } else if missing {
                    StoreNotice {
                        code: "state_rebuilt".into(),
                        message_ja: "作業用データが見つからなかったため、記録(ジャーナル)から作り直しました。記録は失われていません。".into(),
                        message_en: "The working state was missing and has been rebuilt from the journal. No record was lost.".into(),
                    }
                } else {
                    let aside = set_aside(dir)?;
                    StoreNotice {
                        code: "state_rebuilt".into(),
                        message_ja: format!(
                            "作業用データが壊れていたため、記録(ジャーナル)から作り直しました。記録は失われていません。壊れたデータは {} に保管しました。",
                            aside.display()
                        ),
                        message_en: format!(
                            "The working state was damaged and has been rebuilt from the journal. No record was lost. The damaged copy is kept at {}.",
                            aside.display()
                        ),
                    }
                });
                fold_journal_into(&journal, &state_dir, &mut |_, _| {})?
            }
        };
        // Replay whatever the journal holds beyond what the state has applied.
        let applied = state.applied_seq()?;
        for item in journal.read_from(applied + 1) {
            let (seq, bytes) = item?;
            state.apply(&decode(seq, &bytes)?)?;
        }
        let origin = state.install()?.map(|i| i.origin()).unwrap_or_default();
        modes::tighten(&state_dir)?;
        Ok(Store { dir: dir.to_path_buf(), _lock: lock, journal: Mutex::new(journal), state, origin, notices })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The one writer: validates against the state, appends to the journal (synced: from here
    /// on the change is acknowledged), then folds it into the state — all under one lock, so two
    /// desks racing for the last bed cannot both pass validation.
    pub fn write<T, E>(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        decide: impl FnOnce(&State, u64) -> Result<(Event, T), E>,
    ) -> Result<(Entry, T), E>
    where
        E: From<StoreError>,
    {
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let (event, out) = decide(&self.state, journal.last_seq() + 1)?;
        let entry = self.append_and_apply(&mut journal, now, actor, vec![event])?.pop().expect("one event, one entry");
        Ok((entry, out))
    }

    /// The one writer for a change too large for one entry (an import): the events are appended
    /// with one write and one sync — all of them acknowledged, or none — then folded in order.
    pub fn write_batch<T, E>(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        decide: impl FnOnce(&State) -> Result<(Vec<Event>, T), E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let (events, out) = decide(&self.state)?;
        self.append_and_apply(&mut journal, now, actor, events)?;
        Ok(out)
    }

    /// Appends `events` as this install's next entries with one write and one sync (from here on
    /// they are acknowledged), then folds them in order. The caller holds the writer's lock.
    fn append_and_apply(
        &self,
        journal: &mut Journal,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        events: Vec<Event>,
    ) -> Result<Vec<Entry>, StoreError> {
        if events.is_empty() {
            return Ok(vec![]);
        }
        let first = journal.last_seq() + 1;
        let recorded_at = Some(machine_clock());
        let mut epoch = self.state.epoch()?;
        let entries: Vec<Entry> = events
            .into_iter()
            .zip(first..)
            .map(|(event, seq)| {
                // A restore's entry is the first of its new epoch.
                if let Event::Restored { epoch: new, .. } = &event {
                    epoch = Some(*new);
                }
                Entry {
                    v: ENTRY_VERSION,
                    origin: self.origin.clone(),
                    epoch,
                    seq,
                    at: now,
                    recorded_at,
                    actor: actor.clone(),
                    event,
                }
            })
            .collect();
        let payloads = to_json_all(&entries);
        let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
        let written = journal.append_batch(&refs)?;
        assert_eq!(written.start, first, "the journal assigned other sequences than the writer expected");
        for entry in &entries {
            self.state.apply(entry)?;
        }
        Ok(entries)
    }

    /// Every entry of the journal, in order.
    pub fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        self.entries_from(1)
    }

    pub fn entries_from(&self, seq: u64) -> Result<Vec<Entry>, StoreError> {
        let journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        journal.read_from(seq).map(|item| item.map_err(StoreError::from).and_then(|(s, b)| decode(s, &b))).collect()
    }

    pub fn last_seq(&self) -> u64 {
        self.journal.lock().unwrap_or_else(|p| p.into_inner()).last_seq()
    }

    /// The journal's acknowledged entries as they are now, to copy (a backup) without holding
    /// the writer: its lock is held only while the snapshot notes where the journal ends.
    pub fn journal_snapshot(&self) -> Result<super::journal::Snapshot, StoreError> {
        Ok(self.journal.lock().unwrap_or_else(|p| p.into_inner()).snapshot()?)
    }

    /// True when no one holds the writer (tests of what must not hold it).
    #[cfg(test)]
    pub(crate) fn writer_is_free(&self) -> bool {
        self.journal.try_lock().is_ok()
    }

    /// Checks that the working state is exactly the journal folded afresh.
    pub fn verify_state(&self) -> Result<Vec<String>, StoreError> {
        let journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = State::temporary()?;
        for item in journal.read_from(1) {
            let (seq, bytes) = item?;
            fresh.apply(&decode(seq, &bytes)?)?;
        }
        let (want, have) = (fresh.dump()?, self.state.dump()?);
        let mut problems = Vec::new();
        for name in want.keys().chain(have.keys()).collect::<std::collections::BTreeSet<_>>() {
            let (w, h) = (want.get(name), have.get(name));
            let empty = Vec::new();
            let (w, h) = (w.unwrap_or(&empty), h.unwrap_or(&empty));
            if w != h {
                problems.push(format!(
                    "working state tree '{name}' differs from the journal ({} rows expected, {} found)",
                    w.len(),
                    h.len()
                ));
            }
        }
        Ok(problems)
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        self.state.flush()?;
        Ok(())
    }

    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }
}

/// A store that no process has open, taking entries made elsewhere (a generated history for the
/// benchmarks): appended to its journal as they are, under the store's lock, so no install is
/// writing meanwhile. Nothing is folded here: the next [`Store::open`] folds them as it folds any
/// entry its working state has not applied, exactly what a rebuild would read.
pub struct ClosedStore {
    _lock: File,
    journal: Journal,
}

impl ClosedStore {
    /// Locks the store at `dir`; [`StoreError::InUse`] while a process has it open.
    pub fn lock(dir: &Path) -> Result<ClosedStore, StoreError> {
        if !Store::exists(dir) {
            return Err(StoreError::NotInitialized(dir.to_path_buf()));
        }
        let lock = lock(dir)?;
        let (journal, _) = Journal::open(&dir.join(JOURNAL_FILE))?;
        Ok(ClosedStore { _lock: lock, journal })
    }

    pub fn last_seq(&self) -> u64 {
        self.journal.last_seq()
    }

    /// Appends `entries` with one write and one sync, all or none. Each must carry the journal's
    /// next sequence number: the journal numbers what it holds, so a gap would misname an entry.
    pub fn append(&mut self, entries: &[Entry]) -> Result<(), StoreError> {
        let first = self.journal.last_seq() + 1;
        if let Some((found, expected)) = entries.iter().map(|e| e.seq).zip(first..).find(|(seq, want)| seq != want) {
            return Err(StoreError::OutOfSequence { expected, found });
        }
        let payloads = to_json_all(entries);
        let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
        self.journal.append_batch(&refs)?;
        Ok(())
    }
}

/// sled's own lock on its `db` file can outlive a dropped `sled::Db` for a moment (its
/// background writes hold the file), so reopening a state this process just closed may find it
/// locked. The store's lock already keeps other processes out: that lock is ours, so wait.
fn open_state(state_dir: &Path) -> Result<State, StateError> {
    const WAIT: std::time::Duration = std::time::Duration::from_millis(20);
    let mut tries = 0;
    loop {
        match State::open(state_dir) {
            Err(StateError::Sled(sled::Error::Io(e)))
                if tries < 250 && e.to_string().starts_with("could not acquire lock") =>
            {
                tries += 1;
                std::thread::sleep(WAIT);
            }
            other => return other,
        }
    }
}

fn guarded_open(state_dir: &Path) -> Result<State, String> {
    let dir = state_dir.to_path_buf();
    match panic::catch_unwind(AssertUnwindSafe(move || open_state(&dir))) {
        Ok(Ok(state)) => match state.applied_seq() {
            Ok(_) => Ok(state),
            Err(e) => Err(e.to_string()),
        },
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("sled panicked while opening".into()),
    }
}

/// Moves a damaged working state out of the way; returns where it went.
fn set_aside(dir: &Path) -> Result<PathBuf, StoreError> {
    let state_dir = dir.join(STATE_DIR);
    let mut n = 1;
    let aside = loop {
        let p = dir.join(format!("damaged-{n}"));
        if !p.exists() {
            break p;
        }
        n += 1;
    };
    if state_dir.exists() {
        fs::rename(&state_dir, &aside)?;
    }
    Ok(aside)
}

/// Folds the whole journal into a fresh working state at `state_dir` (built beside it, then
/// renamed into place, so a crash mid-rebuild leaves no half state under the real name).
fn fold_journal_into(
    journal: &Journal,
    state_dir: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<State, StoreError> {
    let tmp = state_dir.with_extension("rebuilding");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    {
        let fresh = open_state(&tmp)?;
        fold_all(journal, &fresh, progress)?;
        fresh.flush()?;
    }
    if state_dir.exists() {
        fs::remove_dir_all(state_dir)?;
    }
    fs::rename(&tmp, state_dir)?;
    Ok(open_state(state_dir)?)
}

/// Entries decoded ahead of the fold, this many to a batch, at most two batches waiting: a
/// ward's entries are whole monthly imports, so the read-ahead is bounded in entries, not bytes.
const FOLD_BATCH: usize = 32;

/// Applies every entry of the journal to `state` in order. Reading, decompressing and parsing
/// the entries runs on a second thread, a few batches ahead of sled, which takes the rest.
fn fold_all(journal: &Journal, state: &State, progress: &mut dyn FnMut(u64, u64)) -> Result<(), StoreError> {
    let total = journal.last_seq();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Entry>, StoreError>>(2);
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(FOLD_BATCH);
            for item in journal.read_from(1) {
                match item.map_err(StoreError::from).and_then(|(seq, bytes)| decode(seq, &bytes)) {
                    Ok(entry) => batch.push(entry),
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
                if batch.len() == FOLD_BATCH
                    && tx.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(FOLD_BATCH)))).is_err()
                {
                    return;
                }
            }
            let _ = tx.send(Ok(batch));
        });
        // An error drops `rx`, which stops the reader at its next send.
        for batch in rx {
            for entry in batch? {
                state.apply(&entry)?;
                progress(entry.seq, total);
            }
        }
        Ok(())
    })
}

/// Rebuilds the working state from the journal (also how it is compacted: sled never shrinks).
pub fn rebuild(dir: &Path) -> Result<u64, StoreError> {
    rebuild_with_progress(dir, &mut |_, _| {})
}

/// [`rebuild`], telling `progress` each entry folded and how many there are (the CLI's bar).
pub fn rebuild_with_progress(dir: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<u64, StoreError> {
    if !Store::exists(dir) {
        return Err(StoreError::NotInitialized(dir.to_path_buf()));
    }
    let _lock = lock(dir)?;
    let (journal, _) = Journal::open(&dir.join(JOURNAL_FILE))?;
    let state_dir = dir.join(STATE_DIR);
    drop(fold_journal_into(&journal, &state_dir, progress)?);
    modes::tighten(&state_dir)?;
    Ok(journal.last_seq())
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = fs::read_dir(p) else { return 0 };
    rd.flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;

    fn at(day: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+09:00")).unwrap()
    }

    fn export_received(seq: u64) -> Entry {
        Entry {
            v: ENTRY_VERSION,
            origin: "ward".into(),
            epoch: None,
            seq,
            at: at("2025-05-01"),
            recorded_at: None,
            actor: Actor::system(),
            event: Event::ExportReceived { facility: "pao".parse().unwrap(), created_at: at("2025-04-30") },
        }
    }

    fn ward(dir: &Path) -> u64 {
        let (app, _) = App::init_ward(dir, at("2025-04-01")).unwrap();
        app.last_seq()
    }

    #[test]
    fn entries_appended_to_a_closed_store_are_folded_when_it_next_opens() {
        let tmp = tempfile::tempdir().unwrap();
        let last = ward(tmp.path());
        let mut closed = ClosedStore::lock(tmp.path()).unwrap();
        closed.append(&[export_received(last + 1), export_received(last + 2)]).unwrap();
        assert_eq!(closed.last_seq(), last + 2);
        drop(closed);
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.state().applied_seq().unwrap(), last + 2);
        assert_eq!(store.state().last_export(&"pao".parse().unwrap()).unwrap(), Some(at("2025-04-30")));
        assert!(store.verify_state().unwrap().is_empty());
    }

    #[test]
    fn a_store_a_process_has_open_takes_no_entries_from_outside_its_writer() {
        let tmp = tempfile::tempdir().unwrap();
        ward(tmp.path());
        let _open = Store::open(tmp.path()).unwrap();
        assert!(matches!(ClosedStore::lock(tmp.path()), Err(StoreError::InUse(_))));
    }

    #[test]
    fn an_entry_that_is_not_the_journals_next_is_refused_with_its_whole_batch() {
        let tmp = tempfile::tempdir().unwrap();
        let last = ward(tmp.path());
        let mut closed = ClosedStore::lock(tmp.path()).unwrap();
        for batch in [vec![export_received(last + 2)], vec![export_received(last + 1), export_received(last + 3)]] {
            assert!(matches!(closed.append(&batch), Err(StoreError::OutOfSequence { .. })));
        }
        let err = closed.append(&[export_received(last)]).unwrap_err();
        assert!(matches!(err, StoreError::OutOfSequence { expected, found } if expected == last + 1 && found == last));
        assert_eq!(closed.last_seq(), last);
        drop(closed);
        assert_eq!(Store::open(tmp.path()).unwrap().last_seq(), last);
    }
}
