//! The journal (記録): the append-only file that is the record of an install.
//!
//! It knows nothing of what an entry means: entries are opaque payloads (the ledger puts one
//! JSON event in each), numbered by a sequence that starts at 1 and has no gaps. sled holds the
//! working state folded from it and can always be rebuilt from it.
//!
//! # Format
//!
//! ```text
//! header:  magic "SANGOJNL" (8 bytes) | format version u32 LE (2; 1 in journals made before)
//! entry:   len u32 LE | crc32 u32 LE of (seq ‖ stored) | seq u64 LE | stored (len bytes)
//! ```
//!
//! In version 2 `stored` is one zstd frame of the payload; in version 1 it is the payload
//! itself. The checksum is over what is stored, so a torn or garbled frame is found (and cut,
//! or refused) exactly as a torn plain entry is, without decompressing anything. A journal keeps
//! the version it was created with: a version 1 journal opens, reads and appends as before.
//! `sango journal cat` prints any journal plain.
//!
//! # Durability guarantees
//!
//! Each one is proved by the named test (`journal::tests` unless another file is named).
//!
//! - An entry is acknowledged (`append` returns its sequence) only after one write of the whole
//!   entry and a `sync_data`: `append_syncs_before_it_acknowledges`, and
//!   `tests/journal_crash.rs::every_acknowledged_entry_survives_a_kill` (a child writer killed by
//!   SIGKILL at random moments; every acknowledged entry is there, byte for byte). That is a
//!   process kill; surviving a power cut is what `sync_data` is for, and no test here cuts power.
//! - Nothing unacknowledged half-exists: after a crash, an entry is either whole or gone (the
//!   in-flight one may be whole without having been acknowledged):
//!   `every_acknowledged_entry_survives_a_kill`.
//! - A torn tail (a partial last entry, a bad last entry, trailing garbage) is cut at the last
//!   whole entry at open, and the cut bytes are first written, synced, to
//!   `<journal>.torn-<n>` beside it — never silently dropped: `a_torn_tail_is_cut_and_kept_aside`,
//!   `torn_tails_match_the_model` (a model test with reboots and random truncations),
//!   `torn_tails_never_overwrite_one_kept_earlier`; if keeping them aside fails, nothing is cut:
//!   `an_open_that_cannot_keep_the_torn_tail_aside_cuts_nothing`.
//! - Damage in the middle (a bad entry with whole entries after it) is never cut: `open` refuses
//!   with [`JournalError::Corrupt`]; that is a case for `verify` and a backup:
//!   `a_bad_entry_followed_by_good_ones_is_refused_not_cut`.
//! - A failed write or sync loses nothing acknowledged and leaves no gap: the append returns an
//!   error, the file is cut back to the last whole entry, the next append works, and reopening
//!   gives exactly the acknowledged entries — for every k, when the k-th write or sync fails:
//!   `a_failed_write_or_sync_loses_nothing_for_every_k`; when the disk fills at any byte (every
//!   byte of the first appends, every seventh after):
//!   `a_full_disk_loses_nothing_at_any_byte`. If even the cut-back fails, the journal is
//!   poisoned (appends refused until reopen) and reopening still gives every acknowledged
//!   entry: `a_failed_append_that_cannot_be_undone_poisons_the_journal`.
//! - A batch (an import) is all or nothing: `a_failed_batch_leaves_none_of_its_entries`.
//! - Any file content makes `open` and `verify` return, never panic:
//!   `open_never_panics_on_random_bytes`, `open_never_panics_on_a_damaged_journal`.
//! - `verify` reads and never writes: `verify_reports_problems_without_changing_the_file`.
//! - A backup copy is written to a temporary name, synced, renamed, and the directory synced;
//!   it opens as the same journal: `a_copy_opens_with_the_same_entries`; a failed copy leaves
//!   the previous backup whole: `a_failed_copy_leaves_the_old_backup_whole`.
//!
//! # Example
//!
//! ```
//! use sango::ledger::journal::Journal;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("journal.sjl");
//! let mut journal = Journal::create_new(&path).unwrap();
//! assert_eq!(journal.append(br#"{"event":"booked"}"#).unwrap(), 1);
//! assert_eq!(journal.append_batch(&[b"a", b"b"]).unwrap(), 2..4);
//! drop(journal);
//!
//! let (journal, report) = Journal::open(&path).unwrap();
//! assert_eq!((report.entries, report.torn), (3, None));
//! let (seq, payload) = journal.read_from(3).next().unwrap().unwrap();
//! assert_eq!((seq, payload), (3, b"b".to_vec()));
//! ```
//!
//! `open` and `verify` read the file once, in chunks ([`SCAN_CHUNK_BYTES`]); afterwards only the
//! offsets of the entries are kept. A backup reads it in chunks too ([`Journal::snapshot`]),
//! without holding the writer while it copies.
//!
//! Not promised: an append that returned an error may still be found whole after a crash that
//! hits before it is cut back (as with any database, a crash leaves the outcome of the change in
//! flight unknown). On a power loss, a file system that reorders writes within one unsynced
//! batch could leave a later entry of that batch whole and an earlier one torn; `open` then
//! reports [`JournalError::Corrupt`] rather than guess.

use std::borrow::Cow;
use std::ffi::OsString;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::journal_fs::{Fs, FsFile, OpenMode, RealFs};

/// The first bytes of every journal file.
pub const MAGIC: [u8; 8] = *b"SANGOJNL";
/// The format this build writes; it also reads [`Format::Plain`] journals made before.
pub const FORMAT_VERSION: u32 = Format::Zstd as u32;
/// Magic and format version.
pub const HEADER_BYTES: u64 = 12;
/// len, crc and seq before each payload.
pub const ENTRY_HEADER_BYTES: u64 = 16;
/// No event comes near this; a larger length is damage, not data.
pub const MAX_PAYLOAD_BYTES: u32 = 16 * 1024 * 1024;
/// What a payload of [`MAX_PAYLOAD_BYTES`] may take stored (zstd's worst case on bytes that do
/// not compress is a little more than they are).
pub const MAX_STORED_BYTES: u32 = MAX_PAYLOAD_BYTES + MAX_PAYLOAD_BYTES / 128 + 4096;
/// How much of the file `open`, `verify` and a backup hold in memory at a time.
pub const SCAN_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// zstd's level for entries: its default, fast both ways.
const ZSTD_LEVEL: i32 = 3;

/// How a journal stores its entries (the header's version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Version 1: the payload as it is (journals made before compression).
    Plain = 1,
    /// Version 2: each payload one zstd frame.
    Zstd = 2,
}

impl Format {
    fn from_version(found: u32) -> Option<Format> {
        match found {
            1 => Some(Format::Plain),
            2 => Some(Format::Zstd),
            _ => None,
        }
    }
}

/// What can go wrong with the journal. [`JournalError::code`] gives a stable machine code.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal I/O failed while {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} is not a Sango journal: {reason}")]
    NotAJournal { path: PathBuf, reason: String },
    #[error("{path} has journal format version {found}; this build reads versions 1 and {FORMAT_VERSION}")]
    UnsupportedVersion { path: PathBuf, found: u32 },
    #[error(
        "{path} is damaged at byte {offset} (where entry {seq} should be): {reason}; whole entries \
         follow, so it was not cut — verify it and restore from a backup"
    )]
    Corrupt { path: PathBuf, offset: u64, seq: u64, reason: String },
    #[error("a journal already exists at {path}")]
    AlreadyExists { path: PathBuf },
    #[error("an entry of {len_bytes} bytes is larger than the limit of {MAX_PAYLOAD_BYTES} bytes")]
    TooLarge { len_bytes: usize },
    #[error("the journal refuses appends: an earlier failed write could not be undone; reopen it")]
    Poisoned,
}

impl JournalError {
    /// A stable code for the CLI's JSON and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            JournalError::Io { .. } => "journal_io",
            JournalError::NotAJournal { .. } => "journal_not_a_journal",
            JournalError::UnsupportedVersion { .. } => "journal_unsupported_version",
            JournalError::Corrupt { .. } => "journal_corrupt",
            JournalError::AlreadyExists { .. } => "journal_exists",
            JournalError::TooLarge { .. } => "journal_entry_too_large",
            JournalError::Poisoned => "journal_poisoned",
        }
    }
}

/// What [`Journal::open`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// Whole entries, which is also the last sequence.
    pub entries: u64,
    /// Set when a torn tail was cut.
    pub torn: Option<TornTail>,
}

/// A torn tail cut at open, and where its bytes were kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornTail {
    /// Where the journal now ends.
    pub offset: u64,
    pub bytes_cut: u64,
    /// The file next to the journal holding exactly the cut bytes.
    pub kept_at: PathBuf,
    pub reason: String,
}

/// What [`verify`] found. `problems` is empty for a sound journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Whole, checksummed, contiguous entries from sequence 1 up to the first problem.
    pub entries: u64,
    pub problems: Vec<String>,
}

/// The open journal of one install. One writer: it is not shared between processes.
#[derive(Debug)]
pub struct Journal {
    fs: Arc<dyn Fs>,
    path: PathBuf,
    file: Box<dyn FsFile>,
    format: Format,
    codec: Codec,
    /// `offsets[i]` is where the entry with sequence `i + 1` starts.
    offsets: Vec<u64>,
    /// The end of the last whole, acknowledged entry.
    len_bytes: u64,
    poisoned: bool,
}

impl Journal {
    /// Creates an empty journal for a fresh install (header written to a temporary name,
    /// synced, renamed, directory synced).
    ///
    /// # Errors
    /// [`JournalError::AlreadyExists`] if there is a file at `path`; I/O errors.
    pub fn create_new(path: &Path) -> Result<Journal, JournalError> {
        Journal::create_new_with(path, Arc::new(RealFs))
    }

    /// [`Journal::create_new`] on a given file system.
    pub fn create_new_with(path: &Path, fs: Arc<dyn Fs>) -> Result<Journal, JournalError> {
        Journal::create_new_in_format(path, fs, Format::Zstd)
    }

    /// [`Journal::create_new_with`] in a given format: [`Format::Plain`] makes a journal as builds
    /// before compression did (for tests of what they left behind).
    pub fn create_new_in_format(path: &Path, fs: Arc<dyn Fs>, format: Format) -> Result<Journal, JournalError> {
        match fs.open(path, OpenMode::Existing) {
            Ok(_) => return Err(JournalError::AlreadyExists { path: path.to_owned() }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("checking", path, e)),
        }
        let mut header = Vec::with_capacity(HEADER_BYTES as usize);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&(format as u32).to_le_bytes());
        write_durably(&*fs, path, |file| file.append(&header))?;
        let (journal, report) = Journal::open_with(path, fs)?;
        assert!(report.entries == 0 && report.torn.is_none(), "a new journal is empty");
        Ok(journal)
    }

    /// Opens a journal, reading and checking every entry; a torn tail is cut (see the module
    /// doc) and said so in the report.
    ///
    /// # Errors
    /// [`JournalError::Corrupt`] for damage with whole entries after it (nothing is changed);
    /// [`JournalError::NotAJournal`], [`JournalError::UnsupportedVersion`]; I/O errors (then
    /// nothing was cut).
    pub fn open(path: &Path) -> Result<(Journal, OpenReport), JournalError> {
        Journal::open_with(path, Arc::new(RealFs))
    }

    /// [`Journal::open`] on a given file system.
    pub fn open_with(path: &Path, fs: Arc<dyn Fs>) -> Result<(Journal, OpenReport), JournalError> {
        let mut file = fs.open(path, OpenMode::Existing).map_err(|e| io_error("opening", path, e))?;
        let (format, mut scan, file_len) = read_and_scan(path, &*file)?;
        let mut torn = None;
        match std::mem::replace(&mut scan.stop, Stop::Clean) {
            Stop::Clean => {}
            Stop::Corrupt { offset, seq, reason } => {
                return Err(JournalError::Corrupt { path: path.to_owned(), offset, seq, reason });
            }
            Stop::Torn { reason } => {
                let mut cut = vec![0; (file_len - scan.end) as usize];
                file.read_at(scan.end, &mut cut).map_err(|e| io_error("reading", path, e))?;
                let kept_at = keep_aside(&*fs, path, &cut)?;
                file.truncate(scan.end).map_err(|e| io_error("cutting the torn tail of", path, e))?;
                file.sync().map_err(|e| io_error("syncing", path, e))?;
                torn = Some(TornTail { offset: scan.end, bytes_cut: cut.len() as u64, kept_at, reason });
            }
        }
        let report = OpenReport { entries: scan.offsets.len() as u64, torn };
        Ok((Journal::scanned(fs, path, file, format, scan, false), report))
    }

    /// Opens a journal to read only (`sango journal cat`, while another process may have the
    /// store): nothing is cut or written; a torn tail is left where it is and not read; appends
    /// are refused.
    ///
    /// # Errors
    /// As [`Journal::open`].
    pub fn open_to_read(path: &Path) -> Result<Journal, JournalError> {
        let fs: Arc<dyn Fs> = Arc::new(RealFs);
        let file = fs.open_to_read(path).map_err(|e| io_error("opening", path, e))?;
        let (format, mut scan, _) = read_and_scan(path, &*file)?;
        if let Stop::Corrupt { offset, seq, reason } = std::mem::replace(&mut scan.stop, Stop::Clean) {
            return Err(JournalError::Corrupt { path: path.to_owned(), offset, seq, reason });
        }
        Ok(Journal::scanned(fs, path, file, format, scan, true))
    }

    /// The journal whose file was scanned: its whole entries, up to `scan.end`.
    fn scanned(
        fs: Arc<dyn Fs>,
        path: &Path,
        file: Box<dyn FsFile>,
        format: Format,
        scan: Scan,
        poisoned: bool,
    ) -> Journal {
        Journal {
            fs,
            path: path.to_owned(),
            file,
            format,
            codec: Codec::default(),
            offsets: scan.offsets,
            len_bytes: scan.end,
            poisoned,
        }
    }

    /// Appends one entry and returns its sequence once it is on disk (acknowledged).
    ///
    /// # Errors
    /// I/O errors (the entry is then not in the journal and the next append follows the last
    /// acknowledged one); [`JournalError::TooLarge`]; [`JournalError::Poisoned`].
    pub fn append(&mut self, payload: &[u8]) -> Result<u64, JournalError> {
        let seqs = self.append_batch(&[payload])?;
        Ok(seqs.start)
    }

    /// Appends several entries with one write and one sync: all of them or none (an import).
    /// Returns their sequences (empty for an empty batch).
    ///
    /// # Errors
    /// As [`Journal::append`]; on an error none of the batch is in the journal.
    pub fn append_batch(&mut self, payloads: &[&[u8]]) -> Result<Range<u64>, JournalError> {
        if self.poisoned {
            return Err(JournalError::Poisoned);
        }
        let first_seq = self.last_seq() + 1;
        if payloads.is_empty() {
            return Ok(first_seq..first_seq);
        }
        if let Some(payload) = payloads.iter().find(|p| p.len() > MAX_PAYLOAD_BYTES as usize) {
            return Err(JournalError::TooLarge { len_bytes: payload.len() });
        }
        let stored = self.store_all(payloads)?;
        let mut buf = Vec::with_capacity(stored.iter().map(|s| s.len() + ENTRY_HEADER_BYTES as usize).sum());
        let mut new_offsets = Vec::with_capacity(payloads.len());
        for (seq, stored) in (first_seq..).zip(&stored) {
            new_offsets.push(self.len_bytes + buf.len() as u64);
            encode_entry(&mut buf, seq, stored);
        }
        let written = self.file.append(&buf).and_then(|()| self.file.sync());
        if let Err(e) = written {
            self.undo_failed_append();
            return Err(io_error("appending to", &self.path, e));
        }
        self.offsets.extend(new_offsets);
        self.len_bytes += buf.len() as u64;
        Ok(first_seq..self.last_seq() + 1)
    }

    /// Each payload as this journal stores it. A large batch (an import's parts) is compressed
    /// on two threads, each with its own context.
    fn store_all<'p>(&self, payloads: &[&'p [u8]]) -> Result<Vec<Cow<'p, [u8]>>, JournalError> {
        if self.format == Format::Plain {
            return Ok(payloads.iter().map(|p| Cow::Borrowed(*p)).collect());
        }
        let total: usize = payloads.iter().map(|p| p.len()).sum();
        let compressed: io::Result<Vec<Vec<u8>>> = if total >= 4 * 1024 * 1024 && payloads.len() > 1 {
            let (first, second) = payloads.split_at(payloads.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| compress_all(&mut new_compressor()?, second));
                let mut mine = self.codec.compress_all(first)?;
                mine.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
                Ok(mine)
            })
        } else {
            self.codec.compress_all(payloads)
        };
        let compressed = compressed.map_err(|e| io_error("compressing an entry for", &self.path, e))?;
        if let Some(too_large) = compressed.iter().find(|c| c.len() > MAX_STORED_BYTES as usize) {
            return Err(JournalError::TooLarge { len_bytes: too_large.len() });
        }
        Ok(compressed.into_iter().map(Cow::Owned).collect())
    }

    /// The payload of a stored entry.
    fn unstore(&self, stored: Vec<u8>) -> Result<Vec<u8>, String> {
        match self.format {
            Format::Plain => Ok(stored),
            Format::Zstd => self.codec.decompress(&stored),
        }
    }

    /// How this journal stores its entries.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Cuts the file back to the last acknowledged entry, so nothing half-written stays
    /// before the next append; if that fails too, refuse appends until reopen.
    fn undo_failed_append(&mut self) {
        let undone = self.file.truncate(self.len_bytes).and_then(|()| self.file.sync());
        if undone.is_err() {
            self.poisoned = true;
        }
    }

    /// The entries from `seq` on (from the first if `seq` is 0), each checked again as read.
    pub fn read_from(&self, seq: u64) -> Entries<'_> {
        Entries { journal: self, next_seq: seq.max(1), failed: false, window: None }
    }

    /// Every entry, from sequence 1.
    pub fn entries(&self) -> Entries<'_> {
        self.read_from(1)
    }

    /// The last acknowledged sequence; 0 when empty.
    pub fn last_seq(&self) -> u64 {
        self.offsets.len() as u64
    }

    /// The size of the header and the acknowledged entries.
    pub fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True after a failed append that could not be undone; see [`JournalError::Poisoned`].
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    /// The acknowledged entries as they are now, to copy without holding the writer: the
    /// journal only ever grows past them (a failed append is cut back to its end, never
    /// before), so they read the same later through a handle of their own.
    ///
    /// # Errors
    /// I/O errors opening that handle.
    pub fn snapshot(&self) -> Result<Snapshot, JournalError> {
        let file = self.fs.open_to_read(&self.path).map_err(|e| io_error("opening", &self.path, e))?;
        Ok(Snapshot { file, path: self.path.clone(), len_bytes: self.len_bytes, last_seq: self.last_seq() })
    }

    /// Copies the acknowledged entries to `out` (a backup), in chunks: written to
    /// `<out>.partial`, synced, renamed over `out`, directory synced. Returns the bytes copied.
    ///
    /// # Errors
    /// I/O errors; `out` is then untouched (a stale `.partial` may remain).
    pub fn copy_to(&self, out: &Path) -> Result<u64, JournalError> {
        let snapshot = self.snapshot()?;
        write_durably(&*self.fs, out, |file| snapshot.copy_chunks(|chunk| file.append(chunk)))?;
        Ok(snapshot.len_bytes)
    }
}

/// The entries of a journal in order, from [`Journal::read_from`]. Stops after an error. Reads
/// the file ahead in chunks, so a walk of the whole journal (a rebuild) costs few reads.
pub struct Entries<'a> {
    journal: &'a Journal,
    next_seq: u64,
    failed: bool,
    window: Option<Window<'a>>,
}

impl std::fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entries").field("next_seq", &self.next_seq).finish()
    }
}

impl Entries<'_> {
    /// Reads and re-checks the entry with sequence `seq` through the read-ahead window.
    fn read(&mut self, seq: u64) -> Result<Vec<u8>, JournalError> {
        let journal = self.journal;
        let index = usize::try_from(seq - 1).expect("seq is within offsets");
        let offset = journal.offsets[index];
        let end = journal.offsets.get(index + 1).copied().unwrap_or(journal.len_bytes);
        let corrupt = |reason: String| JournalError::Corrupt { path: journal.path.clone(), offset, seq, reason };
        if self.window.is_none() {
            let window = Window::new(&*journal.file).map_err(|e| io_error("reading", &journal.path, e))?;
            self.window = Some(window);
        }
        let window = self.window.as_mut().expect("made above");
        let bytes = window
            .get(offset, (end - offset) as usize)
            .map_err(|e| io_error("reading", &journal.path, e))?
            .ok_or_else(|| corrupt("changed on disk since it was opened: the file is shorter".into()))?;
        match decode_entry(bytes, 0, seq) {
            Ok(_) => journal.unstore(bytes[ENTRY_HEADER_BYTES as usize..].to_vec()).map_err(corrupt),
            Err(bad) => Err(corrupt(format!("changed on disk since it was opened: {}", bad.reason()))),
        }
    }
}

impl Iterator for Entries<'_> {
    type Item = Result<(u64, Vec<u8>), JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.next_seq > self.journal.last_seq() {
            return None;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        let entry = self.read(seq);
        self.failed = entry.is_err();
        Some(entry.map(|payload| (seq, payload)))
    }
}

/// The acknowledged bytes of a journal at one moment, from [`Journal::snapshot`].
#[derive(Debug)]
pub struct Snapshot {
    file: Box<dyn FsFile>,
    path: PathBuf,
    len_bytes: u64,
    last_seq: u64,
}

impl Snapshot {
    /// The whole journal's bytes at the snapshot (header and entries).
    pub fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    /// The last entry it holds.
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// Hands the bytes to `sink` in order, [`SCAN_CHUNK_BYTES`] at a time at most.
    ///
    /// # Errors
    /// The first error reading or from `sink`.
    pub fn copy_chunks(&self, mut sink: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut chunk = vec![0; SCAN_CHUNK_BYTES.min(self.len_bytes as usize)];
        let mut offset = 0;
        while offset < self.len_bytes {
            let n = (SCAN_CHUNK_BYTES as u64).min(self.len_bytes - offset) as usize;
            self.file.read_at(offset, &mut chunk[..n])?;
            sink(&chunk[..n])?;
            offset += n as u64;
        }
        Ok(())
    }

    /// The journal file it was taken of.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A journal's zstd contexts, made on first use and reused (making one per entry costs more
/// than compressing it).
#[derive(Default)]
struct Codec {
    compressor: Mutex<Option<zstd::bulk::Compressor<'static>>>,
    decompressor: Mutex<Option<zstd::bulk::Decompressor<'static>>>,
}

impl std::fmt::Debug for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Codec(zstd)")
    }
}

impl Codec {
    fn compress_all(&self, payloads: &[&[u8]]) -> io::Result<Vec<Vec<u8>>> {
        let mut slot = self.compressor.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(new_compressor()?);
        }
        compress_all(slot.as_mut().expect("made above"), payloads)
    }

    fn decompress(&self, stored: &[u8]) -> Result<Vec<u8>, String> {
        let mut slot = self.decompressor.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?);
        }
        slot.as_mut()
            .expect("made above")
            .decompress(stored, MAX_PAYLOAD_BYTES as usize)
            .map_err(|e| format!("the stored frame does not decompress: {e}"))
    }
}

fn new_compressor() -> io::Result<zstd::bulk::Compressor<'static>> {
    let mut compressor = zstd::bulk::Compressor::new(ZSTD_LEVEL)?;
    // Checked by the entry's own crc32; zstd's checksum would only repeat it.
    compressor.include_checksum(false)?;
    Ok(compressor)
}

fn compress_all(compressor: &mut zstd::bulk::Compressor<'static>, payloads: &[&[u8]]) -> io::Result<Vec<Vec<u8>>> {
    payloads.iter().map(|p| compressor.compress(p)).collect()
}

/// Checks every entry of the journal at `path` without changing anything.
///
/// # Errors
/// Only when the file cannot be read; everything wrong inside it is a problem in the report.
pub fn verify(path: &Path) -> Result<VerifyReport, JournalError> {
    verify_with(path, &RealFs)
}

/// [`verify`] on a given file system.
pub fn verify_with(path: &Path, fs: &dyn Fs) -> Result<VerifyReport, JournalError> {
    let file = fs.open_to_read(path).map_err(|e| io_error("opening", path, e))?;
    let mut window = Window::new(&*file).map_err(|e| io_error("reading", path, e))?;
    if let Err(e) = check_header(path, &mut window) {
        return Ok(VerifyReport { entries: 0, problems: vec![e.to_string()] });
    }
    let scan = scan(&mut window).map_err(|e| io_error("reading", path, e))?;
    let entries = scan.offsets.len() as u64;
    let tail_bytes = window.file_len - scan.end;
    let problems = match scan.stop {
        Stop::Clean => Vec::new(),
        Stop::Torn { reason } => vec![format!(
            "torn tail: {tail_bytes} bytes after entry {entries} at byte {} ({reason}); opening \
             cuts them and keeps them aside",
            scan.end
        )],
        Stop::Corrupt { offset, seq, reason } => vec![format!(
            "damaged at byte {offset} where entry {seq} should be ({reason}), with whole entries \
             after it; restore from a backup"
        )],
    };
    Ok(VerifyReport { entries, problems })
}

fn io_error(doing: &'static str, path: &Path, source: io::Error) -> JournalError {
    JournalError::Io { doing, path: path.to_owned(), source }
}

/// A file read in chunks: the bytes asked for, reading the next chunk when they are not held.
struct Window<'f> {
    file: &'f dyn FsFile,
    file_len: u64,
    /// Where `buf` starts in the file.
    start: u64,
    buf: Vec<u8>,
}

impl<'f> Window<'f> {
    fn new(file: &'f dyn FsFile) -> io::Result<Window<'f>> {
        Ok(Window { file, file_len: file.len_bytes()?, start: 0, buf: Vec::new() })
    }

    /// The `len` bytes at `at`, or `None` when the file ends before them.
    fn get(&mut self, at: u64, len: usize) -> io::Result<Option<&[u8]>> {
        let Some(end) = at.checked_add(len as u64).filter(|end| *end <= self.file_len) else {
            return Ok(None);
        };
        if at < self.start || end > self.start + self.buf.len() as u64 {
            let n = (len.max(SCAN_CHUNK_BYTES) as u64).min(self.file_len - at) as usize;
            self.buf.resize(n, 0);
            self.file.read_at(at, &mut self.buf)?;
            self.start = at;
        }
        let from = (at - self.start) as usize;
        Ok(Some(&self.buf[from..from + len]))
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Writes `<path>.partial` with `write`, syncs, renames it to `path`, syncs the directory.
fn write_durably(
    fs: &dyn Fs,
    path: &Path,
    write: impl FnOnce(&mut dyn FsFile) -> io::Result<()>,
) -> Result<(), JournalError> {
    let partial = with_suffix(path, ".partial");
    let mut file = fs.open(&partial, OpenMode::Replace).map_err(|e| io_error("creating", &partial, e))?;
    write(&mut *file).map_err(|e| io_error("writing", &partial, e))?;
    file.sync().map_err(|e| io_error("syncing", &partial, e))?;
    drop(file);
    fs.rename(&partial, path).map_err(|e| io_error("renaming to", path, e))?;
    fs.sync_dir(parent_dir(path)).map_err(|e| io_error("syncing the folder of", path, e))
}

/// Writes the cut bytes to the first free `<journal>.torn-<n>` and makes them durable.
fn keep_aside(fs: &dyn Fs, path: &Path, cut: &[u8]) -> Result<PathBuf, JournalError> {
    for n in 1..=10_000u32 {
        let aside = with_suffix(path, &format!(".torn-{n}"));
        let mut file = match fs.open(&aside, OpenMode::CreateNew) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error("creating", &aside, e)),
        };
        file.append(cut).map_err(|e| io_error("writing", &aside, e))?;
        file.sync().map_err(|e| io_error("syncing", &aside, e))?;
        fs.sync_dir(parent_dir(&aside)).map_err(|e| io_error("syncing the folder of", &aside, e))?;
        return Ok(aside);
    }
    Err(io_error("keeping a torn tail beside", path, io::Error::other("10000 torn tails are already kept there")))
}

fn check_header(path: &Path, window: &mut Window<'_>) -> Result<Format, JournalError> {
    let not_a_journal = |reason: &str| JournalError::NotAJournal { path: path.to_owned(), reason: reason.to_owned() };
    let Some(bytes) = window.get(0, HEADER_BYTES as usize).map_err(|e| io_error("reading", path, e))? else {
        return Err(not_a_journal("shorter than the header"));
    };
    if bytes[..8] != MAGIC {
        return Err(not_a_journal("wrong magic bytes"));
    }
    let found = read_u32(bytes, 8);
    Format::from_version(found).ok_or_else(|| JournalError::UnsupportedVersion { path: path.to_owned(), found })
}

fn crc(seq: u64, stored: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&seq.to_le_bytes());
    hasher.update(stored);
    hasher.finalize()
}

fn encode_entry(buf: &mut Vec<u8>, seq: u64, stored: &[u8]) {
    let len = u32::try_from(stored.len()).expect("stored length checked against the limit");
    buf.extend_from_slice(&len.to_le_bytes());
    buf.extend_from_slice(&crc(seq, stored).to_le_bytes());
    buf.extend_from_slice(&seq.to_le_bytes());
    buf.extend_from_slice(stored);
}

/// How many bytes `payload` takes in a journal of `format`, its entry header included.
pub fn stored_len(format: Format, payload: &[u8]) -> usize {
    let stored = match format {
        Format::Plain => payload.len(),
        Format::Zstd => {
            new_compressor().and_then(|mut c| c.compress(payload)).map(|c| c.len()).expect("zstd compresses in memory")
        }
    };
    ENTRY_HEADER_BYTES as usize + stored
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut le = [0; 4];
    le.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(le)
}

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut le = [0; 8];
    le.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(le)
}

/// Why the bytes at an offset are not the expected entry.
#[derive(Debug)]
enum Bad {
    /// The file ends inside it.
    Short,
    Length(u32),
    Checksum,
    Sequence(u64),
}

impl Bad {
    fn reason(&self) -> String {
        match self {
            Bad::Short => "the file ends inside the entry".to_owned(),
            Bad::Length(len) => format!("length {len} is over the limit"),
            Bad::Checksum => "checksum mismatch".to_owned(),
            Bad::Sequence(seq) => format!("sequence {seq} out of order"),
        }
    }
}

/// Decodes the entry at `offset` that should have sequence `seq`; returns where it ends.
fn decode_entry(bytes: &[u8], offset: usize, seq: u64) -> Result<usize, Bad> {
    let rest = &bytes[offset.min(bytes.len())..];
    if rest.len() < ENTRY_HEADER_BYTES as usize {
        return Err(Bad::Short);
    }
    let len = read_u32(rest, 0);
    if len > MAX_STORED_BYTES {
        return Err(Bad::Length(len));
    }
    let end = ENTRY_HEADER_BYTES as usize + len as usize;
    if rest.len() < end {
        return Err(Bad::Short);
    }
    let payload = &rest[ENTRY_HEADER_BYTES as usize..end];
    let found_seq = read_u64(rest, 8);
    if read_u32(rest, 4) != crc(found_seq, payload) {
        return Err(Bad::Checksum);
    }
    if found_seq != seq {
        return Err(Bad::Sequence(found_seq));
    }
    Ok(offset + end)
}

/// The result of reading a whole journal file (header already checked).
#[derive(Debug)]
struct Scan {
    offsets: Vec<u64>,
    /// The end of the last whole entry.
    end: u64,
    stop: Stop,
}

#[derive(Debug)]
enum Stop {
    Clean,
    /// Bad bytes with no whole entry after them: safe to cut.
    Torn {
        reason: String,
    },
    /// Bad bytes with a whole entry after them: damage, not a crash.
    Corrupt {
        offset: u64,
        seq: u64,
        reason: String,
    },
}

/// The header and every entry of `file`, in chunks; also the file's length.
fn read_and_scan(path: &Path, file: &dyn FsFile) -> Result<(Format, Scan, u64), JournalError> {
    let mut window = Window::new(file).map_err(|e| io_error("reading", path, e))?;
    let format = check_header(path, &mut window)?;
    let scan = scan(&mut window).map_err(|e| io_error("reading", path, e))?;
    Ok((format, scan, window.file_len))
}

/// Reads every entry from after the header, checking each, until the file ends or an entry is bad.
fn scan(window: &mut Window<'_>) -> io::Result<Scan> {
    let mut offsets = Vec::new();
    let mut offset = HEADER_BYTES;
    loop {
        if offset == window.file_len {
            return Ok(Scan { offsets, end: offset, stop: Stop::Clean });
        }
        let seq = offsets.len() as u64 + 1;
        match next_entry(window, offset, seq)? {
            Ok(end) => {
                offsets.push(offset);
                offset = end;
            }
            Err(bad) => {
                let mut rest = vec![0; (window.file_len - offset) as usize];
                window.file.read_at(offset, &mut rest)?;
                let stop = if whole_entry_after(&rest, 0, seq) {
                    Stop::Corrupt { offset, seq, reason: bad.reason() }
                } else {
                    Stop::Torn { reason: bad.reason() }
                };
                return Ok(Scan { offsets, end: offset, stop });
            }
        }
    }
}

/// [`decode_entry`] of the entry at `offset` of a file read through `window`.
fn next_entry(window: &mut Window<'_>, offset: u64, seq: u64) -> io::Result<Result<u64, Bad>> {
    let header = ENTRY_HEADER_BYTES as usize;
    let Some(head) = window.get(offset, header)? else {
        return Ok(Err(Bad::Short));
    };
    let len = read_u32(head, 0).min(MAX_STORED_BYTES + 1) as usize;
    let Some(entry) = window.get(offset, header + len)? else {
        // Too long for the file, or over the limit: decode says which.
        return Ok(Err(if len > MAX_STORED_BYTES as usize { Bad::Length(len as u32) } else { Bad::Short }));
    };
    Ok(decode_entry(entry, 0, seq).map(|end| offset + end as u64))
}

/// True if some whole, checksummed entry with a sequence of at least `seq` starts after
/// `bad_offset`. A crash only ever tears the end of the file, so such an entry means damage.
fn whole_entry_after(bytes: &[u8], bad_offset: usize, seq: u64) -> bool {
    let header = ENTRY_HEADER_BYTES as usize;
    // Each entry takes at least a header, which bounds the sequences that can follow.
    let max_seq = seq.saturating_add(((bytes.len() - bad_offset) / header) as u64);
    (bad_offset + 1..bytes.len().saturating_sub(header - 1)).any(|at| {
        let len = read_u32(bytes, at);
        let found_seq = read_u64(bytes, at + 8);
        len <= MAX_STORED_BYTES
            && bytes.len() - at - header >= len as usize
            && (seq..=max_seq).contains(&found_seq)
            && read_u32(bytes, at + 4) == crc(found_seq, &bytes[at + header..at + header + len as usize])
    })
}

#[cfg(test)]
mod tests;
