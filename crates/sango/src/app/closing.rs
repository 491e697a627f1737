//! The ward's month end: closing a month's claims (締め), and the claims of a closed month ever
//! after (its recorded lines), of the first open month (with the adjustments after closing).
//! The rule of what an adjustment is lives in `report::closing`; this file loads and writes.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{App, AppError, ErrorCode};
use crate::ledger::{Actor, Event, Mode};
use crate::report::{self, ClaimsReport, Closed};
use crate::rules::roles::UseCase;
use crate::types::{YearMonth, Yen};

/// What `sango close` prints (docs/cli.md: `month`, `lines`, `ward_amount`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CloseResult {
    pub month: String,
    /// The month's own use lines, over every facility.
    pub lines: u32,
    /// What the ward pays for the month: its lines plus the adjustments it carries.
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub ward_amount: Yen,
    pub adjustments: u32,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub adjustment_ward_amount: Yen,
    /// Closed although these facilities had not exported since the month ended.
    pub missing_exports: Vec<String>,
}

/// A registered facility that has not exported since a month ended.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MissingExport {
    pub facility: String,
    pub name: String,
    /// When its newest export received was made (none: never).
    #[ts(type = "string | null")]
    pub last_export: Option<DateTime<FixedOffset>>,
}

/// What 請求's 「この月を締める」 shows before the officer confirms: the totals, whether the month
/// can be closed at all and which facilities have not exported.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ClosePreview {
    pub claims: ClaimsReport,
    /// Why it cannot be closed now (an error code: `month_already_closed`, `month_not_ended`,
    /// `close_out_of_order`), none when it can.
    pub refusal: Option<AppError>,
    pub missing_exports: Vec<MissingExport>,
    /// The month to close next (after the last closed one), none before any close.
    pub next_to_close: Option<String>,
}

/// The first moment after `month` (`YYYY-MM`): the next month's first day, 00:00 Japan time.
fn month_end(month: YearMonth) -> DateTime<FixedOffset> {
    let next = month.next().first_day();
    next.and_time(chrono::NaiveTime::MIN).and_local_timezone(crate::calendar::JST).single().expect("JST has no gaps")
}

fn refused(code: ErrorCode, ja: String, en: String) -> AppError {
    AppError::new(code, ja, en)
}

impl App {
    /// The claims of `month` as the ward sees them: a closed month's as recorded; the first open
    /// month's afresh with every adjustment to the closed months; any other afresh.
    pub(crate) fn ward_claims(&self, month: &str) -> Result<ClaimsReport, AppError> {
        let state = self.store.state();
        if let Some(closed) = state.closing(month)? {
            return Ok(closed);
        }
        let fresh = self.claims_afresh(month)?;
        let closed = state.closed_months()?;
        let first_open = closed.last().and_then(|m| report::next_month(m));
        if first_open.as_deref() != Some(month) {
            return Ok(fresh);
        }
        let closes = state.closings()?;
        let current = closed.iter().map(|m| self.claims_afresh(m)).collect::<Result<Vec<_>, _>>()?;
        let adjustments = report::adjustments(&closes, &current);
        Ok(report::with_adjustments(fresh, adjustments, |f| {
            f.parse().map(|id| self.facility_name(&id)).unwrap_or_else(|_| f.to_string())
        }))
    }

    /// Registered facilities (their key in force) with no export made since `month` ended.
    fn missing_exports(&self, month: YearMonth) -> Result<Vec<MissingExport>, AppError> {
        let end = month_end(month);
        let state = self.store.state();
        let mut out = Vec::new();
        for r in state.registrations()?.into_iter().filter(|r| r.is_current()) {
            let last = state.last_export(&r.facility)?;
            if last.is_none_or(|t| t < end) {
                out.push(MissingExport {
                    name: self.facility_name(&r.facility),
                    facility: r.facility.to_string(),
                    last_export: last,
                });
            }
        }
        Ok(out)
    }

    /// Why `month` cannot be closed at `now`, whatever the exports.
    fn close_refusal(&self, now: DateTime<FixedOffset>, month: YearMonth) -> Result<Option<AppError>, AppError> {
        let state = self.store.state();
        if state.closing(&month.to_string())?.is_some() {
            return Ok(Some(refused(ErrorCode::MonthAlreadyClosed, format!("{month} はすでに締め済みです。締めた月の請求は変わりません(後からの変更は、次の月の過誤調整になります)。"), format!("{month} is already closed."))));
        }
        if now < month_end(month) {
            return Ok(Some(refused(
                ErrorCode::MonthNotEnded,
                format!("{month} はまだ終わっていません。月が終わってから締めてください。"),
                format!("{month} has not ended yet."),
            )));
        }
        if let Some(next) = state.closed_months()?.last().and_then(|m| report::next_month(m)) {
            if next != month.to_string() {
                return Ok(Some(refused(
                    ErrorCode::CloseOutOfOrder,
                    format!("月は順に締めます。次に締めるのは {next} です。"),
                    format!("Months are closed in order: the next to close is {next}."),
                )));
            }
        }
        Ok(None)
    }

    /// What closing `month` would record, and whether it can be closed (請求's confirmation).
    pub fn close_preview(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        month: YearMonth,
    ) -> Result<ClosePreview, AppError> {
        self.require(actor, UseCase::CloseMonth)?;
        self.require_mode(Mode::Ward)?;
        let next_to_close = self.store.state().closed_months()?.last().and_then(|m| report::next_month(m));
        Ok(ClosePreview {
            claims: self.ward_claims(&month.to_string())?,
            refusal: self.close_refusal(now, month)?,
            missing_exports: self.missing_exports(month)?,
            next_to_close,
        })
    }

    /// Ward: closes `month`'s claims (`sango close`). Refused when already closed, not yet ended,
    /// not the month after the last closed one, or while a registered facility has not exported
    /// since it ended, unless `anyway` (then recorded, with the facilities that had not).
    pub fn close_month(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        month: YearMonth,
        anyway: bool,
    ) -> Result<CloseResult, AppError> {
        self.require(actor, UseCase::CloseMonth)?;
        self.require_mode(Mode::Ward)?;
        self.write(now, actor, |_, _| {
            if let Some(e) = self.close_refusal(now, month)? {
                return Err(e);
            }
            let missing = self.missing_exports(month)?;
            if !missing.is_empty() && !anyway {
                let names = missing.iter().map(|m| format!("「{}」", m.name)).collect::<Vec<_>>().join("、");
                let ids = missing.iter().map(|m| m.facility.as_str()).collect::<Vec<_>>().join(", ");
                return Err(refused(
                    ErrorCode::ExportsMissing,
                    format!("{names} から、{month} の終わり以降の連携ファイルがまだ届いていません。届いてから締めるか、このまま締めることを指定してください(届かなかった施設は記録に残ります)。"),
                    format!("No export made since {month} ended from: {ids}. Import them first, or close anyway (recorded)."),
                ));
            }
            let mut claims = self.ward_claims(&month.to_string())?;
            claims.closed = Some(Closed { at: now, by: actor.name.clone(), anyway: !missing.is_empty(), missing_exports: missing.iter().map(|m| m.facility.clone()).collect() });
            let result = CloseResult {
                month: month.to_string(),
                lines: claims.facilities.iter().map(|f| f.lines.len() as u32).sum(),
                ward_amount: claims.payable_ward_amount,
                adjustments: claims.facilities.iter().map(|f| f.adjustments.len() as u32).sum(),
                adjustment_ward_amount: claims.adjusted.ward_amount,
                missing_exports: missing.into_iter().map(|m| m.facility).collect(),
            };
            Ok((Event::MonthClosed { claims }, result))
        })
    }
}
