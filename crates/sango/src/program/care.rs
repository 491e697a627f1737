//! The care record's program data (issue 18): the plausible and normal ranges of each value a
//! midwife records, the high-need rule of the two screening questionnaires, and the health
//! centres an urgent referral is telephoned to. One `[care]` table of the program file, read here
//! alone, so the rest of the program file can change shape without touching it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A value of the day's record that has a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CareField {
    Temperature,
    Systolic,
    Diastolic,
    Pulse,
    Pain,
    SleepHours,
    BabyWeightG,
    BabyTemperature,
    Urine,
    Stool,
    FeedMl,
    FeedMinutes,
    WeightChangeSinceBirthPercent,
}

impl CareField {
    pub const ALL: [CareField; 13] = [
        CareField::Temperature,
        CareField::Systolic,
        CareField::Diastolic,
        CareField::Pulse,
        CareField::Pain,
        CareField::SleepHours,
        CareField::BabyWeightG,
        CareField::BabyTemperature,
        CareField::Urine,
        CareField::Stool,
        CareField::FeedMl,
        CareField::FeedMinutes,
        CareField::WeightChangeSinceBirthPercent,
    ];

    /// What the midwife calls it, with its unit.
    pub fn name_ja(self) -> &'static str {
        match self {
            CareField::Temperature => "母の体温(℃)",
            CareField::Systolic => "最高血圧",
            CareField::Diastolic => "最低血圧",
            CareField::Pulse => "脈拍",
            CareField::Pain => "痛み(0〜10)",
            CareField::SleepHours => "睡眠時間",
            CareField::BabyWeightG => "赤ちゃんの体重(グラム)",
            CareField::BabyTemperature => "赤ちゃんの体温(℃)",
            CareField::Urine => "排尿の回数",
            CareField::Stool => "排便の回数",
            CareField::FeedMl => "授乳量(ミリリットル)",
            CareField::FeedMinutes => "授乳時間(分)",
            CareField::WeightChangeSinceBirthPercent => "出生時からの体重の増減(%)",
        }
    }
}

/// The range of one value: outside `min..=max` is refused (a slip of the keyboard), outside the
/// normal bounds is kept and highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CareRange {
    pub min: f64,
    pub max: f64,
    #[serde(default)]
    pub normal_min: Option<f64>,
    #[serde(default)]
    pub normal_max: Option<f64>,
}

impl CareRange {
    pub fn plausible(&self, v: f64) -> bool {
        v.is_finite() && self.min <= v && v <= self.max
    }

    pub fn normal(&self, v: f64) -> bool {
        self.normal_min.is_none_or(|m| v >= m) && self.normal_max.is_none_or(|m| v <= m)
    }
}

/// The high-need rule (愛荘町産後ケア事業実施要綱's, Nerima's default): item scores are 0–3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningThresholds {
    /// EPDS total at or above this.
    pub epds_total: u8,
    /// EPDS item 10 at or above this.
    pub epds_item_10: u8,
    /// 赤ちゃんへの気持ち質問票 total at or above this.
    pub bonding_total: u8,
    /// Its items (1-based) that alone make a high need …
    pub bonding_items: Vec<u8>,
    /// … at or above this score.
    pub bonding_item_min: u8,
}

/// A health centre (保健相談所) an urgent referral is telephoned to; `phone` is `None` where the
/// number could not be confirmed (the file says `"unknown"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HealthCentre {
    pub name: String,
    pub phone: Option<String>,
}

/// The `[care]` table, validated.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CareProgram {
    pub ranges: BTreeMap<CareField, CareRange>,
    pub screening: ScreeningThresholds,
    pub health_centres: Vec<HealthCentre>,
}

// Validated: no range holds a NaN, so equality is total.
impl Eq for CareProgram {}

impl CareProgram {
    pub fn range(&self, field: CareField) -> Option<&CareRange> {
        self.ranges.get(&field)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CareFile {
    epds_total: u8,
    epds_item_10: u8,
    bonding_total: u8,
    bonding_items: Vec<u8>,
    bonding_item_min: u8,
    #[serde(default)]
    ranges: BTreeMap<CareField, CareRange>,
    #[serde(default)]
    health_centre: Vec<HealthCentreFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HealthCentreFile {
    name: String,
    phone: String,
}

impl CareFile {
    /// The table's rules between values: the first one broken, in words, for `[care]`'s place.
    pub(super) fn validate(self) -> Result<CareProgram, String> {
        let bad = |what: String| Err(what);
        if self.epds_total > 30 || self.bonding_total > 30 || self.epds_item_10 > 3 || self.bonding_item_min > 3 {
            return bad("a threshold is beyond what the questionnaires can score (totals 30, items 3)".into());
        }
        if let Some(i) = self.bonding_items.iter().find(|&&i| !(1..=10).contains(&i)) {
            return bad(format!("bonding item {i} is not an item 1 to 10"));
        }
        for (field, r) in &self.ranges {
            let bounds = [Some(r.min), Some(r.max), r.normal_min, r.normal_max];
            if bounds.iter().flatten().any(|v| !v.is_finite()) || r.min > r.max {
                return bad(format!("range of {field:?}: min must be at most max"));
            }
            if r.normal_min.is_some_and(|n| !r.plausible(n)) || r.normal_max.is_some_and(|n| !r.plausible(n)) {
                return bad(format!("range of {field:?}: the normal range lies inside min..max"));
            }
        }
        let mut health_centres = Vec::new();
        for h in self.health_centre {
            if h.name.trim().is_empty() {
                return bad("a health centre without a name".into());
            }
            let phone = h.phone.trim();
            let phone = (phone != "unknown" && !phone.is_empty()).then(|| phone.to_string());
            if phone.as_ref().is_some_and(|p| !p.chars().all(|c| c.is_ascii_digit() || c == '-')) {
                return bad(format!("the telephone number of {} is digits and dashes, or \"unknown\"", h.name));
            }
            health_centres.push(HealthCentre { name: h.name, phone });
        }
        Ok(CareProgram {
            ranges: self.ranges,
            screening: ScreeningThresholds {
                epds_total: self.epds_total,
                epds_item_10: self.epds_item_10,
                bonding_total: self.bonding_total,
                bonding_items: self.bonding_items,
                bonding_item_min: self.bonding_item_min,
            },
            health_centres,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Program;

    #[test]
    fn nerimas_care_table_has_a_range_for_every_field_and_aisho_towns_thresholds() {
        let care = Program::builtin().care().clone();
        for f in CareField::ALL {
            assert!(care.range(f).is_some(), "{f:?}");
            assert!(crate::app::latin_words(f.name_ja()).is_empty(), "{f:?}");
        }
        assert_eq!((care.screening.epds_total, care.screening.epds_item_10, care.screening.bonding_total), (9, 1, 3));
        assert_eq!(care.screening.bonding_items, vec![3, 5]);
        assert!(care.health_centres.iter().all(|h| h.phone.as_ref().is_none_or(|p| p.starts_with("03-"))));
    }

    #[test]
    fn a_care_table_with_a_range_upside_down_or_an_item_beyond_ten_is_refused() {
        let text = include_str!("../../data/program-nerima-2024.toml");
        for (from, to) in [
            ("pulse = { min = 30, max = 200", "pulse = { min = 300, max = 200"),
            ("bonding_items = [3, 5]", "bonding_items = [3, 11]"),
            ("epds_total = 9", "epds_total = 31"),
            ("phone = \"03-5984-4621\"", "phone = \"call the ward\""),
            ("normal_max = 37.4", "normal_max = 45"),
        ] {
            assert!(text.contains(from), "{from}");
            assert!(Program::from_toml_str(&text.replace(from, to)).is_err(), "{to}");
        }
        let unknown = text.replace("phone = \"03-3931-1347\"", "phone = \"unknown\"");
        let p = Program::from_toml_str(&unknown).unwrap();
        assert_eq!(p.care().health_centres[1].phone, None);
    }

    #[test]
    fn a_value_is_plausible_inside_min_max_and_normal_inside_its_normal_bounds() {
        let r = CareRange { min: 34.0, max: 42.0, normal_min: Some(36.0), normal_max: Some(37.4) };
        for (v, plausible, normal) in [
            (33.9, false, false),
            (34.0, true, false),
            (35.9, true, false),
            (36.0, true, true),
            (37.4, true, true),
            (37.5, true, false),
            (42.0, true, false),
            (42.1, false, false),
            (f64::NAN, false, false),
        ] {
            assert_eq!((r.plausible(v), r.plausible(v) && r.normal(v)), (plausible, normal), "{v}");
        }
    }
}
