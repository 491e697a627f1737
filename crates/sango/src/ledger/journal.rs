//! STAND-IN until the journal branch lands: same API, minimal implementation.
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("journal corrupt at byte {0}")]
    Corrupt(u64),
}

#[derive(Debug, Default, Clone)]
pub struct OpenReport {
    pub torn_bytes: u64,
    pub torn_kept_at: Option<PathBuf>,
}

pub struct Journal {
    file: File,
    last_seq: u64,
    path: PathBuf,
}

impl Journal {
    pub fn create_new(path: &Path) -> Result<Journal, JournalError> {
        let file = OpenOptions::new().create_new(true).read(true).append(true).open(path)?;
        Ok(Journal { file, last_seq: 0, path: path.to_path_buf() })
    }

    pub fn open(path: &Path) -> Result<(Journal, OpenReport), JournalError> {
        let entries = read_all(path)?;
        let file = OpenOptions::new().read(true).append(true).open(path)?;
        Ok((Journal { file, last_seq: entries.len() as u64, path: path.to_path_buf() }, OpenReport::default()))
    }

    pub fn append(&mut self, payload: &[u8]) -> Result<u64, JournalError> {
        self.append_batch(&[payload])
    }

    pub fn append_batch(&mut self, payloads: &[&[u8]]) -> Result<u64, JournalError> {
        let mut buf = Vec::new();
        for (i, p) in payloads.iter().enumerate() {
            let seq = self.last_seq + 1 + i as u64;
            buf.extend_from_slice(&(p.len() as u32).to_le_bytes());
            buf.extend_from_slice(&seq.to_le_bytes());
            buf.extend_from_slice(p);
        }
        self.file.write_all(&buf)?;
        self.file.sync_data()?;
        self.last_seq += payloads.len() as u64;
        Ok(self.last_seq)
    }

    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    pub fn read_from(&self, from_seq: u64) -> Result<Vec<(u64, Vec<u8>)>, JournalError> {
        Ok(read_all(&self.path)?.into_iter().filter(|(s, _)| *s >= from_seq).collect())
    }
}

fn read_all(path: &Path) -> Result<Vec<(u64, Vec<u8>)>, JournalError> {
    let mut bytes = Vec::new();
    File::open(path)?.read_to_end(&mut bytes)?;
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 12 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let seq = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap());
        if at + 12 + len > bytes.len() {
            break;
        }
        out.push((seq, bytes[at + 12..at + 12 + len].to_vec()));
        at += 12 + len;
    }
    Ok(out)
}
