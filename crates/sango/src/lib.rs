//! Sango (産後ケア台帳): the whole knowledge of the postpartum care program — its rules, the
//! facility ledger, sync with the ward and the ward's reports — as one library.
//!
//! Invariants, each checkable with `grep` or `cargo tree`:
//! - this crate knows nothing of Tauri, windows or terminals: the doors (`src-tauri`, `sango-cli`)
//!   call [`app`] and only translate;
//! - the core never reads the clock or the random source on its own: `now` and ids are passed in;
//! - only `ledger` knows sled and the journal file;
//! - nothing about a mother is logged.

pub mod problems;
pub mod types;

pub mod calendar;
pub mod directory;
pub mod money;
pub mod program;
pub mod rules;

pub mod app;
pub mod ledger;
pub mod report;
pub mod sync;
