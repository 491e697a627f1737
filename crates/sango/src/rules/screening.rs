//! Screening (issue 18): the エジンバラ産後うつ病質問票 (EPDS) and the 赤ちゃんへの気持ち質問票, each
//! ten item scores 0–3 in the questionnaire's order, into totals and the high-need rule of the
//! program (`program::care::ScreeningThresholds`). Pure: no store, no clock.
//!
//! Only item numbers and scores are kept; the questionnaires' wording is not reproduced (see
//! ARCHITECTURE.md, "The care record and referrals", for the sources).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::program::ScreeningThresholds;

/// Items of each questionnaire.
pub const ITEMS: usize = 10;
/// The highest score of one item.
pub const ITEM_MAX: u8 = 3;

/// Why a result is high need: stable codes, in this order.
pub const EPDS_TOTAL: &str = "epds_total";
pub const EPDS_ITEM_10: &str = "epds_item_10";
pub const BONDING_TOTAL: &str = "bonding_total";
/// Followed by the item number: `bonding_item_3`.
pub const BONDING_ITEM: &str = "bonding_item_";

/// The outcome of one screening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningResult {
    pub epds_total: Option<u8>,
    pub bonding_total: Option<u8>,
    pub high_need: bool,
    pub reasons: Vec<String>,
    /// Each reason in the midwife's words (the window shows these, never its own copy).
    pub reasons_ja: Vec<String>,
    pub reasons_en: Vec<String>,
}

/// Item scores that are not ten scores of 0–3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a questionnaire has 10 item scores of 0 to 3")]
pub struct BadScores;

/// Checks one questionnaire's item scores.
pub fn check_items(items: &[u8]) -> Result<[u8; ITEMS], BadScores> {
    let items: [u8; ITEMS] = items.try_into().map_err(|_| BadScores)?;
    if items.iter().any(|&s| s > ITEM_MAX) {
        return Err(BadScores);
    }
    Ok(items)
}

/// Totals and the high-need rule of what was answered (either questionnaire may be absent).
pub fn score(epds: Option<&[u8; ITEMS]>, bonding: Option<&[u8; ITEMS]>, t: &ScreeningThresholds) -> ScreeningResult {
    let total = |items: &[u8; ITEMS]| items.iter().sum::<u8>();
    let mut reasons = Vec::new();
    if let Some(items) = epds {
        if total(items) >= t.epds_total {
            reasons.push(EPDS_TOTAL.to_string());
        }
        if items[9] >= t.epds_item_10 {
            reasons.push(EPDS_ITEM_10.to_string());
        }
    }
    if let Some(items) = bonding {
        if total(items) >= t.bonding_total {
            reasons.push(BONDING_TOTAL.to_string());
        }
        for &n in &t.bonding_items {
            if items.get(usize::from(n).wrapping_sub(1)).is_some_and(|&s| s >= t.bonding_item_min) {
                reasons.push(format!("{BONDING_ITEM}{n}"));
            }
        }
    }
    ScreeningResult {
        epds_total: epds.map(total),
        bonding_total: bonding.map(total),
        high_need: !reasons.is_empty(),
        reasons_ja: reasons.iter().map(|c| reason_ja(c, t)).collect(),
        reasons_en: reasons.iter().map(|c| reason_en(c, t)).collect(),
        reasons,
    }
}

/// A reason code in the midwife's words, with the program's thresholds.
pub fn reason_ja(code: &str, t: &ScreeningThresholds) -> String {
    match code {
        EPDS_TOTAL => format!("EPDS の合計点が{}点以上", t.epds_total),
        EPDS_ITEM_10 => format!("EPDS の項目10が{}点以上", t.epds_item_10),
        BONDING_TOTAL => format!("赤ちゃんへの気持ち質問票の合計点が{}点以上", t.bonding_total),
        c => match c.strip_prefix(BONDING_ITEM) {
            Some(n) => format!("赤ちゃんへの気持ち質問票の項目{n}が{}点以上", t.bonding_item_min),
            None => c.to_string(),
        },
    }
}

/// [`reason_ja`] in English.
pub fn reason_en(code: &str, t: &ScreeningThresholds) -> String {
    match code {
        EPDS_TOTAL => format!("EPDS total {} or more", t.epds_total),
        EPDS_ITEM_10 => format!("EPDS item 10 at {} or more", t.epds_item_10),
        BONDING_TOTAL => format!("Bonding questionnaire total {} or more", t.bonding_total),
        c => match c.strip_prefix(BONDING_ITEM) {
            Some(n) => format!("Bonding questionnaire item {n} at {} or more", t.bonding_item_min),
            None => c.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Program;

    fn items(scores: &[(usize, u8)]) -> [u8; ITEMS] {
        let mut a = [0; ITEMS];
        for &(item, s) in scores {
            a[item - 1] = s;
        }
        a
    }

    #[test]
    fn each_threshold_of_the_high_need_rule_decides_on_both_sides() {
        let t = Program::builtin().care().screening.clone();
        // (EPDS items, bonding items, totals, the reasons)
        let cases: &[(Option<[u8; ITEMS]>, Option<[u8; ITEMS]>, (Option<u8>, Option<u8>), &[&str])] = &[
            // EPDS total 8 is below 9; 9 is high need.
            (Some(items(&[(1, 3), (2, 3), (3, 2)])), None, (Some(8), None), &[]),
            (Some(items(&[(1, 3), (2, 3), (3, 3)])), None, (Some(9), None), &["epds_total"]),
            // Item 10 at 0 is not, at 1 is, whatever the total.
            (Some(items(&[(9, 3)])), None, (Some(3), None), &[]),
            (Some(items(&[(10, 1)])), None, (Some(1), None), &["epds_item_10"]),
            // The example of the WebDriver path: 12 with item 10 at 0.
            (Some(items(&[(1, 3), (2, 3), (3, 3), (4, 3)])), None, (Some(12), None), &["epds_total"]),
            (Some(items(&[(1, 3), (2, 3), (3, 3), (10, 3)])), None, (Some(12), None), &["epds_total", "epds_item_10"]),
            // Bonding total 2 is below 3; 3 is high need (items other than 3 and 5).
            (None, Some(items(&[(1, 1), (2, 1)])), (None, Some(2)), &[]),
            (None, Some(items(&[(1, 1), (2, 1), (4, 1)])), (None, Some(3)), &["bonding_total"]),
            // Item 3 or 5 at 1 alone is high need; at 0 it is not.
            (None, Some(items(&[(3, 1)])), (None, Some(1)), &["bonding_item_3"]),
            (None, Some(items(&[(5, 1)])), (None, Some(1)), &["bonding_item_5"]),
            (None, Some(items(&[(4, 2)])), (None, Some(2)), &[]),
            // Nothing answered, nothing flagged.
            (None, None, (None, None), &[]),
            (Some([0; ITEMS]), Some([0; ITEMS]), (Some(0), Some(0)), &[]),
        ];
        for (epds, bonding, totals, reasons) in cases {
            let r = score(epds.as_ref(), bonding.as_ref(), &t);
            assert_eq!((r.epds_total, r.bonding_total), *totals, "{epds:?} {bonding:?}");
            assert_eq!(r.reasons, reasons.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{epds:?} {bonding:?}");
            assert_eq!(r.high_need, !reasons.is_empty());
        }
    }

    #[test]
    fn another_programs_thresholds_move_the_line() {
        let t = ScreeningThresholds {
            epds_total: 13,
            epds_item_10: 2,
            bonding_total: 5,
            bonding_items: vec![],
            bonding_item_min: 1,
        };
        let twelve = items(&[(1, 3), (2, 3), (3, 3), (4, 2), (10, 1)]);
        assert!(!score(Some(&twelve), None, &t).high_need);
        assert!(!score(None, Some(&items(&[(3, 3)])), &t).high_need);
    }

    #[test]
    fn item_scores_are_ten_of_zero_to_three() {
        assert!(check_items(&[0, 1, 2, 3, 0, 1, 2, 3, 0, 1]).is_ok());
        assert_eq!(check_items(&[0; 9]), Err(BadScores));
        assert_eq!(check_items(&[0; 11]), Err(BadScores));
        assert_eq!(check_items(&[0, 0, 0, 4, 0, 0, 0, 0, 0, 0]), Err(BadScores));
    }

    #[test]
    fn every_reason_has_words_in_both_languages_with_the_programs_threshold() {
        let t = Program::builtin().care().screening.clone();
        for code in [EPDS_TOTAL, EPDS_ITEM_10, BONDING_TOTAL, "bonding_item_3"] {
            assert!(!reason_ja(code, &t).contains(code) && !reason_en(code, &t).contains(code), "{code}");
        }
        assert_eq!(reason_ja(EPDS_TOTAL, &t), format!("EPDS の合計点が{}点以上", t.epds_total));
        assert_eq!(
            reason_en("bonding_item_5", &t),
            format!("Bonding questionnaire item 5 at {} or more", t.bonding_item_min)
        );
        let r = score(Some(&items(&[(10, 2)])), None, &t);
        assert_eq!(r.reasons_ja, vec![format!("EPDS の項目10が{}点以上", t.epds_item_10)]);
        assert_eq!(r.reasons_en.len(), r.reasons.len());
    }
}
