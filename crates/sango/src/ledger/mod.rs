//! The ledger: the journal (the record) and the sled working state folded from it.
//!
//! Only this module knows sled and the journal file. Nothing above it writes except through
//! [`store::Store::write`], the one writer.

pub mod event;
pub mod journal;
pub mod journal_fs;
pub(crate) mod compact_time;
pub mod records;
pub mod seen;
pub mod settings;
pub mod state;
pub mod store;

pub use event::{Entry, Event};
pub use records::*;
pub use settings::{Capacity, Install, Mode, Settings, Staff};
pub use state::State;
pub use store::{Store, StoreError, StoreNotice};
