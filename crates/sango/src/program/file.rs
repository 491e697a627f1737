//! The TOML shape of a program definition, and its validation into a [`Program`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{FeeSchedule, NoShowPolicy, Program, ProgramError, ServiceRule, Unit};
use crate::money::{yen_int, Fee};
use crate::types::{AgeLimit, Household, Service, Yen};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFile {
    id: String,
    name_ja: String,
    name_en: String,
    effective_from: NaiveDate,
    cancel_hour_jst: u32,
    no_show: NoShowPolicy,
    #[serde(default)]
    reductions: BTreeMap<Household, u32>,
    service: Vec<ServiceFile>,
    fee: Vec<FeeFile>,
    /// The care record's table; a program without one takes Nerima's (`program::care`).
    #[serde(default)]
    care: Option<super::care::CareFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    service: Service,
    unit: Unit,
    limit_single: u32,
    limit_multiple: u32,
    min_units: u32,
    meals_per_day: u32,
    #[serde(default)]
    age_limits: Vec<AgeLimit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    fn to_fee(&self, service: Service, from: NaiveDate) -> Result<Fee, ProgramError> {
        Fee::from_parts(self.total_cost, self.user_fee, self.ward_amount)
            .map_err(|e| ProgramError::BadFee { service, from, reason: e.to_string() })
    }
}

pub(super) fn parse(text: &str) -> Result<Program, ProgramError> {
    let file: ProgramFile = toml::from_str(text).map_err(|e| ProgramError::Syntax(e.to_string()))?;

    if file.id.trim().is_empty() || file.name_ja.trim().is_empty() || file.name_en.trim().is_empty() {
        return Err(ProgramError::Invalid("id, name_ja and name_en must not be empty".into()));
    }
    if file.cancel_hour_jst > 23 {
        return Err(ProgramError::Invalid(format!("cancel_hour_jst {} is not an hour of the day", file.cancel_hour_jst)));
    }
    for (household, percent) in &file.reductions {
        if *percent > 100 {
            return Err(ProgramError::Invalid(format!("reduction for {household}: {percent} % is more than 100")));
        }
    }

    let mut services = BTreeMap::new();
    for s in file.service {
        if s.min_units == 0 || s.limit_single == 0 || s.limit_multiple < s.limit_single {
            return Err(ProgramError::Invalid(format!(
                "{}: min_units and limits must be at least 1, and a multiple birth's limit at least a single one's",
                s.service
            )));
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
            return Err(ProgramError::Invalid(format!("{} is defined twice", s.service)));
        }
    }
    if services.is_empty() {
        return Err(ProgramError::Invalid("the program defines no service".into()));
    }

    let mut fees: BTreeMap<Service, Vec<FeeSchedule>> = BTreeMap::new();
    for f in file.fee {
        if !services.contains_key(&f.service) {
            return Err(ProgramError::Invalid(format!("a fee schedule for {}, which the program does not define", f.service)));
        }
        if f.until.is_some_and(|u| u < f.from) {
            return Err(ProgramError::BadFee { service: f.service, from: f.from, reason: "until is before from".into() });
        }
        let first_block = match &f.first_block {
            Some(b) if b.units == 0 => {
                return Err(ProgramError::BadFee { service: f.service, from: f.from, reason: "a first block of 0 units".into() })
            }
            Some(b) => {
                let amounts = AmountsFile { total_cost: b.total_cost, user_fee: b.user_fee, ward_amount: b.ward_amount };
                Some((b.units, amounts.to_fee(f.service, f.from)?))
            }
            None => None,
        };
        let schedule =
            FeeSchedule { from: f.from, until: f.until, first_block, per_unit: f.per_unit.to_fee(f.service, f.from)? };
        fees.entry(f.service).or_default().push(schedule);
    }
    for (service, schedules) in &mut fees {
        schedules.sort_by_key(|s| s.from);
        for pair in schedules.windows(2) {
            // Sorted by `from`: an open-ended or late-ending earlier schedule overlaps the next.
            if pair[0].until.is_none_or(|u| u >= pair[1].from) {
                return Err(ProgramError::OverlappingSchedules { service: *service, from: pair[1].from });
            }
        }
    }
    for service in services.keys() {
        if !fees.contains_key(service) {
            return Err(ProgramError::Invalid(format!("{service} has no fee schedule")));
        }
    }

    let care = match file.care {
        Some(c) => c.validate()?,
        None => super::Program::builtin().care,
    };
    Ok(Program {
        care,
        id: file.id,
        name_ja: file.name_ja,
        name_en: file.name_en,
        effective_from: file.effective_from,
        cancel_hour_jst: file.cancel_hour_jst,
        no_show: file.no_show,
        reductions: file.reductions,
        services,
        fees,
    })
}
