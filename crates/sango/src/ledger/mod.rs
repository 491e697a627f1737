//! The ledger: the journal (the record) and the sled working state folded from it.
//!
//! Only this module knows sled and the journal file. Nothing above it writes except through
//! [`store::Store::write`], the one writer.

pub(crate) mod compact_time;
pub mod event;
mod event_read;
pub mod journal;
pub mod journal_fs;
pub mod modes;
pub mod records;
pub mod seen;
pub mod settings;
pub mod state;
pub mod store;

pub use event::{Entry, Event};

/// `work` over the two halves of `items`, the second on another thread (an import's megabytes: the
/// machines have two cores); below `min` items, over all of them here, with an empty second half.
pub(crate) fn in_halves<T: Sync, R: Send>(items: &[T], min: usize, work: impl Fn(&[T]) -> R + Sync) -> (R, R) {
    let (first, second) = if items.len() < min { (items, &items[..0]) } else { items.split_at(items.len() / 2) };
    if second.is_empty() {
        return (work(first), work(second));
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| work(second));
        let mine = work(first);
        (mine, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}
pub use records::*;
pub use settings::{Capacity, Install, Mode, Settings, IDLE_LOCK_MINUTES_DEFAULT};
pub use state::State;
pub use store::{ClosedStore, Store, StoreError, StoreNotice};
