//! The TOML shape of a program definition, and its validation into a [`Program`].
//!
//! The file is read key by key (a [`Reader`] per table), so every problem is found in one pass,
//! each with its key path and line: a whole-struct `serde` parse would stop at the first. Each
//! table is one struct here; a new table is one more field read with [`Reader::opt`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{FeeSchedule, NoShowPolicy, Program, ProgramError, ServiceRule, Unit};
use crate::money::{yen_int, Fee};
use crate::problems::{toml_places, toml_syntax, Problems};
use crate::types::{AgeLimit, Household, Service, Yen};

struct ProgramFile {
    /// Every part read whole: only then are the rules between tables checked.
    whole: bool,
    id: String,
    municipality: Option<String>,
    ward_office: Option<String>,
    ward_contact: Option<String>,
    name_ja: String,
    name_en: String,
    effective_from: NaiveDate,
    cancel_hour_jst: u32,
    no_show: NoShowPolicy,
    reductions: BTreeMap<Household, u32>,
    service: Vec<ServiceFile>,
    fee: Vec<FeeFile>,
    /// The care record's table; a program without one takes Nerima's (`program::care`).
    care: Option<super::care::CareFile>,
}

struct ServiceFile {
    service: Service,
    unit: Unit,
    limit_single: u32,
    limit_multiple: u32,
    min_units: u32,
    meals_per_day: u32,
    age_limits: Vec<AgeLimit>,
}

struct FeeFile {
    service: Service,
    from: NaiveDate,
    until: Option<NaiveDate>,
    first_block: Option<BlockFile>,
    per_unit: AmountsFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockFile {
    units: u32,
    #[serde(with = "yen_int")]
    total_cost: Yen,
    #[serde(with = "yen_int")]
    user_fee: Yen,
    #[serde(with = "yen_int")]
    ward_amount: Yen,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountsFile {
    #[serde(with = "yen_int")]
    total_cost: Yen,
    #[serde(with = "yen_int")]
    user_fee: Yen,
    #[serde(with = "yen_int")]
    ward_amount: Yen,
}

impl AmountsFile {
    fn to_fee(&self) -> Result<Fee, String> {
        Fee::from_parts(self.total_cost, self.user_fee, self.ward_amount).map_err(|e| e.to_string())
    }
}

/// One table of the file, read key by key; what it never reads is an unknown key.
struct Reader<'t> {
    table: &'t toml::Table,
    path: String,
    read: BTreeSet<&'static str>,
}

impl<'t> Reader<'t> {
    fn new(table: &'t toml::Table, path: String) -> Reader<'t> {
        Reader { table, path, read: BTreeSet::new() }
    }

    fn key(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_string() } else { format!("{}.{key}", self.path) }
    }

    /// A required key: missing or of the wrong shape is a problem, and `None`.
    fn req<T: DeserializeOwned>(&mut self, p: &mut Problems, key: &'static str) -> Option<T> {
        let v = self.opt(p, key);
        if !self.table.contains_key(key) {
            p.add(self.key(key), "is missing");
        }
        v.flatten()
    }

    /// An optional key: `Some(None)` when absent, `None` when present but not of its shape.
    fn opt<T: DeserializeOwned>(&mut self, p: &mut Problems, key: &'static str) -> Option<Option<T>> {
        self.read.insert(key);
        match self.table.get(key) {
            None => Some(None),
            Some(v) => match v.clone().try_into::<T>() {
                Ok(t) => Some(Some(t)),
                Err(e) => {
                    p.add(self.key(key), format!("does not parse: {}", e.message().trim()));
                    None
                }
            },
        }
    }

    /// An array of tables (`[[key]]`), each read by `each`: the elements that read whole, and
    /// whether all did (so the rules between tables are checked only on a whole file).
    fn tables<T>(&mut self, p: &mut Problems, key: &'static str, each: impl Fn(&mut Reader, &mut Problems) -> Option<T>) -> (Vec<T>, bool) {
        self.read.insert(key);
        let Some(v) = self.table.get(key) else {
            p.add(self.key(key), "is missing");
            return (vec![], false);
        };
        let Some(items) = v.as_array() else {
            p.add(self.key(key), "does not parse: must be an array of tables");
            return (vec![], false);
        };
        let (mut out, mut whole) = (Vec::new(), true);
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", self.key(key));
            let Some(t) = item.as_table() else {
                p.add(path, "does not parse: must be a table");
                whole = false;
                continue;
            };
            let mut r = Reader::new(t, path);
            let got = each(&mut r, p);
            r.finish(p);
            match got {
                Some(g) => out.push(g),
                None => whole = false,
            }
        }
        (out, whole)
    }

    /// Every key this table has and nobody read is a problem (a typo must not pass silently).
    fn finish(&self, p: &mut Problems) {
        for key in self.table.keys() {
            if !self.read.contains(key.as_str()) {
                p.add(self.key(key), "does not parse: unknown key");
            }
        }
    }
}

fn read_service(r: &mut Reader, p: &mut Problems) -> Option<ServiceFile> {
    let (service, unit, limit_single, limit_multiple, min_units, meals_per_day, age_limits) = (
        r.req(p, "service"),
        r.req(p, "unit"),
        r.req(p, "limit_single"),
        r.req(p, "limit_multiple"),
        r.req(p, "min_units"),
        r.req(p, "meals_per_day"),
        r.opt(p, "age_limits"),
    );
    Some(ServiceFile {
        service: service?,
        unit: unit?,
        limit_single: limit_single?,
        limit_multiple: limit_multiple?,
        min_units: min_units?,
        meals_per_day: meals_per_day?,
        age_limits: age_limits?.unwrap_or_default(),
    })
}

fn read_fee(r: &mut Reader, p: &mut Problems) -> Option<FeeFile> {
    let (service, from, until, first_block, per_unit) = (r.req(p, "service"), r.req(p, "from"), r.opt(p, "until"), r.opt(p, "first_block"), r.req(p, "per_unit"));
    Some(FeeFile { service: service?, from: from?, until: until?, first_block: first_block?, per_unit: per_unit? })
}

fn read(text: &str, p: &mut Problems) -> Option<ProgramFile> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            p.push(toml_syntax(text, &e));
            return None;
        }
    };
    let mut r = Reader::new(&table, String::new());
    let (municipality, ward_office, ward_contact) = (r.opt(p, "municipality"), r.opt(p, "ward_office"), r.opt(p, "ward_contact"));
    let (id, name_ja, name_en, effective_from, cancel_hour_jst, no_show, reductions) = (
        r.req(p, "id"),
        r.req(p, "name_ja"),
        r.req(p, "name_en"),
        r.req(p, "effective_from"),
        r.req(p, "cancel_hour_jst"),
        r.req(p, "no_show"),
        r.opt(p, "reductions"),
    );
    let (service, services_whole) = r.tables(p, "service", read_service);
    let (fee, fees_whole) = r.tables(p, "fee", read_fee);
    let care = r.opt(p, "care");
    r.finish(p);
    // What did not read is already a problem; the rest is still checked, so one pass finds all.
    Some(ProgramFile {
        whole: services_whole && fees_whole,
        // Stand-ins for what is missing (already a problem), which break no other rule.
        id: id.unwrap_or_else(|| "missing".into()),
        municipality: municipality.flatten(),
        ward_office: ward_office.flatten(),
        ward_contact: ward_contact.flatten(),
        name_ja: name_ja.unwrap_or_else(|| "-".into()),
        name_en: name_en.unwrap_or_else(|| "-".into()),
        effective_from: effective_from.unwrap_or_default(),
        cancel_hour_jst: cancel_hour_jst.unwrap_or_default(),
        no_show: no_show.unwrap_or(NoShowPolicy { user_fee_charged: true, ward_pays: false }),
        reductions: reductions.flatten().unwrap_or_default(),
        service,
        fee,
        care: care.flatten(),
    })
}

pub(super) fn parse(text: &str) -> Result<Program, ProgramError> {
    let mut p = Problems::with_places(toml_places(text));
    let program = read(text, &mut p).map(|file| validate(file, &mut p));
    match program {
        Some(program) if p.is_empty() => Ok(program),
        _ => Err(ProgramError { problems: p.into_vec() }),
    }
}

/// The file's rules between values; every one broken is added to `p`.
fn validate(file: ProgramFile, p: &mut Problems) -> Program {
    for (key, value) in [("id", &file.id), ("name_ja", &file.name_ja), ("name_en", &file.name_en)] {
        if value.trim().is_empty() {
            p.add(key, "must not be empty");
        }
    }
    if !file.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        p.add("id", "a name of lower-case letters, digits and '-' (it is typed: init --program NAME)");
    }
    for (key, value) in [("municipality", &file.municipality), ("ward_office", &file.ward_office), ("ward_contact", &file.ward_contact)] {
        if value.as_ref().is_some_and(|v| v.trim().is_empty() || v.chars().count() > 200 || v.chars().any(char::is_control)) {
            p.add(key, "must be one line of 1 to 200 characters");
        }
    }
    if file.cancel_hour_jst > 23 {
        p.add("cancel_hour_jst", format!("{} is not an hour of the day (0 to 23)", file.cancel_hour_jst));
    }
    for (household, percent) in &file.reductions {
        if *percent > 100 {
            p.add(format!("reductions.{household}"), format!("{percent} % is more than 100"));
        }
    }

    let mut services = BTreeMap::new();
    let mut service_at = BTreeMap::new();
    for (i, s) in file.service.into_iter().enumerate() {
        if s.min_units == 0 || s.limit_single == 0 || s.limit_multiple < s.limit_single {
            p.add(format!("service[{i}]"), "min_units and limits must be at least 1, and a multiple birth's limit at least a single one's");
        }
        let rule = ServiceRule {
            service: s.service,
            unit: s.unit,
            limit_single: s.limit_single,
            limit_multiple: s.limit_multiple,
            min_units: s.min_units,
            meals_per_day: s.meals_per_day,
            age_limits: s.age_limits,
        };
        if services.insert(s.service, rule).is_some() {
            p.add(format!("service[{i}].service"), format!("{} is defined twice", s.service));
        }
        service_at.entry(s.service).or_insert(i);
    }
    if services.is_empty() && file.whole {
        p.add("service", "the program defines no service");
    }

    let mut fees: BTreeMap<Service, Vec<(usize, FeeSchedule)>> = BTreeMap::new();
    for (i, f) in file.fee.into_iter().enumerate() {
        let at = format!("fee[{i}]");
        if !services.contains_key(&f.service) && file.whole {
            p.add(format!("{at}.service"), format!("a fee schedule for {}, which the program does not define", f.service));
        }
        if f.until.is_some_and(|u| u < f.from) {
            p.add(format!("{at}.until"), "until is before from");
        }
        let first_block = match &f.first_block {
            Some(b) if b.units == 0 => {
                p.add(format!("{at}.first_block.units"), "a first block of 0 units");
                None
            }
            Some(b) => {
                let amounts = AmountsFile { total_cost: b.total_cost, user_fee: b.user_fee, ward_amount: b.ward_amount };
                amounts.to_fee().map_err(|e| p.add(format!("{at}.first_block"), e)).ok().map(|fee| (b.units, fee))
            }
            None => None,
        };
        let per_unit = f.per_unit.to_fee().map_err(|e| p.add(format!("{at}.per_unit"), e)).unwrap_or(Fee::ZERO);
        fees.entry(f.service).or_default().push((i, FeeSchedule { from: f.from, until: f.until, first_block, per_unit }));
    }
    for (service, schedules) in fees.iter_mut() {
        schedules.sort_by_key(|(_, s)| s.from);
        for pair in schedules.windows(2) {
            // Sorted by `from`: an open-ended or late-ending earlier schedule overlaps the next.
            if pair[0].1.until.is_none_or(|u| u >= pair[1].1.from) {
                p.add(format!("fee[{}].from", pair[1].0), format!("two {service} fee schedules overlap (the one from {})", pair[1].1.from));
            }
        }
    }
    for (service, i) in &service_at {
        if !fees.contains_key(service) && file.whole {
            p.add(format!("service[{i}]"), format!("{service} has no fee schedule"));
        }
    }

    let care = match file.care.map(super::care::CareFile::validate) {
        Some(Ok(care)) => care,
        Some(Err(problem)) => {
            p.add("care", problem);
            super::Program::builtin().care
        }
        None => super::Program::builtin().care,
    };
    Program {
        care,
        municipality: file.municipality.unwrap_or_else(|| file.name_ja.clone()),
        ward_office: file.ward_office.unwrap_or_else(|| file.name_ja.clone()),
        ward_contact: file.ward_contact.unwrap_or_default(),
        id: file.id,
        name_ja: file.name_ja,
        name_en: file.name_en,
        effective_from: file.effective_from,
        cancel_hour_jst: file.cancel_hour_jst,
        no_show: file.no_show,
        reductions: file.reductions,
        services,
        fees: fees.into_iter().map(|(s, list)| (s, list.into_iter().map(|(_, f)| f).collect())).collect(),
    }
}
