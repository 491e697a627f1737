//! The facility directory (産後ケア事業実施施設): every facility of the ward's page, as data.
//!
//! The built-in list is `data/directory.json`, embedded at build time; an install may override it.
//! Every note of the page that is a rule is encoded here as data (age limits, weekdays, stays that
//! must follow a delivery, visit areas); the rest stays as text for people.
//!
//! Readings of the page that needed a decision, each pinned by a test in `tests.rs`:
//! - 「未満」 is [`AgeBound::Under`] and 「まで」 is [`AgeBound::Through`]; 「生後2か月未満まで」 is under.
//! - 聖母病院 (short stay and day care) writes 「生後2か月未満まで(1か月以上2か月未満に関しては現在準備中)」:
//!   babies of 1 month and more are not taken *yet*, so the limit in effect is under 1 month. The note is
//!   kept verbatim, so the facility's admin can widen the limit in 設定 once the page does.
//! - Negotiable notes (はうおり 「生後4ヶ月以降の利用希望は応相談」, つむぎ 「デイケア利用者は応相談」) and
//!   なかま's 「赤ちゃんの沐浴は生後3か月まで」 (a limit on bathing, not on the use) are notes, not limits.
//! - Home-visit areas are partly inferred: see [`FacilityService::visit_areas_inferred`].
//!
//! [`AgeBound::Under`]: crate::types::AgeBound::Under
//! [`AgeBound::Through`]: crate::types::AgeBound::Through

mod list;
#[cfg(test)]
mod tests;

pub use list::{builtin, is_district, Directory, DirectoryError};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::{AgeLimit, FacilityId, Service};

/// One contracted facility and what it offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Facility {
    pub id: FacilityId,
    /// The name as the ward's page writes it, legal-entity prefix included.
    pub name: String,
    /// The name people say at the desk, e.g. 「つむぎ助産所」.
    pub short_name: String,
    pub address: String,
    pub phone: String,
    /// The services offered, each with its own limits; a service not listed is not offered.
    pub services: Vec<FacilityService>,
}

impl Facility {
    /// What this facility offers for `service`; `None` when it does not offer it.
    pub fn service(&self, service: Service) -> Option<&FacilityService> {
        self.services.iter().find(|s| s.service == service)
    }
}

impl FacilityService {
    /// Whether the service runs on `date`'s weekday (つむぎ day care: Tue/Thu/Fri only).
    pub fn runs_on_weekday(&self, date: chrono::NaiveDate) -> bool {
        use chrono::Datelike;
        self.weekdays.as_ref().is_none_or(|w| w.contains(&(date.weekday().num_days_from_monday() as u8)))
    }
}

/// What one facility offers for one service, with the page's notes turned into rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FacilityService {
    pub service: Service,
    /// The facility's own hard age limit, when the page gives one (e.g. 生後2か月未満).
    pub age_limit: Option<AgeLimit>,
    /// Weekdays the service runs on (0 = Monday … 6 = Sunday); `None` = every open day.
    /// つむぎ day care: Tue/Thu/Fri.
    pub weekdays: Option<Vec<u8>>,
    /// A short stay that must continue straight from the postpartum hospital stay
    /// (練馬光が丘病院, 荻窪病院).
    #[serde(default)]
    pub must_follow_delivery: bool,
    /// Home visits: postal districts visited (`176` 練馬, `179` 光が丘, `177` 石神井, `178` 大泉).
    #[serde(default)]
    pub visit_areas: Vec<String>,
    /// Home visits: new users only from these 7-digit postal codes (つむぎ: 石神井台・上石神井・
    /// 南大泉・東大泉); `None` = no such limit.
    #[serde(default)]
    pub new_user_postal_codes: Option<Vec<String>>,
    /// The page's note for this service, verbatim (information for people, e.g. ご主人様の宿泊も可能).
    #[serde(default)]
    pub note_ja: String,
    /// Short stays: the longest stay in days, check-in and check-out day included; `None` = only the
    /// program's limit. つむぎ: 「一泊二日」, so a stay there is exactly 2 days.
    #[serde(default)]
    pub max_stay_days: Option<u32>,
    /// Home visits: `visit_areas` was guessed, not read, and the facility's admin should confirm it in 設定.
    ///
    /// The page marks each covered district (訪問地域 練馬・光が丘・石神井・大泉) with a ○ image, lost in the
    /// text copy the list was built from; only the empty cells survive, as U+00A0 each, and so does the
    /// empty 備考 cell. So the number of empty area cells of a row is its count of U+00A0, less one when it
    /// has no 備考 text. Zero empty cells means all four districts: read, not guessed. Otherwise the
    /// districts are chosen: the midwife's own district first, then its neighbours. つむぎ's two are
    /// not guessed: its note names towns of 石神井 and 大泉 only.
    #[serde(default)]
    pub visit_areas_inferred: bool,
    /// Home visits: the lead midwife (代表助産師名) as the page writes her.
    #[serde(default)]
    pub lead_midwife: Option<String>,
}
