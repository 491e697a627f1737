//! The directory as a whole: loading, validation and look-ups.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Facility, FacilityService};
use crate::types::{FacilityId, PostalCode, Service};

/// The postal districts visit areas are drawn in: 練馬 〒176, 石神井 〒177, 大泉 〒178, 光が丘 〒179.
pub const DISTRICTS: [&str; 4] = ["176", "177", "178", "179"];

/// The file format's version; a file of another version is refused rather than misread.
const VERSION: u32 = 1;

/// The built-in list, from the ward's page (updated 2024-04-01).
const BUILTIN_JSON: &str = include_str!("../../data/directory.json");

/// The built-in directory, parsed on first use.
///
/// The data is part of the program: a parse failure is a bug, caught by the test
/// `the_builtin_directory_parses_and_validates`.
pub fn builtin() -> &'static Directory {
    static BUILTIN: OnceLock<Directory> = OnceLock::new();
    BUILTIN.get_or_init(|| match Directory::from_json_str(BUILTIN_JSON) {
        Ok(d) => d,
        Err(e) => panic!("bug: the built-in directory is invalid: {e}"),
    })
}

/// Every facility, validated: ids unique, each service at most once per facility, every field where
/// its service uses it and within its range.
///
/// On disk: `{"version": 1, "facilities": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DirectoryFile", into = "DirectoryFile")]
pub struct Directory {
    facilities: Vec<Facility>,
}

/// The on-disk shape, before validation.
#[derive(Serialize, Deserialize)]
struct DirectoryFile {
    version: u32,
    facilities: Vec<Facility>,
}

impl TryFrom<DirectoryFile> for Directory {
    type Error = DirectoryError;
    fn try_from(file: DirectoryFile) -> Result<Directory, DirectoryError> {
        if file.version != VERSION {
            return Err(DirectoryError::Version(file.version));
        }
        Directory::new(file.facilities)
    }
}

impl From<Directory> for DirectoryFile {
    fn from(d: Directory) -> DirectoryFile {
        DirectoryFile {
            version: VERSION,
            facilities: d.facilities,
        }
    }
}

impl Directory {
    /// A directory of these facilities, in this order.
    ///
    /// # Errors
    /// The first rule the list breaks, as a [`DirectoryError`].
    pub fn new(facilities: Vec<Facility>) -> Result<Directory, DirectoryError> {
        for (i, f) in facilities.iter().enumerate() {
            if facilities[..i].iter().any(|g| g.id == f.id) {
                return Err(DirectoryError::DuplicateId(f.id.clone()));
            }
            validate_facility(f)?;
        }
        Ok(Directory { facilities })
    }

    /// Parses and validates a directory file (the built-in one, or an install's override).
    ///
    /// # Errors
    /// [`DirectoryError::Json`] when the text is not a directory file, else the first rule it breaks.
    pub fn from_json_str(text: &str) -> Result<Directory, DirectoryError> {
        serde_json::from_str::<DirectoryFile>(text)
            .map_err(|e| DirectoryError::Json(e.to_string()))?
            .try_into()
    }

    /// The file's text; [`Directory::from_json_str`] reads it back to an equal directory.
    pub fn to_json_string(&self) -> String {
        // Plain data of strings, numbers and enums: serializing it cannot fail.
        serde_json::to_string_pretty(&DirectoryFile::from(self.clone()))
            .unwrap_or_else(|e| panic!("bug: a directory does not serialize: {e}"))
    }

    /// Every facility, in the page's order (short stay table first, then day care, then home visit).
    pub fn facilities(&self) -> &[Facility] {
        &self.facilities
    }

    pub fn get(&self, id: &FacilityId) -> Option<&Facility> {
        self.facilities.iter().find(|f| &f.id == id)
    }

    /// The facilities offering `service`, each with its terms for it, in the page's order.
    ///
    /// # Example
    /// ```
    /// use sango::{directory, types::Service};
    /// let day_care: Vec<_> = directory::builtin().offering(Service::DayCare).collect();
    /// assert_eq!(day_care.len(), 16);
    /// // つむぎ's day care runs on Tuesday, Thursday and Friday only (0 = Monday).
    /// let (_, tsumugi) = day_care.iter().find(|(f, _)| f.id.as_str() == "tsumugi").unwrap();
    /// assert_eq!(tsumugi.weekdays, Some(vec![1, 3, 4]));
    /// ```
    pub fn offering(&self, service: Service) -> impl Iterator<Item = (&Facility, &FacilityService)> + '_ {
        self.facilities
            .iter()
            .filter_map(move |f| f.service(service).map(|s| (f, s)))
    }
}

/// A directory file that breaks a rule. Maps to exit code 4 (bad input) when an install's file is read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error("the directory is not a valid directory file: {0}")]
    Json(String),
    #[error("directory file version {0} is not supported (expected {VERSION})")]
    Version(u32),
    #[error("facility {0} appears twice")]
    DuplicateId(FacilityId),
    #[error("facility {0}: {1} is listed twice")]
    DuplicateService(FacilityId, Service),
    #[error("facility {0}: {1} is empty")]
    Empty(FacilityId, &'static str),
    #[error("facility {0}: {1}: {2} is not used by this service")]
    Misplaced(FacilityId, Service, &'static str),
    #[error("facility {0}: {1}: weekdays must be 0 (Monday) to 6 (Sunday), at least one, each once")]
    Weekdays(FacilityId, Service),
    #[error("facility {0}: {1}: an age limit must be at least 1")]
    AgeLimit(FacilityId, Service),
    #[error("facility {0}: a short stay is at least 2 days, so max_stay_days must be 2 or more")]
    MaxStayDays(FacilityId),
    #[error("facility {0}: visit area {1:?} is not one of 176, 177, 178, 179 (or appears twice)")]
    VisitArea(FacilityId, String),
    #[error("facility {0}: a home visit needs at least one visit area")]
    NoVisitArea(FacilityId),
    #[error("facility {0}: new-user postal code {1:?} must be 7 digits in one of its visit areas")]
    NewUserPostalCode(FacilityId, String),
}

fn validate_facility(f: &Facility) -> Result<(), DirectoryError> {
    let id = || f.id.clone();
    for (field, text) in [
        ("name", &f.name),
        ("short_name", &f.short_name),
        ("address", &f.address),
        ("phone", &f.phone),
    ] {
        if text.trim().is_empty() {
            return Err(DirectoryError::Empty(id(), field));
        }
    }
    for (i, s) in f.services.iter().enumerate() {
        if f.services[..i].iter().any(|t| t.service == s.service) {
            return Err(DirectoryError::DuplicateService(id(), s.service));
        }
        validate_service(f, s)?;
    }
    Ok(())
}

fn validate_service(f: &Facility, s: &FacilityService) -> Result<(), DirectoryError> {
    let id = || f.id.clone();
    let misplaced = |field| Err(DirectoryError::Misplaced(id(), s.service, field));
    let home_visit = s.service == Service::HomeVisit;
    let short_stay = s.service == Service::ShortStay;

    // A field set on a service that ignores it is a mistake in the file, not a harmless extra.
    if !short_stay && s.must_follow_delivery {
        return misplaced("must_follow_delivery");
    }
    if !short_stay && s.max_stay_days.is_some() {
        return misplaced("max_stay_days");
    }
    if !home_visit && !s.visit_areas.is_empty() {
        return misplaced("visit_areas");
    }
    if !home_visit && s.visit_areas_inferred {
        return misplaced("visit_areas_inferred");
    }
    if !home_visit && s.new_user_postal_codes.is_some() {
        return misplaced("new_user_postal_codes");
    }

    if s.age_limit.is_some_and(|a| a.n == 0) {
        return Err(DirectoryError::AgeLimit(id(), s.service));
    }
    if let Some(days) = &s.weekdays {
        let in_range = days.iter().all(|d| *d <= 6);
        let unique = days.iter().enumerate().all(|(i, d)| !days[..i].contains(d));
        if days.is_empty() || !in_range || !unique {
            return Err(DirectoryError::Weekdays(id(), s.service));
        }
    }
    if s.max_stay_days.is_some_and(|d| d < 2) {
        return Err(DirectoryError::MaxStayDays(id()));
    }
    if home_visit && s.visit_areas.is_empty() {
        return Err(DirectoryError::NoVisitArea(id()));
    }
    for (i, area) in s.visit_areas.iter().enumerate() {
        if !DISTRICTS.contains(&area.as_str()) || s.visit_areas[..i].contains(area) {
            return Err(DirectoryError::VisitArea(id(), area.chars().take(10).collect()));
        }
    }
    for code in s.new_user_postal_codes.iter().flatten() {
        let in_area = code
            .parse::<PostalCode>()
            .ok()
            .filter(|p| p.full() == Some(code.as_str()))
            .is_some_and(|p| s.visit_areas.iter().any(|a| a == p.district()));
        if !in_area {
            return Err(DirectoryError::NewUserPostalCode(id(), code.chars().take(10).collect()));
        }
    }
    Ok(())
}
