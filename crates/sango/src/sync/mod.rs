//! Sync with the ward: who an install is, and the sealed files installs exchange.
//!
//! This layer knows nothing of the ledger: payloads are opaque bytes the ledger fills in and reads
//! back. What it guarantees is that nothing reaches the ledger unless it was signed by a trusted key,
//! addressed to this install, and arrived whole.
//!
//! - [`identity`]: an install's keys (ed25519 to sign, age X25519 to open) and the public cards;
//! - [`bundle`]: the export (facility → ward) and roster (ward → facility) files;
//! - [`notice`]: the ward-signed code printed on the approval notice (利用承認通知書);
//! - [`recovery`]: the recovery key every backup is encrypted to (its secret shown once, at `init`).

pub mod bundle;
pub mod identity;
pub mod notice;
pub mod recovery;

pub use identity::{FacilityCard, Identity, IdentityError, KeyId, Role, WardCard};
pub use recovery::RecoveryKey;

pub use bundle::{
    export_sender, open_bundle, open_sealed, seal_export, seal_roster, seal_to, BundleError, BundleKind, OpenedBundle,
    Trust,
};
pub use notice::{decode_notice, encode_notice, FeeBand, NoticeData, NoticeError};
