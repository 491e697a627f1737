//! Sync with the ward: a facility exports its new entries (signed, encrypted to the ward); the
//! ward imports them, then sends back a roster (signed, encrypted to every facility it knows).
//!
//! Importing is idempotent at both ends: the ward skips entries whose `(origin, epoch, seq)` it
//! has seen; a facility ignores a roster no newer than the last one it imported.
//!
//! Nothing is lost silently: the roster says how far the ward has received each facility's
//! journal, and a facility's export re-sends everything past that, so a bundle lost on the way
//! is sent again; after a restore the journal's new epoch keeps reused sequence numbers apart.

use super::ErrorCode;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::views::{
    BirthProposalView, BirthView, ExportResult, FacilityApprovalView, FacilityReports, ImportResult, SyncStatus,
};
use super::{files, App, AppError, ErrorKind};
use crate::ledger::event::{RosterApproval, RosterMother};
use crate::ledger::seen::SeenRuns;
use crate::ledger::state::Acknowledged;
use crate::ledger::{in_halves, Actor, ApprovalSource, Entry, Event, Mode, ReferralReply, RosterUse};
use crate::rules::roles::UseCase;
use crate::sync::{open_bundle, open_sealed, seal_export, seal_roster, seal_to, BundleError, BundleKind, Trust};
use crate::types::{Epoch, FacilityId};

/// Entries (or roster lines) per journal entry when an import is written: well under the journal's
/// entry limit whatever the bundle's size.
const IMPORT_PART: usize = 2_000;

/// What a facility's export carries inside its envelope (read back as `ExportPayloadRead`).
#[derive(Debug, Serialize)]
struct ExportPayload<'a> {
    entries: &'a [Entry],
}

/// An export's payload: each entry as serde writes it, its event's `type` first (which the ward's
/// reader counts on to read it fast, `ledger::event_read`). Public for the benchmarks' generator
/// (crates/sango-gen), which seals facilities' exports without a facility install.
pub fn export_payload(entries: &[Entry]) -> Vec<u8> {
    serde_json::to_vec(&ExportPayload { entries }).expect("entries serialize")
}

/// An export's payload as it is read at the ward: each entry left unparsed, so that the entries can be
/// parsed on two threads (`parse_entries`; parsing is a sixth of a 100,000-use import).
#[derive(Deserialize)]
struct ExportPayloadRead<'a> {
    #[serde(borrow)]
    entries: Vec<&'a serde_json::value::RawValue>,
}

fn bad_payload(e: serde_json::Error) -> AppError {
    AppError::new(ErrorCode::BadPayload, "連携ファイルの中身が読めません。", e.to_string())
}

/// The entries of an export's payload, in order.
fn parse_entries(payload: &[u8]) -> Result<Vec<Entry>, AppError> {
    let read: ExportPayloadRead = serde_json::from_slice(payload).map_err(bad_payload)?;
    let (first, second) = in_halves(&read.entries, 1024, |half| {
        half.iter().map(|raw| serde_json::from_str::<Entry>(raw.get())).collect::<Result<Vec<_>, _>>()
    });
    let mut entries = first.map_err(bad_payload)?;
    entries.extend(second.map_err(bad_payload)?);
    Ok(entries)
}

/// An entry as the ward receives it: a day's record without its free text and vitals, a
/// screening without its item scores (issue 18). Everything else as written.
fn for_ward(mut e: Entry) -> Entry {
    e.event = match e.event {
        Event::CareLogged { entry } => Event::CareLogged { entry: entry.for_ward() },
        Event::ScreeningRecorded { screening } => Event::ScreeningRecorded { screening: screening.for_ward() },
        other => other,
    };
    e
}

/// The ward's answers to one facility's referrals, sealed to that facility's key alone: the
/// roster goes to every facility, its replies each to their own.
#[derive(Debug, Serialize, Deserialize)]
struct SealedReplies {
    facility: FacilityId,
    /// hex of an age file holding `Vec<ReferralReply>` as JSON.
    sealed: String,
}

/// What the ward's roster carries inside its envelope.
#[derive(Debug, Serialize, Deserialize)]
struct RosterPayload {
    mothers: Vec<RosterMother>,
    uses: Vec<RosterUse>,
    /// How far the ward has received each facility's journal.
    #[serde(default)]
    acknowledged: Vec<Acknowledged>,
    #[serde(default)]
    replies: Vec<SealedReplies>,
    /// The program the ward applies (TOML) and its facility directory (JSON): a facility takes
    /// them from the ward's signed roster and from no one else. Absent in older rosters.
    #[serde(default)]
    program_toml: Option<String>,
    #[serde(default)]
    directory_json: Option<String>,
}

/// Every entry of an export must be the sender's own (`origin`) and within the sequence range its
/// signed manifest declares: anything else means the payload is not what the facility's journal
/// said it sent, and the whole bundle is refused (nothing changed).
fn check_entries_declared(
    entries: &[Entry],
    facility: &FacilityId,
    first_seq: u64,
    last_seq: u64,
) -> Result<(), AppError> {
    if entries.iter().any(|e| e.origin != facility.as_str()) {
        return Err(AppError::new(
            ErrorCode::EntryNotSenders,
            "この連携ファイルには、送り主の施設以外が記録した項目が含まれているため、取り込めません。何も変更していません。",
            format!("The bundle from {facility} carries entries recorded elsewhere; nothing was changed."),
        ));
    }
    if let Some(e) = entries.iter().find(|e| e.seq < first_seq || e.seq > last_seq) {
        return Err(AppError::new(
            ErrorCode::EntryOutsideManifest,
            "この連携ファイルの中身が、署名された範囲と一致しないため、取り込めません。何も変更していません。",
            format!("Entry {} lies outside the range {first_seq}..={last_seq} the bundle's signed manifest declares; nothing was changed.", e.seq),
        ));
    }
    Ok(())
}

pub(crate) fn bundle_error(e: BundleError) -> AppError {
    bundle_error_named(e, |f| f.to_string())
}

/// [`bundle_error`], naming a facility as the clerk knows it (`name`: its directory name).
pub(crate) fn bundle_error_named(e: BundleError, name: impl Fn(&FacilityId) -> String) -> AppError {
    let kind = e.code().kind();
    let ja = match &e {
        BundleError::Unregistered(f, key) => format!("「{}」はまだ区に登録されていない施設のため、取り込めません。何も変更していません。施設の鍵の指紋({key})を電話で読み合わせてから、連携の画面で登録してください。", name(f)),
        BundleError::Revoked(f, key) => format!("「{}」のこの鍵({key})は取り消し済みのため、取り込めません。何も変更していません。", name(f)),
        _ => match kind {
            ErrorKind::BadInput => "このファイルは Sango の連携ファイルではありません。".into(),
            ErrorKind::Integrity => "この連携ファイルは改ざん・破損しているか、宛先や送り主が違うため、取り込めません。何も変更していません。".into(),
            _ => "連携ファイルを作れませんでした。".into(),
        },
    };
    AppError::new(e.code(), ja, e.to_string())
}

impl App {
    /// Writes every entry the ward has not acknowledged to `out`, for the ward (facility): a
    /// bundle that never arrived is sent again with the next one.
    pub fn export(&self, now: DateTime<FixedOffset>, actor: &Actor, out: &Path) -> Result<ExportResult, AppError> {
        self.require(actor, UseCase::SyncExport)?;
        self.require_mode(Mode::Facility)?;
        let ward = self.ward_card()?;
        let from = self.unacknowledged_from()?;
        let entries = self.store.entries_from(from)?;
        let last = entries.last().map(|e| e.seq).unwrap_or(from - 1);
        // The ward's own roster need not travel back to it; staff accounts and the audit stay here;
        // of the care record the ward receives only what is its business (`for_ward`).
        let entries: Vec<Entry> = entries.into_iter().filter(|e| !e.event.stays_local()).map(for_ward).collect();
        let payload = export_payload(&entries);
        let bytes = seal_export(&payload, from, last, now, &self.identity, &ward).map_err(bundle_error)?;
        // The file first, then the record of it: a crash in between only exports the same entries
        // again, which the ward's import skips.
        files::write_atomic(out, &bytes)?;
        self.write(now, actor, |_, _| Ok((Event::Exported { through_seq: last }, ())))?;
        Ok(ExportResult { path: out.display().to_string(), events: entries.len() as u64, from_seq: Some(from) })
    }

    /// The first entry of this facility's journal the ward has not acknowledged: in each epoch,
    /// past what the latest roster says the ward received of it.
    fn unacknowledged_from(&self) -> Result<u64, AppError> {
        let state = self.store.state();
        let own = self.facility()?.id.clone();
        let roster = state.roster()?;
        let acked = |epoch: Option<Epoch>| roster.as_ref().map_or(0, |r| r.acknowledged_through(&own, epoch));
        let epochs = state.epochs()?;
        let last = self.store.last_seq();
        for (i, e) in epochs.iter().enumerate() {
            let end = epochs.get(i + 1).map_or(last, |next| next.first_seq - 1);
            let start = e.first_seq.max(acked(e.epoch) + 1);
            if start <= end {
                return Ok(start);
            }
        }
        Ok(last + 1)
    }

    /// Writes the roster for registered facilities: ward-confirmed approvals (what a desk needs of
    /// them), births, every use, and how far the ward has received each facility (ward).
    pub fn roster(&self, now: DateTime<FixedOffset>, actor: &Actor, out: &Path) -> Result<ExportResult, AppError> {
        self.require(actor, UseCase::Roster)?;
        self.require_mode(Mode::Ward)?;
        let state = self.store.state();
        let mut mothers = Vec::new();
        for m in state.mothers() {
            let m = m?;
            if m.approval.source != ApprovalSource::Desk {
                mothers
                    .push(RosterMother { approval: RosterApproval::of(&m.approval, &self.program()), birth: m.birth });
            }
        }
        let mut uses = Vec::new();
        for b in state.bookings() {
            let b = b?;
            if b.status.counts() {
                uses.push(RosterUse {
                    booking: b.id,
                    facility: b.facility,
                    card: b.card,
                    service: b.service,
                    first_day: b.first_day,
                    units: b.units,
                    status: b.status,
                });
            }
        }
        let count = (mothers.len() + uses.len()) as u64;
        let Trust::Ward { registered, .. } = self.ward_trust()? else { unreachable!("the ward's trust") };
        let mut by_facility: BTreeMap<FacilityId, Vec<ReferralReply>> = BTreeMap::new();
        for r in state.referral_replies()? {
            by_facility.entry(r.referral.facility().clone()).or_default().push(r);
        }
        let mut replies = Vec::new();
        for card in registered.values() {
            if let Some(these) = by_facility.remove(card.facility()) {
                let sealed =
                    seal_to(&serde_json::to_vec(&these).expect("replies serialize"), card).map_err(bundle_error)?;
                replies.push(SealedReplies { facility: card.facility().clone(), sealed: hex::encode(sealed) });
            }
        }
        let (program_toml, directory_json) = self.in_force_texts();
        let payload = RosterPayload {
            mothers,
            uses,
            acknowledged: state.acknowledged()?,
            replies,
            program_toml: Some(program_toml.to_string()),
            directory_json: Some(directory_json.to_string()),
        };
        let payload = serde_json::to_vec(&payload).expect("roster serializes");
        // The ward's journal only grows: its length orders its rosters.
        let generation = self.store.last_seq();
        let bytes =
            seal_roster(&payload, generation, now, &self.identity, registered.values()).map_err(bundle_error)?;
        files::write_atomic(out, &bytes)?;
        self.opened(now, actor, crate::ledger::event::OpenedWhat::Roster, None)?;
        Ok(ExportResult { path: out.display().to_string(), events: count, from_seq: None })
    }

    /// Imports a bundle: a facility's export at the ward, the ward's roster at a facility.
    /// Verified whole before anything is written; the same file twice changes nothing.
    pub fn import(&self, now: DateTime<FixedOffset>, actor: &Actor, file: &Path) -> Result<ImportResult, AppError> {
        self.require(actor, UseCase::SyncImport)?;
        let bytes = files::read(file, "連携ファイル")?;
        match self.mode()? {
            Mode::Ward => self.import_export(now, actor, &bytes),
            Mode::Facility => self.import_roster(now, actor, &bytes),
        }
    }

    fn import_export(&self, now: DateTime<FixedOffset>, actor: &Actor, bytes: &[u8]) -> Result<ImportResult, AppError> {
        let opened = open_bundle(bytes, &self.identity, &self.ward_trust()?)
            .map_err(|e| bundle_error_named(e, |f| self.facility_name(f)))?;
        let BundleKind::Export { facility, first_seq, last_seq } = &opened.kind else {
            return Err(bundle_error(BundleError::UnexpectedKind("roster")));
        };
        let entries = parse_entries(&opened.payload)?;
        check_entries_declared(&entries, facility, *first_seq, *last_seq)?;
        let card = opened.card.as_ref().map(|c| c.to_json()).unwrap_or_default();
        self.store.write_batch(now, actor, |state| {
            let mut seen: BTreeMap<Option<Epoch>, SeenRuns> = BTreeMap::new();
            for epoch in entries.iter().map(|e| e.epoch).collect::<std::collections::BTreeSet<_>>() {
                seen.insert(epoch, state.seen_of(facility.as_str(), epoch)?);
            }
            let total = entries.len() as u64;
            let fresh: Vec<Entry> = entries.into_iter().filter(|e| !seen[&e.epoch].contains(e.seq)).collect();
            // Journaled with the rest (the ward's record of what it received, and seen), never folded.
            let refused = fresh.iter().filter(|e| e.event.foreign_to(facility)).count() as u64;
            let result = ImportResult {
                imported: fresh.len() as u64 - refused,
                skipped: total - fresh.len() as u64,
                refused,
                kind: "export".into(),
                stale: false,
            };
            // Parts small enough for a journal entry each, written with one sync.
            let mut parts: Vec<Event> = Vec::new();
            let mut rest = fresh.into_iter().peekable();
            while rest.peek().is_some() {
                parts.push(Event::BundleImported {
                    facility: facility.clone(),
                    card: card.clone(),
                    entries: rest.by_ref().take(IMPORT_PART).collect(),
                });
            }
            // When it was exported, for closing a month (even an export with nothing new says so).
            if state.last_export(facility)?.is_none_or(|last| last < opened.created_at) {
                parts.push(Event::ExportReceived { facility: facility.clone(), created_at: opened.created_at });
            }
            Ok::<_, AppError>((parts, result))
        })
    }

    fn import_roster(&self, now: DateTime<FixedOffset>, actor: &Actor, bytes: &[u8]) -> Result<ImportResult, AppError> {
        let opened =
            open_bundle(bytes, &self.identity, &Trust::Facility { ward: self.ward_card()? }).map_err(bundle_error)?;
        let BundleKind::Roster { generation } = opened.kind else {
            return Err(bundle_error(BundleError::UnexpectedKind("export")));
        };
        let payload: RosterPayload = serde_json::from_slice(&opened.payload).map_err(bad_payload)?;
        let size = (payload.mothers.len() + payload.uses.len()) as u64;
        if let Some(last) = self.store.state().roster()?.filter(|r| r.generation >= generation) {
            // Already have it, or a newer one: an older roster must never roll usage back.
            return Ok(ImportResult {
                imported: 0,
                skipped: size,
                refused: 0,
                kind: "roster".into(),
                stale: last.generation > generation,
            });
        }
        // The replies sealed to this facility (none other opens for it); one that does not open
        // is a damaged roster.
        let own = self.facility()?.id.clone();
        let mut replies: Vec<ReferralReply> = Vec::new();
        for sealed in payload.replies.iter().filter(|r| r.facility == own) {
            let bytes = hex::decode(&sealed.sealed).map_err(|_| bundle_error(BundleError::Damaged))?;
            let plain = open_sealed(&bytes, &self.identity).map_err(bundle_error)?;
            let these: Vec<ReferralReply> = serde_json::from_slice(&plain).map_err(bad_payload)?;
            replies.extend(these.into_iter().filter(|r| r.referral.facility() == &own));
        }
        // The ward's program and directory, when they changed: checked before anything is written.
        let (program_now, directory_now) = self.in_force_texts();
        let mut in_force = Vec::new();
        if let Some(text) = payload.program_toml.filter(|t| **t != *program_now) {
            super::parse_program(&text)?;
            in_force.push(Event::ProgramSet { program_toml: text });
        }
        if let Some(text) = payload.directory_json.filter(|t| **t != *directory_now) {
            super::parse_directory(&text)?;
            in_force.push(Event::DirectorySet { directory_json: text });
        }
        let (mothers, uses, mut acknowledged) = (payload.mothers, payload.uses, payload.acknowledged);
        let parts = mothers.len().div_ceil(IMPORT_PART).max(uses.len().div_ceil(IMPORT_PART)).max(1);
        let events = (0..parts)
            .map(|i| {
                let slice = |n: usize| (i * IMPORT_PART).min(n)..((i + 1) * IMPORT_PART).min(n);
                Event::RosterImported {
                    generation,
                    created_at: opened.created_at,
                    mothers: mothers[slice(mothers.len())].to_vec(),
                    uses: uses[slice(uses.len())].to_vec(),
                    continues: i > 0,
                    acknowledged: std::mem::take(&mut acknowledged),
                    replies: std::mem::take(&mut replies),
                }
            })
            .chain(in_force)
            .collect();
        let result = self.store.write_batch(now, actor, |_| {
            Ok::<_, AppError>((
                events,
                ImportResult { imported: size, skipped: 0, refused: 0, kind: "roster".into(), stale: false },
            ))
        })?;
        self.refresh_in_force()?;
        Ok(result)
    }

    /// Ward: the approvals and births facilities reported that the ward's own records do not say.
    /// The ward accepts a birth by recording it itself (`birth`); an approval, by approving her.
    pub fn facility_reports(&self, actor: &Actor) -> Result<FacilityReports, AppError> {
        self.require(actor, UseCase::Claims)?;
        self.require_mode(Mode::Ward)?;
        let state = self.store.state();
        let directory = self.directory();
        let name = |id: &str| {
            id.parse()
                .ok()
                .and_then(|f| directory.get(&f))
                .map(|f| f.short_name.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let mut approvals = Vec::new();
        for (facility, a) in state.facility_approvals()? {
            if state.mother(&a.card)?.is_none() {
                approvals.push(FacilityApprovalView {
                    facility_name: name(&facility),
                    facility,
                    card: a.card.to_string(),
                    approval_no: a.approval_no.to_string(),
                    mother: a.mother.as_str().to_string(),
                    services: a.services,
                    household: a.household,
                });
            }
        }
        let mut births = Vec::new();
        for p in state.birth_proposals()? {
            let ward = state.mother(&p.card)?;
            let ward_birth = ward.as_ref().and_then(|m| m.birth);
            if ward_birth != Some(p.birth) {
                births.push(BirthProposalView {
                    facility_name: name(p.facility.as_str()),
                    facility: p.facility.to_string(),
                    card: p.card.to_string(),
                    mother: ward.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default(),
                    date: p.birth.date,
                    babies: p.birth.babies,
                    ward_birth: ward_birth.map(|b| BirthView { date: b.date, babies: b.babies }),
                });
            }
        }
        Ok(FacilityReports { approvals, births })
    }

    /// What is sent and received (counts and dates, no mother's data): any signed-in role.
    pub fn sync_status(&self, actor: &Actor) -> Result<SyncStatus, AppError> {
        self.require(actor, UseCase::Status)?;
        let state = self.store.state();
        let exported = state.exported_through()?;
        let roster = state.roster()?;
        let mode = self.mode()?;
        let facilities = match mode {
            Mode::Ward => {
                state.registrations()?.into_iter().filter(|r| r.is_current()).map(|r| r.facility.to_string()).collect()
            }
            Mode::Facility => vec![],
        };
        let acknowledged_through = match (mode, &roster) {
            (Mode::Facility, Some(r)) => {
                let own = self.facility()?.id.clone();
                let epoch = state.epoch()?;
                Some(r.acknowledged_through(&own, epoch))
            }
            _ => None,
        };
        Ok(SyncStatus {
            pending_events: self.store.last_seq().saturating_sub(exported),
            exported_through: exported,
            roster_generation: roster.as_ref().map(|r| r.generation),
            roster_as_of: roster.map(|r| r.created_at),
            facilities,
            acknowledged_through,
            key_id: self.identity.key_id().to_string(),
            ward_key_id: self.ward_card().ok().map(|w| w.key_id().to_string()),
        })
    }
}
