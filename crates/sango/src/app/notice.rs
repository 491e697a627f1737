//! Ward-signed approval notices (利用承認通知書): the ward prints a code, any facility verifies
//! it offline against the ward's card and records the approval as ward-confirmed.
//!
//! What the code reveals: card and approval numbers, services, a fee band (standard or reduced:
//! never which of 住民税非課税 or 生活保護), the postal district, the issue date. Not the name.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{files, App, AppError, ErrorCode};
use crate::ledger::event::OpenedWhat;
use crate::ledger::{Actor, Approval, ApprovalSource, Event, Mode};
use crate::rules::roles::UseCase;
use crate::sync::notice::{decode_notice, encode_notice, NoticeData, NoticeError};
use crate::types::{CardNumber, PersonName};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoticeView {
    pub card: String,
    pub payload: String,
    pub out: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScanView {
    pub card: String,
    pub confirmed: bool,
    /// What this notice changed, in words for the desk (empty when nothing changed).
    pub changes: Vec<String>,
}

/// What the desk's one field (受付) made of what arrived in it: the scan, if it was a notice's
/// code, and the one-screen answer for the card.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeskRead {
    pub scan: Option<ScanView>,
    pub view: super::DeskView,
}

fn ime_on() -> AppError {
    notice_error(NoticeError::ImeOn)
}

fn notice_error(e: NoticeError) -> AppError {
    AppError::new(e.code(), e.message_ja(), e.to_string())
}

/// Everything the window prints on the notice (利用承認通知書).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoticePrint {
    pub card: String,
    pub approval_no: String,
    pub mother: String,
    #[ts(type = "string")]
    pub issued_on: chrono::NaiveDate,
    pub issued_on_wareki: String,
    pub wording: super::notice_page::NoticeWording,
    pub ward_name: String,
    pub ward_contact: String,
    pub payload: String,
    /// The payload's QR code as an SVG document (made here, never from user text).
    pub qr_svg: String,
}

impl App {
    /// Everything the ward's window prints on a card's notice, with its freshly signed code.
    pub fn approval_notice_print(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
    ) -> Result<NoticePrint, AppError> {
        let view = self.approval_notice(now, actor, card, None)?;
        let a = self.mother(card)?.approval;
        let issued_on = now.date_naive();
        Ok(NoticePrint {
            card: a.card.to_string(),
            approval_no: a.approval_no.to_string(),
            mother: a.mother.as_str().into(),
            issued_on,
            issued_on_wareki: crate::calendar::wareki(issued_on),
            wording: super::notice_page::wording(&self.program(), &a, issued_on),
            ward_name: self.program().ward_office().into(),
            ward_contact: self.program().ward_contact().into(),
            qr_svg: super::notice_page::qr_svg(&view.payload),
            payload: view.payload,
        })
    }

    /// The ward signs the notice's code for a card (`sango approval notice`).
    pub fn approval_notice(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
        out: Option<&Path>,
    ) -> Result<NoticeView, AppError> {
        self.require(actor, UseCase::Notices)?;
        self.require_mode(Mode::Ward)?;
        let m = self.mother(card)?;
        self.opened(now, actor, OpenedWhat::Notice, Some(card))?;
        let a = &m.approval;
        let postal = a.postal.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::PostalNeeded,
                "通知書のコードには郵便番号が必要です。承認に郵便番号を登録してください。",
                "The notice's code needs the postal code: record it on the approval.",
            )
        })?;
        let data = NoticeData {
            card: a.card.clone(),
            approval: a.approval_no.clone(),
            services: a.services.iter().copied().collect(),
            fee_band: self.program().fee_band(a.household),
            postal_district: postal.district().parse()?,
            issued_on: now.date_naive(),
        };
        let payload = encode_notice(&data, &self.identity).map_err(notice_error)?;
        if let Some(out) = out {
            let page = super::notice_page::render(&self.program(), a, data.issued_on, &payload);
            files::write_atomic(out, page.as_bytes())?;
        }
        Ok(NoticeView { card: card.to_string(), payload, out: out.map(|p| p.display().to_string()) })
    }

    /// A facility verifies a notice's code offline and records the approval as ward-confirmed
    /// (`sango approval scan`). The same notice twice changes nothing; an older one never
    /// replaces a newer one.
    /// 受付: whatever arrived in the desk's field, typed or from a 2D-code reader, told apart by its
    /// form once normalised (`sync::notice::scan_form`), never by a prefix: a notice's code is
    /// scanned and answered for its card, anything else is looked up as a card number.
    ///
    /// `composed` says the field saw input-method composition while this arrived. A card typed
    /// with the IME on is fine (`Ｃ－１０１`); a scan that then fails, or text too long to be a
    /// card, is what the IME made of a code, and the desk is told to switch it off.
    pub fn desk_read(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        text: &str,
        composed: bool,
    ) -> Result<DeskRead, AppError> {
        self.require(actor, UseCase::DeskLookup)?;
        use crate::sync::notice::{scan_form, ScanForm};
        match scan_form(text) {
            ScanForm::ImeOn => Err(ime_on()),
            ScanForm::Digits(_) | ScanForm::Base45(_) => {
                let scan = self.approval_scan(now, actor, text).map_err(|e| {
                    // Damage is what composition does to a code; a foreign ward's code is still foreign.
                    let mangled =
                        matches!(e.code, ErrorCode::NotOurs | ErrorCode::NoticeAltered | ErrorCode::UnknownVersion);
                    if composed && mangled {
                        ime_on()
                    } else {
                        e
                    }
                })?;
                let view = self.desk_lookup(now, actor, &scan.card.parse()?)?;
                Ok(DeskRead { scan: Some(scan), view })
            }
            ScanForm::Other(t) if t.chars().count() > 32 => {
                Err(if composed { ime_on() } else { notice_error(NoticeError::NotOurs) })
            }
            ScanForm::Other(_) => {
                Ok(DeskRead { scan: None, view: self.desk_lookup(now, actor, &text.parse::<CardNumber>()?)? })
            }
        }
    }

    pub fn approval_scan(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        payload: &str,
    ) -> Result<ScanView, AppError> {
        self.require(actor, UseCase::ApprovalAdd)?;
        self.require_mode(Mode::Facility)?;
        let data = decode_notice(payload, &self.ward_card()?).map_err(notice_error)?;
        let card = data.card.clone();
        let existing = self.store.state().mother(&card)?.map(|m| m.approval);
        let mother = existing
            .as_ref()
            .map(|a| a.mother.clone())
            .unwrap_or_else(|| "氏名未登録".parse::<PersonName>().expect("a valid name"));
        let approval = Approval {
            card: card.clone(),
            approval_no: data.approval.clone(),
            mother,
            services: data.services.iter().copied().collect(),
            household: data.fee_band.stand_in(),
            // Keep the full postal code the desk typed when it lies in the notice's district.
            postal: existing
                .as_ref()
                .and_then(|a| a.postal.clone())
                .filter(|p| p.district() == data.postal_district.district())
                .or(Some(data.postal_district.clone())),
            emergency: existing.as_ref().is_some_and(|a| a.emergency),
            source: ApprovalSource::Notice,
            issued_on: Some(data.issued_on),
        };
        let changes = describe_changes(existing.as_ref(), &approval);
        // The ward's own record, or a newer notice, stands; the same notice again changes nothing.
        let stale = existing
            .as_ref()
            .is_some_and(|a| a.source == ApprovalSource::Ward || a.issued_on.is_some_and(|d| d > data.issued_on));
        if stale || changes.is_empty() {
            return Ok(ScanView { card: card.to_string(), confirmed: true, changes: vec![] });
        }
        self.write(now, actor, |_, _| Ok((Event::ApprovalRecorded { approval: approval.clone() }, ())))?;
        Ok(ScanView { card: card.to_string(), confirmed: true, changes })
    }
}

fn describe_changes(old: Option<&Approval>, new: &Approval) -> Vec<String> {
    let Some(old) = old else { return vec!["区の承認を新しく登録しました".into()] };
    let mut out = Vec::new();
    if old.source != new.source {
        out.push("仮登録の承認が区の確認済みになりました".into());
    }
    if old.approval_no != new.approval_no {
        out.push(format!("承認番号: {} → {}", old.approval_no, new.approval_no));
    }
    if old.services != new.services {
        let names = |s: &[crate::types::Service]| s.iter().map(|x| x.name_ja()).collect::<Vec<_>>().join("・");
        out.push(format!("承認サービス: {} → {}", names(&old.services), names(&new.services)));
    }
    if old.household != new.household {
        out.push("利用者負担の区分が変わりました".into());
    }
    if old.issued_on != new.issued_on && old.source == ApprovalSource::Notice {
        out.push("新しい通知書に更新しました".into());
    }
    out
}
