//! Which facilities the ward trusts: each registered by the ward's own act, from the card the
//! facility handed over (`sango card`), its fingerprint read back over the phone. A card or an
//! export alone registers nothing — the ward card is public, so anyone can make a "facility" — and
//! a registered key can be revoked (a stolen PC), after which the facility is re-keyed by
//! registering its new card. Every step is a journal entry.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::sync::bundle_error;
use super::{files, App, AppError, ErrorCode};
use crate::ledger::state::Registration;
use crate::ledger::{Actor, Event, Mode};
use crate::rules::roles::UseCase;
use crate::sync::{export_sender, FacilityCard, KeyId, Trust};
use crate::types::FacilityId;

/// What `card --out` wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CardView {
    pub key_id: String,
    pub out: String,
}

/// One key a facility was registered with, as `facility list` and 連携 show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FacilityKeyView {
    pub facility: String,
    pub name: String,
    pub key_id: String,
    pub registered_at: DateTime<FixedOffset>,
    pub revoked: bool,
    pub revoked_at: Option<DateTime<FixedOffset>>,
    /// The last entry of the facility's journal the ward has received (its current epoch); 0: none.
    #[ts(type = "number")]
    pub acknowledged_through: u64,
}

/// A facility's card as the ward is about to register it: what to read back over the phone.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FacilitySender {
    pub facility: String,
    pub name: String,
    pub key_id: String,
    /// Whether this very key is registered already.
    pub registered: bool,
}

fn refused(code: ErrorCode, ja: String, en: String) -> AppError {
    AppError::new(code, ja, en)
}

impl App {
    /// This install's public card (a facility's for the ward to register; the ward's own card,
    /// the one facilities install): written to `out`, its fingerprint returned.
    pub fn card_export(&self, actor: &Actor, out: &Path) -> Result<CardView, AppError> {
        self.require(actor, UseCase::Facilities)?;
        let json = match self.mode()? {
            Mode::Facility => self.identity.facility_card().map_err(super::setup::identity_error)?.to_json(),
            Mode::Ward => self.ward_card_json()?,
        };
        files::write_atomic(out, json.as_bytes())?;
        Ok(CardView { key_id: self.identity.key_id().to_string(), out: out.display().to_string() })
    }

    /// Ward: registers a facility from its card (JSON). Only ids in the directory; one key per
    /// facility at a time (re-keying revokes the old key first); a revoked key never comes back;
    /// the same card again changes nothing.
    pub fn facility_add(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card_json: &str,
    ) -> Result<FacilityKeyView, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.require_mode(Mode::Ward)?;
        let card = FacilityCard::from_json(card_json).map_err(|e| {
            let code = if matches!(e, crate::sync::IdentityError::CardAltered) {
                ErrorCode::CardAltered
            } else {
                ErrorCode::BadCard
            };
            AppError { message_en: format!("The facility card does not parse: {e}"), ..AppError::of(code) }
        })?;
        let facility = card.facility().clone();
        if self.directory().get(&facility).is_none() {
            return Err(AppError::new(
                ErrorCode::NotInDirectory,
                format!("施設「{facility}」は施設一覧にありません。登録できるのは一覧にある施設だけです。"),
                format!("Facility {facility} is not in the directory."),
            ));
        }
        let key_id = card.key_id().to_string();
        self.store.write_batch(now, actor, |state| {
            let regs = state.registrations()?;
            if let Some(r) = regs.iter().find(|r| r.key_id == key_id) {
                if !r.is_current() {
                    return Err(refused(ErrorCode::KeyRevoked, format!("この鍵({key_id})は取り消し済みのため、登録できません。施設で新しい鍵を作ってもらってください。"), format!("Key {key_id} was revoked and cannot be registered again.")));
                }
                if r.facility != facility {
                    return Err(refused(ErrorCode::KeyInUse, format!("この鍵({key_id})はすでに別の施設「{}」の鍵として登録されています。", r.facility), format!("Key {key_id} is registered for facility {}.", r.facility)));
                }
                // The same card again: nothing to write.
                return Ok((vec![], ()));
            }
            if let Some(current) = regs.iter().find(|r| r.facility == facility && r.is_current()) {
                return Err(refused(ErrorCode::AlreadyRegistered, format!("施設「{facility}」はすでに別の鍵({})で登録されています。鍵を替えるときは、先に今の鍵を取り消してください。", current.key_id), format!("Facility {facility} is registered with key {}; revoke it before registering another.", current.key_id)));
            }
            Ok::<_, AppError>((vec![Event::FacilityRegistered { facility: facility.clone(), key_id: key_id.clone(), card: card.to_json() }], ()))
        })?;
        self.facility_keys()?.into_iter().find(|v| v.key_id == key_id).ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "登録を確認できませんでした。",
                "The registration was not found after writing it.",
            )
        })
    }

    /// Ward: the facility that signed an export, for the window to show its fingerprint before
    /// the ward registers it (`facility_add_from_export`).
    pub fn export_sender(&self, file: &Path) -> Result<FacilitySender, AppError> {
        self.require_mode(Mode::Ward)?;
        let card = export_sender(&files::read(file, "連携ファイル")?, &self.identity).map_err(bundle_error)?;
        let key_id = card.key_id().to_string();
        let registered = self.store.state().registrations()?.iter().any(|r| r.key_id == key_id && r.is_current());
        Ok(FacilitySender {
            name: self.facility_name(card.facility()),
            facility: card.facility().to_string(),
            key_id,
            registered,
        })
    }

    /// Ward: registers the facility that signed an export, after its fingerprint was compared.
    pub fn facility_add_from_export(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        file: &Path,
    ) -> Result<FacilityKeyView, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.require_mode(Mode::Ward)?;
        let card = export_sender(&files::read(file, "連携ファイル")?, &self.identity).map_err(bundle_error)?;
        self.facility_add(now, actor, &card.to_json())
    }

    /// Ward: stops trusting a facility's current key.
    pub fn facility_revoke(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        facility: &FacilityId,
    ) -> Result<FacilityKeyView, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.require_mode(Mode::Ward)?;
        let key_id = self.write(now, actor, |state, _| {
            let current = state.registrations()?.into_iter().find(|r| &r.facility == facility && r.is_current());
            let Some(r) = current else {
                return Err(AppError::new(
                    ErrorCode::NotRegistered,
                    format!("施設「{facility}」は登録されていません。"),
                    format!("Facility {facility} has no registered key."),
                ));
            };
            Ok((Event::FacilityRevoked { facility: facility.clone(), key_id: r.key_id.clone() }, r.key_id))
        })?;
        self.facility_keys()?.into_iter().find(|v| v.key_id == key_id).ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "取り消しを確認できませんでした。",
                "The revocation was not found after writing it.",
            )
        })
    }

    /// Ward: every key ever registered, current ones and revoked ones, by facility.
    pub fn facility_list(&self, actor: &Actor) -> Result<Vec<FacilityKeyView>, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.facility_keys()
    }

    fn facility_keys(&self) -> Result<Vec<FacilityKeyView>, AppError> {
        self.require_mode(Mode::Ward)?;
        let state = self.store.state();
        let acknowledged = state.acknowledged()?;
        let mut out = Vec::new();
        for r in state.registrations()? {
            // The furthest the ward has received of the facility's journal, whatever the epoch.
            let through =
                acknowledged.iter().filter(|a| a.facility == r.facility).map(|a| a.through_seq).max().unwrap_or(0);
            out.push(FacilityKeyView {
                name: self.facility_name(&r.facility),
                facility: r.facility.to_string(),
                key_id: r.key_id,
                registered_at: r.registered_at,
                revoked: r.revoked_at.is_some(),
                revoked_at: r.revoked_at,
                acknowledged_through: through,
            });
        }
        Ok(out)
    }

    /// The ward's trust: each facility's one unrevoked card, and every revoked key.
    pub(crate) fn ward_trust(&self) -> Result<Trust, AppError> {
        let mut registered = BTreeMap::new();
        let mut revoked = BTreeSet::new();
        for r in self.store.state().registrations()? {
            if !r.is_current() {
                revoked.insert(r.key_id.parse::<KeyId>().map_err(bad_registration)?);
            } else {
                registered.insert(r.facility.clone(), registered_card(&r)?);
            }
        }
        Ok(Trust::Ward { registered, revoked })
    }

    pub(crate) fn facility_name(&self, id: &FacilityId) -> String {
        self.directory().get(id).map(|f| f.short_name.clone()).unwrap_or_else(|| id.to_string())
    }
}

fn registered_card(r: &Registration) -> Result<FacilityCard, AppError> {
    FacilityCard::from_json(&r.card).map_err(bad_registration)
}

fn bad_registration(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::BadRegistration, "登録された施設の鍵が読めません。", e.to_string())
}
