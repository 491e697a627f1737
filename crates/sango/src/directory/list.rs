//! The directory as a whole: loading, validation and look-ups.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Facility, FacilityService};
use crate::problems::{Problem, Problems};
use crate::types::{FacilityId, PostalCode, Service};

/// A postal district as visit areas name it: the first 3 digits of a postal code (練馬 〒176).
pub fn is_district(area: &str) -> bool {
    area.len() == 3 && area.bytes().all(|b| b.is_ascii_digit())
}

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
        DirectoryFile { version: VERSION, facilities: d.facilities }
    }
}

impl Directory {
    /// The postal districts the ward's home visits are drawn in: every visit area of every
    /// facility (Nerima's: 〒176 練馬, 177 石神井, 178 大泉, 179 光が丘), sorted.
    pub fn districts(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .facilities()
            .iter()
            .flat_map(|f| f.services.iter().flat_map(|s| s.visit_areas.iter().cloned()))
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// A directory of these facilities, in this order.
    ///
    /// # Errors
    /// The first rule the list breaks, as a [`DirectoryError`].
    pub fn new(facilities: Vec<Facility>) -> Result<Directory, DirectoryError> {
        for (i, f) in facilities.iter().enumerate() {
            if facilities[..i].iter().any(|g| g.id == f.id) {
                return Err(DirectoryError::DuplicateId(f.id.clone()));
            }
            let mut problems = vec![];
            validate_facility(f, &mut problems);
            if let Some(first) = problems.into_iter().next() {
                return Err(first);
            }
        }
        Ok(Directory { facilities })
    }

    /// Parses and validates a directory file (the built-in one, or an install's override).
    ///
    /// # Errors
    /// [`DirectoryError::Json`] when the text is not a directory file, else the first rule it breaks.
    pub fn from_json_str(text: &str) -> Result<Directory, DirectoryError> {
        serde_json::from_str::<DirectoryFile>(text).map_err(|e| DirectoryError::Json(e.to_string()))?.try_into()
    }

    /// Checks a directory file whole: every problem, each with its place (the facility's index,
    /// and the line of its id), so one reading shows the ward's clerk all there is to mend.
    ///
    /// # Errors
    /// Every problem found; a text that is not a directory file at all is one problem at its line.
    pub fn check_json(text: &str) -> Result<Directory, Vec<Problem>> {
        let file: DirectoryFile = serde_json::from_str(text).map_err(|e| {
            let place = (e.line() > 0).then(|| (e.line() as u32, e.column() as u32));
            vec![Problem {
                path: String::new(),
                line: place.map(|p| p.0),
                column: place.map(|p| p.1),
                message: format!("not a directory file: {e}"),
            }]
        })?;
        let mut problems = Problems::default();
        if file.version != VERSION {
            problems.add("version", DirectoryError::Version(file.version).to_string());
        }
        let mut searched = 0;
        for (i, f) in file.facilities.iter().enumerate() {
            let needle = format!("\"{}\"", f.id);
            let place = text[searched..].find(&needle).map(|at| {
                searched += at + needle.len();
                crate::problems::line_column(text, searched - needle.len())
            });
            let mut found = vec![];
            if file.facilities[..i].iter().any(|g| g.id == f.id) {
                found.push(DirectoryError::DuplicateId(f.id.clone()));
            }
            validate_facility(f, &mut found);
            for e in found {
                problems.push(Problem {
                    path: format!("facilities[{i}]"),
                    line: place.map(|p| p.0),
                    column: place.map(|p| p.1),
                    message: e.to_string(),
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems.into_vec());
        }
        Directory::new(file.facilities)
            .map_err(|e| vec![Problem { path: String::new(), line: None, column: None, message: e.to_string() }])
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
        self.facilities.iter().filter_map(move |f| f.service(service).map(|s| (f, s)))
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
    #[error("facility {0}: visit area {1:?} is not a postal district of 3 digits (or appears twice)")]
    VisitArea(FacilityId, String),
    #[error("facility {0}: a home visit needs at least one visit area")]
    NoVisitArea(FacilityId),
    #[error("facility {0}: new-user postal code {1:?} must be 7 digits in one of its visit areas")]
    NewUserPostalCode(FacilityId, String),
}

/// Every rule `f` breaks, added to `out`.
fn validate_facility(f: &Facility, out: &mut Vec<DirectoryError>) {
    let id = || f.id.clone();
    for (field, text) in
        [("name", &f.name), ("short_name", &f.short_name), ("address", &f.address), ("phone", &f.phone)]
    {
        if text.trim().is_empty() {
            out.push(DirectoryError::Empty(id(), field));
        }
    }
    for (i, s) in f.services.iter().enumerate() {
        if f.services[..i].iter().any(|t| t.service == s.service) {
            out.push(DirectoryError::DuplicateService(id(), s.service));
        }
        validate_service(f, s, out);
    }
}

fn validate_service(f: &Facility, s: &FacilityService, out: &mut Vec<DirectoryError>) {
    let id = || f.id.clone();
    let misplaced = |field| DirectoryError::Misplaced(id(), s.service, field);
    let home_visit = s.service == Service::HomeVisit;
    let short_stay = s.service == Service::ShortStay;

    // A field set on a service that ignores it is a mistake in the file, not a harmless extra.
    if !short_stay && s.must_follow_delivery {
        out.push(misplaced("must_follow_delivery"));
    }
    if !short_stay && s.max_stay_days.is_some() {
        out.push(misplaced("max_stay_days"));
    }
    if !home_visit && !s.visit_areas.is_empty() {
        out.push(misplaced("visit_areas"));
    }
    if !home_visit && s.visit_areas_inferred {
        out.push(misplaced("visit_areas_inferred"));
    }
    if !home_visit && s.new_user_postal_codes.is_some() {
        out.push(misplaced("new_user_postal_codes"));
    }

    if s.age_limit.is_some_and(|a| a.n == 0) {
        out.push(DirectoryError::AgeLimit(id(), s.service));
    }
    if let Some(days) = &s.weekdays {
        let in_range = days.iter().all(|d| *d <= 6);
        let unique = days.iter().enumerate().all(|(i, d)| !days[..i].contains(d));
        if days.is_empty() || !in_range || !unique {
            out.push(DirectoryError::Weekdays(id(), s.service));
        }
    }
    if s.max_stay_days.is_some_and(|d| d < 2) {
        out.push(DirectoryError::MaxStayDays(id()));
    }
    if home_visit && s.visit_areas.is_empty() {
        out.push(DirectoryError::NoVisitArea(id()));
    }
    for (i, area) in s.visit_areas.iter().enumerate() {
        if !is_district(area) || s.visit_areas[..i].contains(area) {
            out.push(DirectoryError::VisitArea(id(), area.chars().take(10).collect()));
        }
    }
    for code in s.new_user_postal_codes.iter().flatten() {
        let in_area = code
            .parse::<PostalCode>()
            .ok()
            .filter(|p| p.full() == Some(code.as_str()))
            .is_some_and(|p| s.visit_areas.iter().any(|a| a == p.district()));
        if !in_area {
            out.push(DirectoryError::NewUserPostalCode(id(), code.chars().take(10).collect()));
        }
    }
}
