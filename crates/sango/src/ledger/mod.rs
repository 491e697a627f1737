//! (to be written)

pub mod journal;
pub mod journal_fs;
