//! The forms of the two records the doors write whole: the midwife's day (`CareEntry`) and 設定
//! (`Settings`). Each door sends the form (the window as the IPC's JSON, the CLI from its flags) and
//! reads it back; the journal keeps the record. So a form field is never a journal format change,
//! and a record's field the window does not know (an older entry's 保健相談所へのフォロー) is kept.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppError, ErrorCode};
use crate::calendar::ClosedDays;
use crate::ledger::{BabyObservations, Capacity, CareEntry, MotherObservations, Settings};
use crate::types::{normalise_token, parse_date, ParseError};

/// The care given on a day, by the codes both doors name it with (the CLI's `--care`, the window's
/// buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum CareGiven {
    /// 乳房ケア.
    BreastCare,
    /// 授乳相談.
    Feeding,
    /// 育児相談.
    Parenting,
    /// 児の健康チェック.
    BabyCheck,
    /// 沐浴.
    Bathing,
    /// 沐浴指導.
    BathingPractice,
    /// 人工乳(ミルク)の提供.
    Formula,
}

impl CareGiven {
    pub const ALL: [CareGiven; 7] = [
        CareGiven::BreastCare,
        CareGiven::Feeding,
        CareGiven::Parenting,
        CareGiven::BabyCheck,
        CareGiven::Bathing,
        CareGiven::BathingPractice,
        CareGiven::Formula,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CareGiven::BreastCare => "breast-care",
            CareGiven::Feeding => "feeding",
            CareGiven::Parenting => "parenting",
            CareGiven::BabyCheck => "baby-check",
            CareGiven::Bathing => "bathing",
            CareGiven::BathingPractice => "bathing-practice",
            CareGiven::Formula => "formula",
        }
    }

    /// Whether `e` records this care.
    fn given(self, e: &CareEntry) -> bool {
        match self {
            CareGiven::BreastCare => e.breast_care,
            CareGiven::Feeding => e.feeding_consultation,
            CareGiven::Parenting => e.parenting_consultation,
            CareGiven::BabyCheck => e.baby_health_check,
            CareGiven::Bathing => e.bathing,
            CareGiven::BathingPractice => e.bathing_practice,
            CareGiven::Formula => e.formula,
        }
    }
}

impl FromStr for CareGiven {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<CareGiven, ParseError> {
        let code = normalise_token(s).to_ascii_lowercase();
        CareGiven::ALL.into_iter().find(|c| c.code() == code).ok_or_else(|| {
            ParseError::new(
                "care",
                s,
                "breast-care, feeding, parenting, baby-check, bathing, bathing-practice or formula",
            )
        })
    }
}

/// The midwife's record of one day of a use, as both doors send it and read it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayRecordForm {
    pub booking: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub care: Vec<CareGiven>,
    pub baby_weight_g: Option<u32>,
    pub meals_served: u8,
    /// The day's free text: stays at the facility.
    pub notes: String,
    pub mother: MotherObservations,
    pub baby: BabyObservations,
}

impl TryFrom<&DayRecordForm> for CareEntry {
    type Error = AppError;

    fn try_from(form: &DayRecordForm) -> Result<CareEntry, AppError> {
        let has = |c: CareGiven| form.care.contains(&c);
        Ok(CareEntry {
            booking: form.booking.parse()?,
            date: parse_date(&form.date)?,
            breast_care: has(CareGiven::BreastCare),
            feeding_consultation: has(CareGiven::Feeding),
            parenting_consultation: has(CareGiven::Parenting),
            baby_health_check: has(CareGiven::BabyCheck),
            baby_weight_g: form.baby_weight_g,
            bathing: has(CareGiven::Bathing),
            bathing_practice: has(CareGiven::BathingPractice),
            meals_served: form.meals_served,
            formula: has(CareGiven::Formula),
            notes: form.notes.trim().to_string(),
            follow_up: false,
            mother: form.mother.clone(),
            baby: form.baby.clone(),
        })
    }
}

impl From<&CareEntry> for DayRecordForm {
    fn from(e: &CareEntry) -> DayRecordForm {
        DayRecordForm {
            booking: e.booking.to_string(),
            date: e.date.to_string(),
            care: CareGiven::ALL.into_iter().filter(|c| c.given(e)).collect(),
            baby_weight_g: e.baby_weight_g,
            meals_served: e.meals_served,
            notes: e.notes.clone(),
            mother: e.mother.clone(),
            baby: e.baby.clone(),
        }
    }
}

/// The most places of a service a day (a bound against a typing slip, not a rule of the program).
pub const MAX_PLACES: u32 = 1000;
/// The idle lock's range in minutes.
pub const IDLE_LOCK_MINUTES: std::ops::RangeInclusive<u32> = 1..=60;

/// 設定 as the facility's admin edits it and the window reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingsForm {
    /// Closed days as `sun,holidays,2026-12-31` (see `calendar::ClosedDays::parse`).
    pub closed: String,
    pub capacity: Capacity,
    /// Home-visit districts this install covers; `None`: the directory's.
    pub visit_areas: Option<Vec<String>>,
    pub idle_lock_minutes: u32,
    pub consent_required: bool,
}

impl TryFrom<&SettingsForm> for Settings {
    type Error = AppError;

    /// Everything the form alone decides; the visit areas are checked against the ward's directory
    /// by `App::settings_set`.
    fn try_from(form: &SettingsForm) -> Result<Settings, AppError> {
        ClosedDays::parse(&form.closed)?;
        let c = form.capacity;
        if [c.short_stay, c.day_care, c.home_visit].iter().any(|&n| n > MAX_PLACES) {
            return Err(AppError::new(
                ErrorCode::BadCapacity,
                format!("定員は0〜{MAX_PLACES}で指定してください。"),
                format!("Places must be 0 to {MAX_PLACES}."),
            ));
        }
        if !IDLE_LOCK_MINUTES.contains(&form.idle_lock_minutes) {
            let (lo, hi) = (IDLE_LOCK_MINUTES.start(), IDLE_LOCK_MINUTES.end());
            return Err(AppError::new(
                ErrorCode::BadIdleLock,
                format!("自動ロックまでの時間は{lo}〜{hi}分で指定してください。"),
                format!("The idle lock is {lo} to {hi} minutes."),
            ));
        }
        let areas = form.visit_areas.as_ref().map(|a| a.iter().map(|d| normalise_token(d)).collect());
        Ok(Settings {
            closed: form.closed.trim().to_string(),
            capacity: c,
            visit_areas: areas,
            idle_lock_minutes: form.idle_lock_minutes,
            consent_required: form.consent_required,
        })
    }
}

impl From<&Settings> for SettingsForm {
    fn from(s: &Settings) -> SettingsForm {
        SettingsForm {
            closed: s.closed.clone(),
            capacity: s.capacity,
            visit_areas: s.visit_areas.clone(),
            idle_lock_minutes: s.idle_lock_minutes,
            consent_required: s.consent_required,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(care: Vec<CareGiven>) -> DayRecordForm {
        DayRecordForm {
            booking: "tsumugi-3".into(),
            date: "2026-12-08".into(),
            care,
            baby_weight_g: Some(3250),
            meals_served: 3,
            notes: " 授乳は順調 ".into(),
            mother: MotherObservations::default(),
            baby: BabyObservations::default(),
        }
    }

    #[test]
    fn a_day_record_form_becomes_the_record_and_reads_back_the_same() {
        let form = day(vec![CareGiven::Bathing, CareGiven::BreastCare]);
        let e = CareEntry::try_from(&form).unwrap();
        assert!(e.breast_care && e.bathing && !e.feeding_consultation && !e.formula && !e.follow_up);
        assert_eq!((e.date.to_string(), e.notes.as_str()), ("2026-12-08".to_string(), "授乳は順調"));
        let back = DayRecordForm::from(&e);
        assert_eq!(back.care, vec![CareGiven::BreastCare, CareGiven::Bathing], "in the codes' order");
        assert_eq!(back.notes, "授乳は順調");
        // Every code sets its own flag and no other.
        for c in CareGiven::ALL {
            let e = CareEntry::try_from(&day(vec![c])).unwrap();
            assert_eq!(DayRecordForm::from(&e).care, vec![c], "{c:?}");
            assert_eq!(c.code().parse::<CareGiven>().unwrap(), c);
        }
        assert_eq!("ＢＡＴＨＩＮＧ".parse::<CareGiven>().unwrap(), CareGiven::Bathing, "full-width folds");
        let unknown = AppError::from("massage".parse::<CareGiven>().unwrap_err());
        assert!(
            unknown.message_ja.contains("ケアの内容") && unknown.message_ja.contains("bathing"),
            "{}",
            unknown.message_ja
        );
        let mut bad = day(vec![]);
        bad.date = "12/8".into();
        assert_eq!(CareEntry::try_from(&bad).unwrap_err().code, ErrorCode::BadInput);
        bad = day(vec![]);
        bad.booking = "?".into();
        assert_eq!(CareEntry::try_from(&bad).unwrap_err().code, ErrorCode::BadInput);
    }

    fn settings() -> SettingsForm {
        SettingsForm::from(&Settings::default())
    }

    #[test]
    fn a_settings_form_is_refused_on_each_side_of_its_bounds() {
        assert!(Settings::try_from(&settings()).is_ok());
        let with = |f: &dyn Fn(&mut SettingsForm)| {
            let mut s = settings();
            f(&mut s);
            Settings::try_from(&s).map(|_| ()).map_err(|e| e.code)
        };
        assert_eq!(with(&|s| s.capacity.day_care = MAX_PLACES), Ok(()));
        assert_eq!(with(&|s| s.capacity.day_care = MAX_PLACES + 1), Err(ErrorCode::BadCapacity));
        assert_eq!(with(&|s| s.idle_lock_minutes = 1), Ok(()));
        assert_eq!(with(&|s| s.idle_lock_minutes = 60), Ok(()));
        assert_eq!(with(&|s| s.idle_lock_minutes = 0), Err(ErrorCode::BadIdleLock));
        assert_eq!(with(&|s| s.idle_lock_minutes = 61), Err(ErrorCode::BadIdleLock));
        assert_eq!(with(&|s| s.closed = "sun,holidays".into()), Ok(()));
        assert!(with(&|s| s.closed = "someday".into()).is_err());
        let mut s = settings();
        s.visit_areas = Some(vec!["１７７".into()]);
        assert_eq!(Settings::try_from(&s).unwrap().visit_areas, Some(vec!["177".to_string()]));
    }
}
