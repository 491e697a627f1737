//! The facility directory (産後ケア事業実施施設): every facility of the ward's page, as data.
//!
//! The built-in list is `data/directory.json`, embedded at build time; an install may override it.
//! Every note of the page that is a rule is encoded here as data (age limits, weekdays, stays that
//! must follow a delivery, visit areas); the rest stays as text for people.

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
}
