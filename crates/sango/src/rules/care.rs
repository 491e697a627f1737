//! The day's record (issue 18): which values are implausible (refused), which lie outside the
//! normal range (highlighted), and the baby's weight against birth and the last record. Pure: the
//! ranges are program data (`program::care`).

use serde::Serialize;
use ts_rs::TS;

use crate::ledger::CareEntry;
use crate::program::{CareField, CareProgram};

/// The longest of a day's short words (uterus, mood, skin…) and of its free text.
pub const SHORT_TEXT_MAX: usize = 200;
pub const NOTES_MAX: usize = 2000;
/// Feeds a day.
pub const FEEDS_MAX: usize = 40;

/// Every value of a record that has a range, with its field (the feeds' each).
pub fn values(e: &CareEntry) -> Vec<(CareField, f64)> {
    let m = &e.mother;
    let b = &e.baby;
    let mut out: Vec<(CareField, f64)> = [
        (CareField::Temperature, m.temperature),
        (CareField::Systolic, m.systolic.map(f64::from)),
        (CareField::Diastolic, m.diastolic.map(f64::from)),
        (CareField::Pulse, m.pulse.map(f64::from)),
        (CareField::Pain, m.pain.map(f64::from)),
        (CareField::SleepHours, m.sleep_hours),
        (CareField::BabyWeightG, e.baby_weight_g.map(f64::from)),
        (CareField::BabyWeightG, b.birth_weight_g.map(f64::from)),
        (CareField::BabyTemperature, b.temperature),
        (CareField::Urine, b.urine.map(f64::from)),
        (CareField::Stool, b.stool.map(f64::from)),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.map(|v| (f, v)))
    .collect();
    for feed in &b.feeds {
        out.extend(feed.ml.map(|v| (CareField::FeedMl, f64::from(v))));
        out.extend(feed.minutes.map(|v| (CareField::FeedMinutes, f64::from(v))));
    }
    out
}

/// What is wrong with a record as typed: each problem names its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    Implausible(CareField),
    TooManyMeals { max: u32 },
    TextTooLong { field_ja: &'static str, max: usize },
    TooManyFeeds,
    BadFeedTime,
}

impl RecordProblem {
    /// In the midwife's words, naming the field.
    pub fn message_ja(&self, care: &CareProgram) -> String {
        match self {
            RecordProblem::Implausible(f) => match care.range(*f) {
                Some(r) => format!("{}は{}〜{}の範囲で入力してください。", f.name_ja(), r.min, r.max),
                None => format!("{}が正しくありません。", f.name_ja()),
            },
            RecordProblem::TooManyMeals { max } => format!("食事の回数は1日{max}回までで入力してください。"),
            RecordProblem::TextTooLong { field_ja, max } => format!("{field_ja}は{max}文字までで入力してください。"),
            RecordProblem::TooManyFeeds => format!("授乳の記録は1日{FEEDS_MAX}回までです。"),
            RecordProblem::BadFeedTime => "授乳の時刻は 09:30 のように時と分で入力してください。".into(),
        }
    }
}

fn is_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else { return false };
    h.len() == 2 && m.len() == 2 && h.parse::<u32>().is_ok_and(|h| h < 24) && m.parse::<u32>().is_ok_and(|m| m < 60)
}

/// Every problem of a record: a value outside its plausible range, more meals than the service
/// serves, words beyond their length, a feed without a time of day. Empty: it may be written.
pub fn problems(e: &CareEntry, care: &CareProgram, meals_per_day: u32) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (field, v) in values(e) {
        if care.range(field).is_some_and(|r| !r.plausible(v)) && !out.contains(&RecordProblem::Implausible(field)) {
            out.push(RecordProblem::Implausible(field));
        }
    }
    if u32::from(e.meals_served) > meals_per_day {
        out.push(RecordProblem::TooManyMeals { max: meals_per_day });
    }
    let texts = [
        ("子宮復古・悪露", &e.mother.uterus_lochia),
        ("乳房・乳頭", &e.mother.breasts),
        ("気分", &e.mother.mood),
        ("黄疸", &e.baby.jaundice),
        ("皮膚", &e.baby.skin),
        ("臍", &e.baby.umbilicus),
    ];
    for (field_ja, text) in texts {
        if text.chars().count() > SHORT_TEXT_MAX {
            out.push(RecordProblem::TextTooLong { field_ja, max: SHORT_TEXT_MAX });
        }
    }
    if e.notes.chars().count() > NOTES_MAX {
        out.push(RecordProblem::TextTooLong { field_ja: "記録", max: NOTES_MAX });
    }
    if e.baby.feeds.len() > FEEDS_MAX {
        out.push(RecordProblem::TooManyFeeds);
    }
    if e.baby.feeds.iter().any(|f| !is_time(&f.time)) {
        out.push(RecordProblem::BadFeedTime);
    }
    out
}

/// The fields of a record outside their normal range (with the change since birth), for the
/// window to highlight.
pub fn outside_normal(e: &CareEntry, change: &WeightChange, care: &CareProgram) -> Vec<CareField> {
    let mut out: Vec<CareField> = Vec::new();
    let mut vals = values(e);
    vals.extend(change.since_birth_percent.map(|p| (CareField::WeightChangeSinceBirthPercent, p)));
    for (field, v) in vals {
        if care.range(field).is_some_and(|r| !r.normal(v)) && !out.contains(&field) {
            out.push(field);
        }
    }
    out
}

/// The baby's weight on a day against the birth and the previous record that has a weight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WeightChange {
    pub since_birth_g: Option<i64>,
    pub since_birth_percent: Option<f64>,
    pub since_last_g: Option<i64>,
}

/// For each record (in date order) its weight change; the birth weight is the latest one given
/// on or before the day (the midwife types it once, from the 母子健康手帳).
pub fn weight_changes(days: &[CareEntry]) -> Vec<WeightChange> {
    let mut birth: Option<u32> = None;
    let mut last: Option<u32> = None;
    days.iter()
        .map(|e| {
            birth = e.baby.birth_weight_g.or(birth);
            let change = match e.baby_weight_g {
                Some(w) => WeightChange {
                    since_birth_g: birth.map(|b| i64::from(w) - i64::from(b)),
                    since_birth_percent: birth
                        .filter(|&b| b > 0)
                        .map(|b| ((f64::from(w) - f64::from(b)) * 1000.0 / f64::from(b)).round() / 10.0),
                    since_last_g: last.map(|l| i64::from(w) - i64::from(l)),
                },
                None => WeightChange::default(),
            };
            last = e.baby_weight_g.or(last);
            change
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{BabyObservations, Feed, FeedKind, MotherObservations};
    use crate::program::Program;

    fn entry(date: &str) -> CareEntry {
        CareEntry {
            booking: "tsumugi-5".parse().unwrap(),
            date: date.parse().unwrap(),
            breast_care: true,
            feeding_consultation: false,
            parenting_consultation: false,
            baby_health_check: false,
            baby_weight_g: None,
            bathing: false,
            bathing_practice: false,
            meals_served: 0,
            formula: false,
            notes: String::new(),
            follow_up: false,
            mother: MotherObservations::default(),
            baby: BabyObservations::default(),
        }
    }

    #[test]
    fn a_value_outside_its_plausible_range_is_refused_naming_the_field_and_one_inside_passes() {
        let care = Program::builtin().care().clone();
        let cases: &[(&str, fn(&mut CareEntry), Option<CareField>)] = &[
            ("36.8 ℃", |e| e.mother.temperature = Some(36.8), None),
            ("45 ℃", |e| e.mother.temperature = Some(45.0), Some(CareField::Temperature)),
            ("33.9 ℃", |e| e.mother.temperature = Some(33.9), Some(CareField::Temperature)),
            ("blood pressure 300", |e| e.mother.systolic = Some(300), Some(CareField::Systolic)),
            ("blood pressure 250", |e| e.mother.systolic = Some(250), None),
            ("pulse 29", |e| e.mother.pulse = Some(29), Some(CareField::Pulse)),
            ("pain 11", |e| e.mother.pain = Some(11), Some(CareField::Pain)),
            ("weight 499 g", |e| e.baby_weight_g = Some(499), Some(CareField::BabyWeightG)),
            ("weight 3200 g", |e| e.baby_weight_g = Some(3200), None),
            ("birth weight 20 kg", |e| e.baby.birth_weight_g = Some(20000), Some(CareField::BabyWeightG)),
            (
                "a feed of 400 ml",
                |e| {
                    e.baby.feeds.push(Feed {
                        time: "09:00".into(),
                        kind: FeedKind::Formula,
                        ml: Some(400),
                        minutes: None,
                    })
                },
                Some(CareField::FeedMl),
            ),
            ("urine 41 times", |e| e.baby.urine = Some(41), Some(CareField::Urine)),
        ];
        for (what, set, refused) in cases {
            let mut e = entry("2026-12-07");
            set(&mut e);
            let p = problems(&e, &care, 3);
            assert_eq!(p, refused.iter().map(|f| RecordProblem::Implausible(*f)).collect::<Vec<_>>(), "{what}");
            for problem in &p {
                let m = problem.message_ja(&care);
                assert!(m.contains(refused.unwrap().name_ja()) && crate::app::latin_words(&m).is_empty(), "{m}");
            }
        }
    }

    #[test]
    fn meals_beyond_the_service_words_too_long_and_a_feed_without_a_time_are_refused() {
        let care = Program::builtin().care().clone();
        let mut e = entry("2026-12-07");
        e.meals_served = 2;
        assert_eq!(problems(&e, &care, 1), vec![RecordProblem::TooManyMeals { max: 1 }]);
        assert!(problems(&e, &care, 3).is_empty());
        e.mother.mood = "あ".repeat(SHORT_TEXT_MAX + 1);
        e.baby.feeds.push(Feed { time: "25:00".into(), kind: FeedKind::Breast, ml: None, minutes: Some(10) });
        assert_eq!(
            problems(&e, &care, 3),
            vec![RecordProblem::TextTooLong { field_ja: "気分", max: SHORT_TEXT_MAX }, RecordProblem::BadFeedTime]
        );
    }

    #[test]
    fn a_value_outside_the_normal_range_is_highlighted_and_a_loss_beyond_ten_percent_too() {
        let care = Program::builtin().care().clone();
        let mut e = entry("2026-12-07");
        e.mother.temperature = Some(37.8);
        e.mother.systolic = Some(120);
        e.mother.pulse = Some(110);
        let none = WeightChange::default();
        assert_eq!(outside_normal(&e, &none, &care), vec![CareField::Temperature, CareField::Pulse]);
        let lost = WeightChange { since_birth_g: Some(-350), since_birth_percent: Some(-11.7), since_last_g: None };
        assert!(outside_normal(&entry("2026-12-07"), &lost, &care).contains(&CareField::WeightChangeSinceBirthPercent));
        let kept = WeightChange { since_birth_percent: Some(-5.0), ..lost };
        assert!(outside_normal(&entry("2026-12-07"), &kept, &care).is_empty());
    }

    #[test]
    fn the_weight_changes_against_birth_and_the_last_record_that_weighed() {
        let mut d1 = entry("2026-12-07");
        d1.baby.birth_weight_g = Some(3000);
        d1.baby_weight_g = Some(2850);
        let d2 = entry("2026-12-08");
        let mut d3 = entry("2026-12-09");
        d3.baby_weight_g = Some(2910);
        let changes = weight_changes(&[d1, d2, d3]);
        assert_eq!(
            changes[0],
            WeightChange { since_birth_g: Some(-150), since_birth_percent: Some(-5.0), since_last_g: None }
        );
        assert_eq!(changes[1], WeightChange::default());
        assert_eq!(
            changes[2],
            WeightChange { since_birth_g: Some(-90), since_birth_percent: Some(-3.0), since_last_g: Some(60) }
        );
    }
}
