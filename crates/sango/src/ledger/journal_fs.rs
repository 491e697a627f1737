//! The few file operations the journal needs, behind a trait so that tests can make them fail.
//!
//! [`RealFs`] is the real thing; [`FaultyFs`] wraps it and fails on demand ("the k-th write or
//! sync fails", "the disk is full after N bytes", "truncation fails"), so tests can prove that
//! a failed write never costs an acknowledged entry. Keep this small: it is not a VFS.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// How [`Fs::open`] treats an existing file. Every mode opens for reading and writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist.
    Existing,
    /// The file must not exist (`AlreadyExists` otherwise).
    CreateNew,
    /// Create the file, or empty it if it exists (temporary files only).
    Replace,
}

/// A file system: opening files, renaming them, and making a directory's entries durable.
pub trait Fs: fmt::Debug + Send + Sync {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Box<dyn FsFile>>;
    /// Opens an existing file for reading only (a backup's or `journal cat`'s own handle).
    fn open_to_read(&self, path: &Path) -> io::Result<Box<dyn FsFile>>;
    /// Replaces `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Makes created, renamed or removed names in `dir` durable (a no-op where unsupported).
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
}

/// An open file. Writes only ever go to its end.
pub trait FsFile: fmt::Debug + Send + Sync {
    fn len_bytes(&self) -> io::Result<u64>;
    /// Fills `buf` from `offset`; `UnexpectedEof` if the file is shorter.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Writes all of `bytes` at the current end of the file (may write a prefix, then fail).
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// `sync_data`: the bytes written so far (and the length) are on disk when it returns `Ok`.
    fn sync(&mut self) -> io::Result<()>;
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

/// The operating system's file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

#[derive(Debug)]
struct RealFile(File);

impl Fs for RealFs {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Box<dyn FsFile>> {
        let mut options = OpenOptions::new();
        // Not `append(true)`: on Windows an append-only handle cannot be truncated.
        options.read(true).write(true);
        // A new journal, torn tail or temporary file is its owner's alone (super::modes).
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, super::modes::FILE_MODE);
        match mode {
            OpenMode::Existing => {}
            OpenMode::CreateNew => {
                options.create_new(true);
            }
            OpenMode::Replace => {
                options.create(true).truncate(true);
            }
        }
        Ok(Box::new(RealFile(options.open(path)?)))
    }

    fn open_to_read(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        Ok(Box::new(RealFile(File::open(path)?)))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    #[cfg(unix)]
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }

    #[cfg(not(unix))]
    fn sync_dir(&self, _dir: &Path) -> io::Result<()> {
        // Windows cannot open a directory for flushing; NTFS journals its metadata itself.
        Ok(())
    }
}

impl FsFile for RealFile {
    fn len_bytes(&self) -> io::Result<u64> {
        Ok(self.0.metadata()?.len())
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut file = &self.0;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }

    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.seek(SeekFrom::End(0))?;
        self.0.write_all(bytes)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.0.sync_data()
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
}

/// For tests: the real file system with failures injected on demand.
///
/// Clones share one set of faults, so a test keeps a clone to arm faults while the journal owns
/// another. Writes and syncs (of files and directories) are the counted operations.
#[derive(Debug, Clone, Default)]
pub struct FaultyFs {
    faults: Arc<Mutex<Faults>>,
}

#[derive(Debug, Default)]
struct Faults {
    ops_count: u64,
    fail_at_op: Option<u64>,
    bytes_left: Option<u64>,
    truncate_fails: bool,
}

impl FaultyFs {
    pub fn new() -> FaultyFs {
        FaultyFs::default()
    }

    /// The `k`-th write or sync from now (1-based) fails; a failing write first writes half its bytes.
    pub fn fail_op(&self, k: u64) {
        let mut faults = self.faults();
        faults.ops_count = 0;
        faults.fail_at_op = Some(k);
    }

    /// Writes succeed for `bytes` more bytes, then the disk is full (a write may stop midway).
    pub fn disk_full_after(&self, bytes: u64) {
        self.faults().bytes_left = Some(bytes);
    }

    /// Every truncation fails, so a failed append cannot be undone.
    pub fn fail_truncates(&self, fails: bool) {
        self.faults().truncate_fails = fails;
    }

    /// No more faults.
    pub fn heal(&self) {
        *self.faults() = Faults::default();
    }

    /// Writes and syncs counted since the last [`FaultyFs::fail_op`] (or since creation).
    pub fn ops_count(&self) -> u64 {
        self.faults().ops_count
    }

    fn faults(&self) -> MutexGuard<'_, Faults> {
        // A panicking test thread must not turn every later call into a panic.
        self.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one operation; true if it is the one that must fail.
    fn op_fails(&self) -> bool {
        let mut faults = self.faults();
        faults.ops_count += 1;
        faults.fail_at_op == Some(faults.ops_count)
    }
}

fn injected(what: &str) -> io::Error {
    io::Error::other(format!("injected fault: {what}"))
}

impl Fs for FaultyFs {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Box<dyn FsFile>> {
        let inner = RealFs.open(path, mode)?;
        Ok(Box::new(FaultyFile { inner, fs: self.clone() }))
    }

    fn open_to_read(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        let inner = RealFs.open_to_read(path)?;
        Ok(Box::new(FaultyFile { inner, fs: self.clone() }))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        if self.op_fails() {
            return Err(injected("directory sync failed"));
        }
        RealFs.sync_dir(dir)
    }
}

#[derive(Debug)]
struct FaultyFile {
    inner: Box<dyn FsFile>,
    fs: FaultyFs,
}

impl FsFile for FaultyFile {
    fn len_bytes(&self) -> io::Result<u64> {
        self.inner.len_bytes()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.inner.read_at(offset, buf)
    }

    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.fs.op_fails() {
            self.inner.append(&bytes[..bytes.len() / 2])?;
            return Err(injected("write failed"));
        }
        let room = {
            let mut faults = self.fs.faults();
            match faults.bytes_left {
                None => None,
                Some(left) => {
                    let room = left.min(bytes.len() as u64);
                    faults.bytes_left = Some(left - room);
                    Some(room as usize)
                }
            }
        };
        match room {
            Some(room) if room < bytes.len() => {
                self.inner.append(&bytes[..room])?;
                Err(io::Error::new(io::ErrorKind::StorageFull, "injected fault: disk full"))
            }
            _ => self.inner.append(bytes),
        }
    }

    fn sync(&mut self) -> io::Result<()> {
        if self.fs.op_fails() {
            return Err(injected("sync failed"));
        }
        self.inner.sync()
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        if self.fs.faults().truncate_fails {
            return Err(injected("truncate failed"));
        }
        self.inner.truncate(len)
    }
}
