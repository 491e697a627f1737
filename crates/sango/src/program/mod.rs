//! The program definition (事業の定義) as data: services, limits per birth, minimum units, age
//! limits, fee schedules by date, household reductions (減免), the no-show policy and the
//! cancellation hour.
//!
//! The built-in program is Nerima from 2024-04-01 (`data/program-nerima-2024.toml`, embedded at
//! build time). Another municipality loads its own file with [`Program::from_toml_str`]. No number
//! of the program is a constant in code.

pub mod care;
mod file;
mod limits;
mod pricing;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::Fee;
use crate::problems::Problem;
use crate::types::{AgeLimit, Household, Service};

pub use care::{CareField, CareProgram, CareRange, HealthCentre, ScreeningThresholds};
pub use limits::{Counts, Limit, Pool};
pub use pricing::{Amounts, FeeSchedule, Missing, Price, Reduction, Surcharge};

const NERIMA_2024: &str = include_str!("../../data/program-nerima-2024.toml");

/// Every program built in, as their files (`sango program list`, `init --program NAME`).
/// Nerima's is version 1 (the first file, unchanged); the others version 2, read from each
/// ward's page with what it does not say written as unknown.
const BUILTINS: &[&str] = &[
    NERIMA_2024,
    include_str!("../../data/program-itabashi-2023.toml"),
    include_str!("../../data/program-nakano-2022.toml"),
    include_str!("../../data/program-katsushika-2025.toml"),
    include_str!("../../data/program-suginami-2022.toml"),
    include_str!("../../data/program-koto-2024.toml"),
];

/// The default program's file (Nerima from 2024-04-01).
pub fn builtin_toml() -> &'static str {
    NERIMA_2024
}

/// One built-in program as `sango program list` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProgramListing {
    /// The name `--program` takes, e.g. `nerima-2024`.
    pub name: String,
    pub municipality: String,
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
}

/// The built-in programs, parsed (each file is checked by the tests).
pub fn builtins() -> &'static [(Program, &'static str)] {
    static ALL: OnceLock<Vec<(Program, &'static str)>> = OnceLock::new();
    ALL.get_or_init(|| {
        BUILTINS
            .iter()
            .map(|text| (Program::from_toml_str(text).expect("the built-in program files are valid"), *text))
            .collect()
    })
}

/// The built-in program called `name`, with its file's text.
pub fn builtin_named(name: &str) -> Option<(Program, &'static str)> {
    builtins().iter().find(|(p, _)| p.id() == name.trim()).map(|(p, t)| (p.clone(), *t))
}

/// What `sango program list` prints.
pub fn listing() -> Vec<ProgramListing> {
    builtins().iter().map(|(p, _)| p.listing()).collect()
}

/// What a service is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Unit {
    /// A calendar day at the facility (a stay counts check-in through check-out).
    Day,
    /// One home visit.
    Visit,
}

/// One service as the program defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ServiceRule {
    pub service: Service,
    pub unit: Unit,
    /// Its own limit, summed over every facility; `None` for a pooled service with no cap of its
    /// own (the pool's limit is then its only one).
    pub limit: Option<Limit>,
    /// The shortest use: 2 for a short stay (1泊2日).
    pub min_units: u32,
    pub meals_per_day: u32,
    /// The program's own limits on the baby's age, on every day of a use.
    pub age_limits: Vec<AgeLimit>,
    /// Ages count from the due date recorded with the birth (修正月齢), when there is one.
    pub corrected_age: bool,
    /// This service's own cancellation hour (葛飾区: 15:00 for day care and visits).
    pub cancel_hour_jst: Option<u32>,
    /// The program's own name for the service, where it has one (the notice prints it).
    pub name_ja: Option<String>,
}

/// What happens to a late cancellation or a no-show (利用したものとみなし).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NoShowPolicy {
    /// The user share is charged.
    pub user_fee_charged: bool,
    /// The ward pays its share too (Nerima's default: no, and the day is flagged).
    pub ward_pays: bool,
    /// A late cancellation counts as this many days (板橋区: 1), not the whole use; `None`: the
    /// whole use.
    #[serde(default)]
    pub counts_days: Option<u32>,
}

/// What the facility charges a mother, without saying which household she is (the roster's and
/// the notice's word for her household).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum FeeBand {
    /// The program's user share (一般).
    Standard,
    /// A reduced user share (減額).
    Reduced,
    /// No user share (免除).
    Free,
}

impl FeeBand {
    /// The household a facility told only the band records and prices by: reduced as non-taxable,
    /// free as welfare. Right for every program whose welfare reduction is at least the
    /// non-taxable one (Nerima's waives both); the record says the band's price, not her household.
    pub fn stand_in(self) -> Household {
        match self {
            FeeBand::Standard => Household::Standard,
            FeeBand::Reduced => Household::NonTaxable,
            FeeBand::Free => Household::Welfare,
        }
    }
}

/// A program file that cannot be used: every problem found, each with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramError {
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for ProgramError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let all: Vec<String> = self.problems.iter().map(Problem::to_string).collect();
        write!(f, "the program file is not valid: {}", all.join("; "))
    }
}

impl std::error::Error for ProgramError {}

/// A question the program cannot answer: an expected failure, never a bug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{service} is not part of the program")]
    NotInProgram { service: Service },
    #[error("no {service} fee schedule is in force on {day}")]
    NoFeeSchedule { service: Service, day: NaiveDate },
    #[error("{units} is below the minimum of {min_units} for {service}")]
    TooShort { service: Service, units: u32, min_units: u32 },
    /// The answer needs a value the municipality has not published (`unknown` in the file).
    #[error("the program does not say {what_en}")]
    Incomplete { what_ja: String, what_en: String },
    #[error("the amount is too large")]
    Overflow,
}

/// Where a part of the program was read: the municipality's page and the day it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SourceNote {
    /// The part of the file, e.g. `fee[1]` (empty for the whole program).
    pub path: String,
    pub url: String,
    #[ts(type = "string")]
    pub read_on: NaiveDate,
}

/// A municipality's postpartum care program, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    version: u32,
    id: String,
    municipality: String,
    ward_office: String,
    ward_contact: String,
    name_ja: String,
    name_en: String,
    effective_from: NaiveDate,
    cancel_hour_jst: Option<u32>,
    no_show: NoShowPolicy,
    reductions: BTreeMap<Household, Reduction>,
    services: BTreeMap<Service, ServiceRule>,
    pools: Vec<Pool>,
    fees: BTreeMap<Service, Vec<FeeSchedule>>,
    /// After a miscarriage or stillbirth: `None` where the program does not say.
    eligible_after_loss: Option<bool>,
    /// An approval issued before this program keeps the rules it was issued under (杉並区).
    approvals_keep_rules: bool,
    sources: Vec<SourceNote>,
    care: CareProgram,
}

impl Program {
    /// Nerima's program from 2024-04-01 (令和6年度), built in.
    pub fn builtin() -> Program {
        static BUILTIN: OnceLock<Program> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded file is checked by the tests; failing here is a bug in this crate.
                Program::from_toml_str(NERIMA_2024).expect("the built-in program file is valid")
            })
            .clone()
    }

    /// A program from its TOML definition (see `docs/program-file.md` for the shape).
    ///
    /// # Errors
    /// A file that does not parse, an unknown key, a fee whose cost is not user + ward, two
    /// schedules of one service in force on the same day, a service without a schedule, a limit
    /// of 0, a cancellation hour beyond 23, a reduction above 100 %.
    ///
    /// # Example
    /// ```
    /// use sango::program::Program;
    /// let bad = include_str!("../../data/program-nerima-2024.toml").replace("user_fee = 1500", "user_fee = 1600").replace("limit_single = 6", "limit_single = 0");
    /// let problems = Program::from_toml_str(&bad).unwrap_err().problems;
    /// // Both problems, each with its place: the day-care fee and the home-visit service.
    /// assert_eq!(problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["service[2]", "fee[1].per_unit"]);
    /// assert!(problems.iter().all(|p| p.line.is_some()));
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Program, ProgramError> {
        file::parse(text)
    }

    pub fn listing(&self) -> ProgramListing {
        ProgramListing {
            name: self.id.clone(),
            municipality: self.municipality.clone(),
            effective_from: self.effective_from,
        }
    }

    /// The file's format: 1 (Nerima's first file) or 2.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The municipality running the program, e.g. 「練馬区」.
    pub fn municipality(&self) -> &str {
        &self.municipality
    }

    /// The office that approves uses and answers questions, as notices and the ward card name it.
    pub fn ward_office(&self) -> &str {
        &self.ward_office
    }

    /// The office's telephone and fax, as notices print them ("" when the file gives none).
    pub fn ward_contact(&self) -> &str {
        &self.ward_contact
    }

    /// A stable id, e.g. `nerima-2024`.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn name_ja(&self) -> &str {
        &self.name_ja
    }

    pub fn name_en(&self) -> &str {
        &self.name_en
    }

    /// The day the definition took effect (for display: 「2024年4月1日から」).
    pub fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }

    /// Where each part was read (version 2 files; empty for version 1).
    pub fn sources(&self) -> &[SourceNote] {
        &self.sources
    }

    /// The services the program offers, in `Service` order.
    pub fn services(&self) -> impl Iterator<Item = &ServiceRule> {
        self.services.values()
    }

    pub fn service(&self, service: Service) -> Option<&ServiceRule> {
        self.services.get(&service)
    }

    /// The pools over services (中野区: one count over all three).
    pub fn pools(&self) -> &[Pool] {
        &self.pools
    }

    /// The pool a service counts in, if any.
    pub fn pool_of(&self, service: Service) -> Option<&Pool> {
        self.pools.iter().find(|p| p.services.contains(&service))
    }

    /// The tightest published limit of a service for a birth of `babies`: its own, else its
    /// pool's; 0 for a service the program does not offer or whose limit is not published.
    ///
    /// ```
    /// use sango::{program::Program, types::Service};
    /// let p = Program::builtin();
    /// assert_eq!((p.limit(Service::DayCare, 1), p.limit(Service::DayCare, 2)), (12, 18));
    /// assert_eq!((p.limit(Service::ShortStay, 1), p.limit(Service::ShortStay, 3)), (7, 7));
    /// ```
    pub fn limit(&self, service: Service, babies: u8) -> u32 {
        let Some(s) = self.services.get(&service) else { return 0 };
        let own = s.limit.and_then(|l| l.units(babies));
        let pooled = self.pool_of(service).and_then(|p| p.limit.units(babies));
        match (own, pooled) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 0,
        }
    }

    /// The longest use one booking may ask for: the largest limit any birth has (a longer one
    /// is over every limit), a visit at a time, never beyond [`crate::rules::MAX_USE_DAYS`].
    pub fn max_units(&self, service: Service) -> u32 {
        let most = crate::rules::MAX_USE_DAYS;
        match self.services.get(&service) {
            Some(s) if s.unit == Unit::Visit => 1,
            Some(_) => {
                [1u8, 2, 5].iter().map(|b| self.limit(service, *b)).max().filter(|n| *n > 0).unwrap_or(most).min(most)
            }
            None => 1,
        }
    }

    /// The shortest use in units (short stay: 2 = 1泊2日); 1 for a service not in the program.
    pub fn min_units(&self, service: Service) -> u32 {
        self.services.get(&service).map_or(1, |s| s.min_units)
    }

    /// The words of the shortest use, as notices print its fee: 「1泊2日」, 「1日」, 「1回」.
    pub fn unit_words_ja(&self, service: Service) -> String {
        match self.services.get(&service) {
            Some(s) if s.unit == Unit::Visit => "1回".to_string(),
            Some(s) if service == Service::ShortStay && s.min_units >= 2 => {
                format!("{}泊{}日", s.min_units - 1, s.min_units)
            }
            Some(s) => format!("{}日", s.min_units),
            None => "—".to_string(),
        }
    }

    /// The service as this program's documents name it: its own `name_ja`, else Nerima's term.
    pub fn service_name_ja(&self, service: Service) -> &str {
        self.services.get(&service).and_then(|s| s.name_ja.as_deref()).unwrap_or(service.name_ja())
    }

    /// [`Program::unit_words_ja`] in English: 「1 night, 2 days」, 「1 day」, 「1 visit」.
    pub fn unit_words_en(&self, service: Service) -> String {
        let plural = |n: u32, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
        match self.services.get(&service) {
            Some(s) if s.unit == Unit::Visit => "1 visit".to_string(),
            Some(s) if service == Service::ShortStay && s.min_units >= 2 => {
                format!("{}, {}", plural(s.min_units - 1, "night"), plural(s.min_units, "day"))
            }
            Some(s) => plural(s.min_units, "day"),
            None => "—".to_string(),
        }
    }

    /// The program's age limits for a service (hard and soft); empty if not in the program.
    pub fn age_limits(&self, service: Service) -> &[AgeLimit] {
        self.services.get(&service).map_or(&[], |s| s.age_limits.as_slice())
    }

    /// The hour (Japan time) of the cancellation deadline on the nearest open day before a use;
    /// `None` where the program does not publish it.
    pub fn cancel_hour(&self) -> Option<u32> {
        self.cancel_hour_jst
    }

    /// The cancellation hour of one service: its own where the program sets one (葛飾区).
    pub fn cancel_hour_of(&self, service: Service) -> Option<u32> {
        self.services.get(&service).and_then(|s| s.cancel_hour_jst).or(self.cancel_hour_jst)
    }

    /// The days or visits a late cancellation or no-show of `units` counts against her limit
    /// (and is charged for): the whole use, or the program's few days (板橋区: 1).
    pub fn late_units(&self, units: u32) -> u32 {
        self.no_show.counts_days.map_or(units, |n| n.min(units))
    }

    /// Whether a mother after a miscarriage or stillbirth may use the program; `None`: not said.
    pub fn eligible_after_loss(&self) -> Option<bool> {
        self.eligible_after_loss
    }

    /// Whether an approval issued under an earlier program keeps its rules (杉並区).
    pub fn approvals_keep_rules(&self) -> bool {
        self.approvals_keep_rules
    }

    /// The care record's ranges, the screening thresholds and the health centres (`[care]`).
    pub fn care(&self) -> &CareProgram {
        &self.care
    }

    pub fn no_show_policy(&self) -> NoShowPolicy {
        self.no_show
    }

    /// A household's reduction (a share of 100 % when the program gives it none).
    pub fn reduction(&self, household: Household) -> Reduction {
        self.reductions.get(&household).cloned().unwrap_or(Reduction::Share(100))
    }

    /// What a facility is told of a household: the share of the user fee she pays, not why.
    pub fn fee_band(&self, household: Household) -> FeeBand {
        match self.reduction(household) {
            Reduction::Share(0) => FeeBand::Free,
            Reduction::Share(p) if p >= 100 => FeeBand::Standard,
            _ => FeeBand::Reduced,
        }
    }

    /// The schedule in force on `day`, if any.
    pub fn schedule(&self, service: Service, day: NaiveDate) -> Option<&FeeSchedule> {
        self.fees.get(&service)?.iter().find(|s| s.covers(day))
    }

    /// The fee of a use of `units` days or visits beginning on `first_day` for one baby, priced by
    /// the schedule in force on that day, with the household's reduction applied.
    ///
    /// A reduced user share is rounded down to the yen (in the mother's favour); what she no
    /// longer pays moves to the ward, so the total never changes.
    ///
    /// # Errors
    /// [`RuleError::TooShort`] below the service's minimum (a 1-day short stay);
    /// [`RuleError::NoFeeSchedule`] when no schedule is in force on `first_day` — such a day is
    /// never priced by a neighbouring schedule; [`RuleError::Incomplete`] when the price needs a
    /// value not published; [`RuleError::NotInProgram`].
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// use sango::{program::Program, types::{Household, Service}};
    /// let p = Program::builtin();
    /// let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    /// // 2泊3日: the 1泊2日 block and one more day.
    /// let fee = p.fee(Service::ShortStay, day, 3, Household::Standard).unwrap();
    /// assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(99000), dec!(10500), dec!(88500)));
    /// // Waived for a welfare household: the ward pays it all.
    /// let fee = p.fee(Service::ShortStay, day, 3, Household::Welfare).unwrap();
    /// assert_eq!((fee.user_fee(), fee.ward_amount()), (dec!(0), dec!(99000)));
    /// // A one-day stay is not a stay; a day before the program is not priced.
    /// assert!(p.fee(Service::ShortStay, day, 1, Household::Standard).is_err());
    /// assert!(p.fee(Service::DayCare, NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(), 1, Household::Standard).is_err());
    /// ```
    pub fn fee(
        &self,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        household: Household,
    ) -> Result<Fee, RuleError> {
        self.fee_for(service, first_day, units, household, 1)
    }

    /// [`Program::fee`] for a birth of `babies` (a surcharge per extra baby where the program has one).
    ///
    /// # Errors
    /// As [`Program::fee`].
    pub fn fee_for(
        &self,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        household: Household,
        babies: u8,
    ) -> Result<Fee, RuleError> {
        let rule = self.services.get(&service).ok_or(RuleError::NotInProgram { service })?;
        if units < rule.min_units {
            return Err(RuleError::TooShort { service, units, min_units: rule.min_units });
        }
        self.price(service, first_day, units, household, babies)
    }

    /// The price of `units` whatever the minimum (a late cancellation counted as 1 day).
    fn price(
        &self,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        household: Household,
        babies: u8,
    ) -> Result<Fee, RuleError> {
        let schedule = self.schedule(service, first_day).ok_or(RuleError::NoFeeSchedule { service, day: first_day })?;
        let standard = schedule.standard(units, babies).map_err(|m| self.incomplete_price(service, m))?;
        let fee = self.reduction(household).apply(standard, service, units).ok_or_else(|| RuleError::Incomplete {
            what_ja: format!("{}の{}の減免額", household.name_ja(), service.name_ja()),
            what_en: format!("the reduction of {} for {household}", service),
        })?;
        debug_assert_eq!(fee.total_cost(), standard.total_cost());
        Ok(fee)
    }

    fn incomplete_price(&self, service: Service, missing: Missing) -> RuleError {
        let (ja, en) = match missing {
            Missing::Overflow => return RuleError::Overflow,
            Missing::NoRow(units) => (format!("{units}日の料金"), format!("the fee of {units} days")),
            Missing::Unknown("first_block") => ("最初の区切りの料金".to_string(), "the first block's fee".to_string()),
            Missing::Unknown("per_extra_baby") => {
                ("多胎の加算額".to_string(), "the surcharge per extra baby".to_string())
            }
            Missing::Unknown("table") => ("日数ごとの料金".to_string(), "the fee by length".to_string()),
            Missing::Unknown(_) => ("1日・1回ごとの料金".to_string(), "the fee per day or visit".to_string()),
        };
        RuleError::Incomplete {
            what_ja: format!("{}の{ja}", service.name_ja()), what_en: format!("{en} of {service}")
        }
    }

    /// What a late cancellation or a no-show of that use charges, by the no-show policy: for the
    /// days it counts ([`Program::late_units`]). Nerima: the (household's) user share is charged
    /// and the ward pays nothing; the total is then the user share, so cost = user + ward still
    /// holds. The ledger flags the use as a no-show.
    ///
    /// # Errors
    /// As [`Program::fee`].
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// use sango::{program::Program, types::{Household, Service}};
    /// let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    /// let fee = Program::builtin().no_show_fee(Service::DayCare, day, 2, Household::Standard).unwrap();
    /// assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(3000), dec!(3000), dec!(0)));
    /// ```
    pub fn no_show_fee(
        &self,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        household: Household,
    ) -> Result<Fee, RuleError> {
        let counted = self.late_units(units);
        let fee = if counted == units {
            self.fee(service, first_day, units, household)?
        } else {
            self.price(service, first_day, counted, household, 1)?
        };
        Ok(match (self.no_show.user_fee_charged, self.no_show.ward_pays) {
            (true, true) => fee,
            (true, false) => fee.user_only(),
            (false, true) => fee.move_to_ward(fee.user_fee()),
            (false, false) => Fee::ZERO,
        })
    }

    /// The same program with one service's own limit replaced (the rules' table tests).
    #[cfg(test)]
    pub(crate) fn with_limit(mut self, service: Service, limit: Limit) -> Program {
        if let Some(s) = self.services.get_mut(&service) {
            s.limit = Some(limit);
        }
        self
    }
}

#[cfg(test)]
mod tests;
