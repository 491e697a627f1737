//! What an install is (a facility or the ward) and how the facility runs (closed days, places, staff).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::{FacilityId, Service};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Mode {
    Facility,
    Ward,
}

/// The identity of an install, fixed at `init`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Install {
    pub mode: Mode,
    pub facility: Option<FacilityId>,
    /// The install's ed25519 public key (hex), as its bundles carry it.
    pub public_key: String,
    /// Facility: the ward's public card (JSON) installed at `init`, which every roster and
    /// approval notice is verified against.
    pub ward_card: Option<String>,
    /// The program this install applies (TOML, see `program/`), when not the built-in Nerima one:
    /// kept in the journal so that a restored install prices as the original did.
    #[serde(default)]
    pub program_toml: Option<String>,
    /// The facility directory (JSON) when not the built-in one: at a facility, the one the ward's
    /// card carried at `init`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_json: Option<String>,
}

impl Install {
    /// The origin of the events it writes: the facility id, or `ward`.
    pub fn origin(&self) -> String {
        match &self.facility {
            Some(id) => id.to_string(),
            None => "ward".into(),
        }
    }
}

/// Places a facility has a day, per service (ベッド数・定員・訪問枠).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Capacity {
    pub short_stay: u32,
    pub day_care: u32,
    pub home_visit: u32,
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity { short_stay: 2, day_care: 4, home_visit: 3 }
    }
}

impl Capacity {
    pub fn of(&self, service: Service) -> u32 {
        match service {
            Service::ShortStay => self.short_stay,
            Service::DayCare => self.day_care,
            Service::HomeVisit => self.home_visit,
        }
    }

    /// Parses `short-stay=2,day-care=4` (services not named keep `base`'s value).
    pub fn parse(spec: &str, base: Capacity) -> Result<Capacity, crate::types::ParseError> {
        let bad = || crate::types::ParseError::new("capacity", spec, "e.g. short-stay=2,day-care=4");
        let mut c = base;
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(bad)?;
            let service: Service = k.trim().parse().map_err(|_| bad())?;
            let n = crate::types::parse_count(v, "capacity", 0, 1000).map_err(|_| bad())?;
            match service {
                Service::ShortStay => c.short_stay = n,
                Service::DayCare => c.day_care = n,
                Service::HomeVisit => c.home_visit = n,
            }
        }
        Ok(c)
    }
}

/// The idle minutes after which the window locks itself, unless 設定 says otherwise.
pub const IDLE_LOCK_MINUTES_DEFAULT: u32 = 5;

fn idle_lock_minutes_default() -> u32 {
    IDLE_LOCK_MINUTES_DEFAULT
}

/// How a facility runs; changed in 設定, kept in the journal like everything else.
///
/// Journals written before issue 17 also carry `staff` (a list of names and roles without a PIN):
/// it is ignored when read, the staff accounts (`App::staff_list`) having replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Closed days as `sun,holidays,2026-12-31` (see `calendar::ClosedDays::parse`).
    pub closed: String,
    pub capacity: Capacity,
    /// Home-visit districts this install covers, overriding the directory's (which the
    /// ward's page lost the marks of: see `directory`). `None` = the directory's.
    pub visit_areas: Option<Vec<String>>,
    /// Minutes without input after which the window locks (1–60; 5 for journals before it).
    #[serde(default = "idle_lock_minutes_default")]
    pub idle_lock_minutes: u32,
    /// Check-in needs 説明と同意 for the service recorded first (issue 18; off for older journals).
    #[serde(default)]
    pub consent_required: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            closed: String::new(),
            capacity: Capacity::default(),
            visit_areas: None,
            idle_lock_minutes: IDLE_LOCK_MINUTES_DEFAULT,
            consent_required: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_of_an_old_journal_read_with_its_staff_list_ignored_and_the_idle_lock_at_five() {
        let old = r#"{"closed":"sun","capacity":{"short_stay":2,"day_care":4,"home_visit":3},"visit_areas":null,"staff":[{"name":"山田","role":"reception"}]}"#;
        let s: Settings = serde_json::from_str(old).unwrap();
        assert_eq!((s.closed.as_str(), s.idle_lock_minutes), ("sun", 5));
    }

    #[test]
    fn capacity_parses_named_services_and_keeps_the_rest() {
        let c = Capacity::parse("short-stay=5, home-visit=0", Capacity::default()).unwrap();
        assert_eq!((c.short_stay, c.day_care, c.home_visit), (5, 4, 0));
        assert!(Capacity::parse("short-stay", Capacity::default()).is_err());
        assert!(Capacity::parse("beds=2", Capacity::default()).is_err());
        assert!(Capacity::parse("day-care=-1", Capacity::default()).is_err());
    }
}
