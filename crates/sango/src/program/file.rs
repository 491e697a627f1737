//! The TOML shape of a program definition, and its validation into a [`Program`].
//!
//! The file is read key by key (a [`Reader`] per table), so every problem is found in one pass,
//! each with its key path and line: a whole-struct `serde` parse would stop at the first. Each
//! table is one struct here; a new table is one more field read with [`Reader::opt`].
//!
//! Version 2 (`version = 2`) adds: `source`/`read_on` (required at the top, optional per table),
//! `"unknown"` for any limit or amount not published, pools, what a limit counts, a price table,
//! a surcharge per extra baby, fixed reductions, a cancellation hour per service, late
//! cancellations counted as a few days, corrected age and eligibility after a loss. A version 1
//! file (Nerima's first) reads as before. `docs/program-file.md` documents every key.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{
    Amounts, Counts, FeeSchedule, Limit, NoShowPolicy, Pool, Price, Program, ProgramError, Reduction, ServiceRule,
    SourceNote, Surcharge, Unit,
};
use crate::problems::{toml_places, toml_syntax, Problems};
use crate::types::{AgeLimit, Household, Service, Yen};

/// A value as a municipality publishes it: the value, or the word `"unknown"`.
#[derive(Deserialize, Clone, Copy)]
#[serde(untagged)]
enum Published<T> {
    Value(T),
    Word(Unknown),
}

#[derive(Deserialize, Clone, Copy)]
enum Unknown {
    #[serde(rename = "unknown")]
    Unknown,
}

impl<T> Published<T> {
    fn value(self) -> Option<T> {
        match self {
            Published::Value(v) => Some(v),
            Published::Word(Unknown::Unknown) => None,
        }
    }
}

/// Whole yen as money is written everywhere: an integer or a decimal string.
#[derive(Deserialize, Clone, Copy)]
struct YenValue(#[serde(with = "crate::money::yen_int")] Yen);

struct ProgramFile {
    /// Every part read whole: only then are the rules between tables checked.
    whole: bool,
    version: u32,
    id: String,
    municipality: Option<String>,
    ward_office: Option<String>,
    ward_contact: Option<String>,
    name_ja: String,
    name_en: String,
    effective_from: NaiveDate,
    cancel_hour_jst: Option<u32>,
    no_show: NoShowPolicy,
    reductions: BTreeMap<Household, Reduction>,
    service: Vec<ServiceFile>,
    pool: Vec<PoolFile>,
    fee: Vec<FeeFile>,
    eligible_after_loss: Option<bool>,
    approvals_keep_rules: bool,
    sources: Vec<SourceNote>,
    /// The care record's table; a program without one takes Nerima's (`program::care`).
    care: Option<super::care::CareFile>,
}

struct ServiceFile {
    service: Service,
    unit: Unit,
    /// `None`: no limit of its own (only in a pool).
    limit: Option<Limit>,
    min_units: u32,
    meals_per_day: u32,
    age_limits: Vec<AgeLimit>,
    corrected_age: bool,
    cancel_hour_jst: Option<u32>,
    name_ja: Option<String>,
}

struct PoolFile {
    id: String,
    name_ja: String,
    services: Vec<Service>,
    limit: Limit,
}

struct FeeFile {
    service: Service,
    from: NaiveDate,
    until: Option<NaiveDate>,
    price: Price,
    per_extra_baby: Option<Surcharge>,
}

/// Three amounts, each whole yen or `"unknown"`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountsFile {
    total_cost: Published<YenValue>,
    user_fee: Published<YenValue>,
    ward_amount: Published<YenValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockFile {
    units: u32,
    total_cost: Published<YenValue>,
    user_fee: Published<YenValue>,
    ward_amount: Published<YenValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFile {
    units: u32,
    total_cost: Published<YenValue>,
    user_fee: Published<YenValue>,
    ward_amount: Published<YenValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurchargeFile {
    /// `day` (each unit) or `use` (once a use).
    per: String,
    total_cost: Published<YenValue>,
    user_fee: Published<YenValue>,
    ward_amount: Published<YenValue>,
}

/// A reduction as the file writes it: a share in percent, `"unknown"`, or a table.
#[derive(Deserialize)]
#[serde(untagged)]
enum ReductionFile {
    Share(u32),
    Word(Unknown),
    Fixed { user_fee_per_unit: BTreeMap<Service, i64> },
}

/// Three amounts into [`Amounts`]; a negative or contradicting one is a problem at `at`.
fn amounts(
    p: &mut Problems,
    at: &str,
    t: Published<YenValue>,
    u: Published<YenValue>,
    w: Published<YenValue>,
) -> Amounts {
    let mut yen = |v: Published<YenValue>| -> Option<Yen> {
        let YenValue(v) = v.value()?;
        if v < Decimal::ZERO {
            p.add(at, format!("{v} is below 0 yen (amounts are whole yen, not negative)"));
            return None;
        }
        Some(v)
    };
    Amounts { total_cost: yen(t), user_fee: yen(u), ward_amount: yen(w) }
}

/// Every set of amounts of a schedule, with its place under the schedule's (`per_unit`, …).
fn amounts_of(f: &FeeSchedule) -> Vec<(String, Amounts)> {
    let mut out = Vec::new();
    match &f.price {
        Price::Block { first, per_unit } => {
            out.extend(first.map(|(_, a)| ("first_block".to_string(), a)));
            out.push(("per_unit".to_string(), *per_unit));
        }
        Price::Table(rows) => out.extend(rows.iter().enumerate().map(|(i, (_, a))| (format!("table[{i}]"), *a))),
    }
    out.extend(f.per_extra_baby.map(|s| ("per_extra_baby".to_string(), s.amounts)));
    out
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
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
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
    fn tables<T>(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        mut each: impl FnMut(&mut Reader, &mut Problems) -> Option<T>,
    ) -> (Vec<T>, bool) {
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

/// A limit's two numbers and what it counts; `None` inside when neither number is given.
fn read_limit(r: &mut Reader, p: &mut Problems, v2: bool) -> Option<Option<Limit>> {
    let (single, multiple, counts) = (
        r.opt::<Published<u32>>(p, "limit_single"),
        r.opt::<Published<u32>>(p, "limit_multiple"),
        r.opt::<Counts>(p, "counts"),
    );
    let (single, multiple, counts) = (single?, multiple?, counts?);
    let Some(single) = single else {
        if !v2 {
            p.add(r.key("limit_single"), "is missing");
        } else if multiple.is_some() {
            p.add(r.key("limit_single"), "is missing (a multiple birth's limit needs a single one's)");
        }
        return Some(None);
    };
    // A multiple birth's limit not written is the single one's; written "unknown" is unknown.
    let multiple = multiple.unwrap_or(single);
    Some(Some(Limit { single: single.value(), multiple: multiple.value(), counts: counts.unwrap_or_default() }))
}

fn read_source(r: &mut Reader, p: &mut Problems, sources: &mut Vec<SourceNote>) -> Option<()> {
    let (url, read_on) = (r.opt::<String>(p, "source"), r.opt::<NaiveDate>(p, "read_on"));
    match (url?, read_on?) {
        (Some(url), Some(read_on)) => sources.push(SourceNote { path: r.path.clone(), url, read_on }),
        (None, None) => {}
        (Some(_), None) => p.add(r.key("read_on"), "is missing (the day the source was read goes with it)"),
        (None, Some(_)) => p.add(r.key("source"), "is missing (the page read goes with its date)"),
    }
    Some(())
}

fn read_service(r: &mut Reader, p: &mut Problems, v2: bool, sources: &mut Vec<SourceNote>) -> Option<ServiceFile> {
    let (service, unit, limit, age_limits) =
        (r.req(p, "service"), r.req(p, "unit"), read_limit(r, p, v2), r.opt(p, "age_limits"));
    // Version 1 requires every number; version 2 defaults the obvious ones.
    let (min_units, meals_per_day) = if v2 {
        (r.opt(p, "min_units").map(|m| m.unwrap_or(1)), r.opt(p, "meals_per_day").map(|m| m.unwrap_or(0)))
    } else {
        (r.req(p, "min_units"), r.req(p, "meals_per_day"))
    };
    let (corrected_age, cancel_hour_jst, name_ja, source) = if v2 {
        (
            r.opt(p, "corrected_age"),
            r.opt::<u32>(p, "cancel_hour_jst"),
            r.opt::<String>(p, "name_ja"),
            read_source(r, p, sources),
        )
    } else {
        (Some(None), Some(None), Some(None), Some(()))
    };
    let limit = limit?;
    source?;
    Some(ServiceFile {
        service: service?,
        unit: unit?,
        limit,
        min_units: min_units?,
        meals_per_day: meals_per_day?,
        age_limits: age_limits?.unwrap_or_default(),
        corrected_age: corrected_age?.unwrap_or(false),
        cancel_hour_jst: cancel_hour_jst?,
        name_ja: name_ja?.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
    })
}

fn read_pool(r: &mut Reader, p: &mut Problems, sources: &mut Vec<SourceNote>) -> Option<PoolFile> {
    let (id, name_ja, services, limit, source) =
        (r.req(p, "id"), r.req(p, "name_ja"), r.req(p, "services"), read_limit(r, p, true), read_source(r, p, sources));
    let limit = limit?;
    if limit.is_none() {
        p.add(r.key("limit_single"), "is missing (a pool is its limit)");
    }
    source?;
    Some(PoolFile { id: id?, name_ja: name_ja?, services: services?, limit: limit? })
}

fn read_fee(r: &mut Reader, p: &mut Problems, v2: bool, sources: &mut Vec<SourceNote>) -> Option<FeeFile> {
    let (service, from, until, first_block) =
        (r.req(p, "service"), r.req(p, "from"), r.opt(p, "until"), r.opt::<BlockFile>(p, "first_block"));
    let at = r.path.clone();
    let (table, per_extra_baby, source) = if v2 {
        (r.opt::<Vec<RowFile>>(p, "table"), r.opt::<SurchargeFile>(p, "per_extra_baby"), read_source(r, p, sources))
    } else {
        (Some(None), Some(None), Some(()))
    };
    let table = table?;
    let per_unit: Option<AmountsFile> =
        if table.is_some() { r.opt(p, "per_unit")? } else { Some(r.req(p, "per_unit")?) };
    let first_block = first_block?;
    let block = match first_block {
        Some(b) if b.units == 0 => {
            p.add(format!("{at}.first_block.units"), "a first block of 0 units");
            None
        }
        Some(b) => Some((b.units, amounts(p, &format!("{at}.first_block"), b.total_cost, b.user_fee, b.ward_amount))),
        None => None,
    };
    let price = match (table, per_unit) {
        (Some(rows), None) if block.is_none() => {
            let mut seen = BTreeSet::new();
            let rows: Vec<(u32, Amounts)> = rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    if row.units == 0 || !seen.insert(row.units) {
                        p.add(format!("{at}.table[{i}].units"), "each row is a different length of 1 or more");
                    }
                    (row.units, amounts(p, &format!("{at}.table[{i}]"), row.total_cost, row.user_fee, row.ward_amount))
                })
                .collect();
            if rows.is_empty() {
                p.add(format!("{at}.table"), "a table needs at least one row");
            }
            Price::Table(rows)
        }
        (Some(_), _) => {
            p.add(format!("{at}.table"), "a table prices the use alone: no first_block or per_unit beside it");
            return None;
        }
        (None, Some(u)) => Price::Block {
            first: block,
            per_unit: amounts(p, &format!("{at}.per_unit"), u.total_cost, u.user_fee, u.ward_amount),
        },
        (None, None) => return None,
    };
    let per_extra_baby = match per_extra_baby? {
        Some(s) => {
            let per_unit = match s.per.as_str() {
                "day" => true,
                "use" => false,
                _ => {
                    p.add(format!("{at}.per_extra_baby.per"), "\"day\" or \"use\"");
                    true
                }
            };
            Some(Surcharge {
                per_unit,
                amounts: amounts(p, &format!("{at}.per_extra_baby"), s.total_cost, s.user_fee, s.ward_amount),
            })
        }
        None => None,
    };
    source?;
    Some(FeeFile { service: service?, from: from?, until: until?, price, per_extra_baby })
}

fn read_reductions(r: &mut Reader, p: &mut Problems) -> Option<BTreeMap<Household, Reduction>> {
    let table: BTreeMap<Household, ReductionFile> = r.opt(p, "reductions")?.unwrap_or_default();
    let mut out = BTreeMap::new();
    for (household, file) in table {
        let reduction = match file {
            ReductionFile::Share(percent) if percent > 100 => {
                p.add(format!("reductions.{household}"), format!("{percent} % is more than 100"));
                Reduction::Share(100)
            }
            ReductionFile::Share(percent) => Reduction::Share(percent),
            ReductionFile::Word(_) => Reduction::Unknown,
            ReductionFile::Fixed { user_fee_per_unit } => {
                if user_fee_per_unit.values().any(|v| *v < 0) {
                    p.add(format!("reductions.{household}"), "an amount below 0 yen");
                }
                Reduction::PerUnit(user_fee_per_unit.into_iter().map(|(s, v)| (s, Decimal::from(v.max(0)))).collect())
            }
        };
        out.insert(household, reduction);
    }
    Some(out)
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
    let version: u32 = r.opt(p, "version").flatten().unwrap_or(1);
    if !(1..=2).contains(&version) {
        p.add("version", format!("version {version} is not known to this build (1 or 2)"));
    }
    let v2 = version >= 2;
    let mut sources = Vec::new();
    if v2 {
        let (url, read_on) = (r.req::<String>(p, "source"), r.req::<NaiveDate>(p, "read_on"));
        if let (Some(url), Some(read_on)) = (url, read_on) {
            sources.push(SourceNote { path: String::new(), url, read_on });
        }
    }
    let (municipality, ward_office, ward_contact) =
        (r.opt(p, "municipality"), r.opt(p, "ward_office"), r.opt(p, "ward_contact"));
    let (id, name_ja, name_en, effective_from, cancel_hour_jst, no_show, reductions) = (
        r.req(p, "id"),
        r.req(p, "name_ja"),
        r.req(p, "name_en"),
        r.req(p, "effective_from"),
        r.req::<Published<u32>>(p, "cancel_hour_jst"),
        r.req(p, "no_show"),
        read_reductions(&mut r, p),
    );
    let (eligible_after_loss, approvals_keep_rules) = if v2 {
        (
            r.opt::<Published<bool>>(p, "eligible_after_loss").map(|e| e.and_then(Published::value)),
            r.opt(p, "approvals_keep_rules").map(Option::unwrap_or_default),
        )
    } else {
        (Some(None), Some(false))
    };
    let (service, services_whole) = r.tables(p, "service", |r, p| read_service(r, p, v2, &mut sources));
    let (pool, pools_whole) = if v2 && table.contains_key("pool") {
        r.tables(p, "pool", |r, p| read_pool(r, p, &mut sources))
    } else {
        (vec![], true)
    };
    let (fee, fees_whole) = r.tables(p, "fee", |r, p| read_fee(r, p, v2, &mut sources));
    let care = r.opt(p, "care");
    r.finish(p);
    // What did not read is already a problem; the rest is still checked, so one pass finds all.
    Some(ProgramFile {
        whole: services_whole && fees_whole && pools_whole,
        version,
        // Stand-ins for what is missing (already a problem), which break no other rule.
        id: id.unwrap_or_else(|| "missing".into()),
        municipality: municipality.flatten(),
        ward_office: ward_office.flatten(),
        ward_contact: ward_contact.flatten(),
        name_ja: name_ja.unwrap_or_else(|| "-".into()),
        name_en: name_en.unwrap_or_else(|| "-".into()),
        effective_from: effective_from.unwrap_or_default(),
        cancel_hour_jst: cancel_hour_jst.map_or(Some(0), Published::value),
        no_show: no_show.unwrap_or(NoShowPolicy { user_fee_charged: true, ward_pays: false, counts_days: None }),
        reductions: reductions.unwrap_or_default(),
        service,
        pool,
        fee,
        eligible_after_loss: eligible_after_loss.flatten(),
        approvals_keep_rules: approvals_keep_rules.unwrap_or(false),
        sources,
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

fn limit_problem(limit: &Limit) -> bool {
    limit.single == Some(0) || matches!((limit.single, limit.multiple), (Some(s), Some(m)) if m < s)
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
    for (key, value) in
        [("municipality", &file.municipality), ("ward_office", &file.ward_office), ("ward_contact", &file.ward_contact)]
    {
        if value
            .as_ref()
            .is_some_and(|v| v.trim().is_empty() || v.chars().count() > 200 || v.chars().any(char::is_control))
        {
            p.add(key, "must be one line of 1 to 200 characters");
        }
    }
    if let Some(hour) = file.cancel_hour_jst.filter(|h| *h > 23) {
        p.add("cancel_hour_jst", format!("{hour} is not an hour of the day (0 to 23)"));
    }
    if file.no_show.counts_days == Some(0) {
        p.add("no_show.counts_days", "a late cancellation counts at least 1 day (leave it out for the whole use)");
    }

    let mut services = BTreeMap::new();
    let mut service_at = BTreeMap::new();
    for (i, s) in file.service.into_iter().enumerate() {
        if s.min_units == 0 || s.limit.as_ref().is_some_and(limit_problem) {
            p.add(
                format!("service[{i}]"),
                "min_units and limits must be at least 1, and a multiple birth's limit at least a single one's",
            );
        }
        if s.cancel_hour_jst.is_some_and(|h| h > 23) {
            p.add(format!("service[{i}].cancel_hour_jst"), "not an hour of the day (0 to 23)");
        }
        let rule = ServiceRule {
            service: s.service,
            unit: s.unit,
            limit: s.limit,
            min_units: s.min_units,
            meals_per_day: s.meals_per_day,
            age_limits: s.age_limits,
            corrected_age: s.corrected_age,
            cancel_hour_jst: s.cancel_hour_jst,
            name_ja: s.name_ja,
        };
        if services.insert(s.service, rule).is_some() {
            p.add(format!("service[{i}].service"), format!("{} is defined twice", s.service));
        }
        service_at.entry(s.service).or_insert(i);
    }
    if services.is_empty() && file.whole {
        p.add("service", "the program defines no service");
    }

    let mut pooled = BTreeSet::new();
    let mut pools = Vec::new();
    for (i, pool) in file.pool.into_iter().enumerate() {
        if limit_problem(&pool.limit) || pool.services.is_empty() {
            p.add(format!("pool[{i}]"), "a pool has one service or more and a limit of at least 1");
        }
        for s in &pool.services {
            if !pooled.insert(*s) {
                p.add(format!("pool[{i}].services"), format!("{s} is in two pools"));
            }
            if !services.contains_key(s) && file.whole {
                p.add(format!("pool[{i}].services"), format!("{s}, which the program does not define"));
            }
        }
        pools.push(Pool { id: pool.id, name_ja: pool.name_ja, services: pool.services, limit: pool.limit });
    }
    for (service, i) in &service_at {
        // Version 1 has already said the limit is missing.
        if file.version >= 2 && services[service].limit.is_none() && !pooled.contains(service) {
            p.add(
                format!("service[{i}]"),
                format!("{service} has no limit: give it one, \"unknown\", or put it in a pool"),
            );
        }
    }

    let mut fees: BTreeMap<Service, Vec<(usize, FeeSchedule)>> = BTreeMap::new();
    for (i, f) in file.fee.into_iter().enumerate() {
        let at = format!("fee[{i}]");
        if !services.contains_key(&f.service) && file.whole {
            p.add(
                format!("{at}.service"),
                format!("a fee schedule for {}, which the program does not define", f.service),
            );
        }
        if f.until.is_some_and(|u| u < f.from) {
            p.add(format!("{at}.until"), "until is before from");
        }
        let schedule = FeeSchedule { from: f.from, until: f.until, price: f.price, per_extra_baby: f.per_extra_baby };
        for (place, a) in amounts_of(&schedule) {
            if a.contradicts() {
                p.add(format!("{at}.{place}"), "total cost is not user fee + ward amount");
            }
        }
        fees.entry(f.service).or_default().push((i, schedule));
    }
    for (service, schedules) in fees.iter_mut() {
        schedules.sort_by_key(|(_, s)| s.from);
        for pair in schedules.windows(2) {
            // Sorted by `from`: an open-ended or late-ending earlier schedule overlaps the next.
            if pair[0].1.until.is_none_or(|u| u >= pair[1].1.from) {
                p.add(
                    format!("fee[{}].from", pair[1].0),
                    format!("two {service} fee schedules overlap (the one from {})", pair[1].1.from),
                );
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
        version: file.version,
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
        pools,
        fees: fees.into_iter().map(|(s, list)| (s, list.into_iter().map(|(_, f)| f).collect())).collect(),
        eligible_after_loss: file.eligible_after_loss,
        approvals_keep_rules: file.approvals_keep_rules,
        sources: file.sources,
    }
}
