//! Screenings and referrals of a period (issue 18), for the fiscal-year report (issue 20): a pure
//! count over the working state's records. At the ward these are what facilities sent: totals
//! and flags, never the item scores.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::ledger::{Referral, ReferralReply, ReferralStatus, ScreeningRecord, Urgency};
use crate::program::ScreeningThresholds;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CareTally {
    /// Screenings of a day in the period (one a use-day; a corrected one counts once).
    pub screenings: u32,
    /// Of them, an EPDS total at or above the program's threshold.
    pub epds_at_or_above: u32,
    /// Of them, high need by the program's rule (when recorded).
    pub high_need: u32,
    /// Mothers screened, and mothers found high need (実人数).
    pub mothers_screened: u32,
    pub mothers_high_need: u32,
    /// Referrals made in the period, urgent ones, and each by the ward's latest answer.
    pub referrals: u32,
    pub urgent: u32,
    pub unanswered: u32,
    pub received: u32,
    pub in_progress: u32,
    pub done: u32,
}

/// Counts the screenings dated within `from..=to` and the referrals made within it.
pub fn tally(
    screenings: &[ScreeningRecord],
    referrals: &[(Referral, Option<ReferralReply>)],
    from: NaiveDate,
    to: NaiveDate,
    t: &ScreeningThresholds,
) -> CareTally {
    let inside = |d: NaiveDate| from <= d && d <= to;
    let mut out = CareTally::default();
    let mut screened = std::collections::BTreeSet::new();
    let mut high = std::collections::BTreeSet::new();
    for s in screenings.iter().filter(|s| inside(s.date)) {
        out.screenings += 1;
        out.epds_at_or_above += u32::from(s.epds_total.is_some_and(|e| e >= t.epds_total));
        out.high_need += u32::from(s.high_need);
        screened.insert(&s.card);
        if s.high_need {
            high.insert(&s.card);
        }
    }
    out.mothers_screened = screened.len() as u32;
    out.mothers_high_need = high.len() as u32;
    for (r, reply) in referrals.iter().filter(|(r, _)| inside(r.made_at.date_naive())) {
        out.referrals += 1;
        out.urgent += u32::from(r.urgency == Urgency::Urgent);
        match reply.as_ref().map(|x| x.status) {
            None | Some(ReferralStatus::Unread) => out.unanswered += 1,
            Some(ReferralStatus::Received) => out.received += 1,
            Some(ReferralStatus::InProgress) => out.in_progress += 1,
            Some(ReferralStatus::Done) => out.done += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Program;

    fn screening(card: &str, date: &str, epds: u8, high_need: bool) -> ScreeningRecord {
        ScreeningRecord {
            booking: "tsumugi-5".parse().unwrap(),
            card: card.parse().unwrap(),
            date: date.parse().unwrap(),
            epds: None,
            bonding: None,
            epds_total: Some(epds),
            bonding_total: None,
            high_need,
            reasons: vec![],
        }
    }

    fn referral(seq: u64, made: &str, urgency: Urgency) -> Referral {
        Referral {
            id: crate::types::ReferralId(crate::types::BookingId::new("tsumugi".parse().unwrap(), seq)),
            booking: "tsumugi-5".parse().unwrap(),
            facility: "tsumugi".parse().unwrap(),
            card: "C-1".parse().unwrap(),
            date: made[..10].parse().unwrap(),
            reason: String::new(),
            observations: String::new(),
            epds_total: None,
            bonding_total: None,
            high_need: true,
            urgency,
            made_at: made.parse().unwrap(),
        }
    }

    #[test]
    fn a_fiscal_year_counts_its_screenings_mothers_and_referrals_by_answer_and_nothing_outside_it() {
        let t = Program::builtin().care().screening.clone();
        let screenings = [
            screening("C-1", "2026-04-01", 12, true),
            screening("C-1", "2026-04-02", 8, false),
            screening("C-2", "2027-03-31", 9, true),
            screening("C-3", "2026-03-31", 20, true),
            screening("C-4", "2027-04-01", 20, true),
        ];
        let at = "2026-06-01T10:00:00+09:00";
        let reply = |seq: u64, status| {
            Some(ReferralReply {
                referral: referral(seq, at, Urgency::Normal).id,
                status,
                note: String::new(),
                at: at.parse().unwrap(),
            })
        };
        let referrals = [
            (referral(1, at, Urgency::Urgent), None),
            (referral(2, at, Urgency::Normal), reply(2, ReferralStatus::Received)),
            (referral(3, at, Urgency::Normal), reply(3, ReferralStatus::Done)),
            (referral(4, "2027-04-01T09:00:00+09:00", Urgency::Urgent), None),
        ];
        let from = "2026-04-01".parse().unwrap();
        let to = "2027-03-31".parse().unwrap();
        let got = tally(&screenings, &referrals, from, to, &t);
        assert_eq!(
            got,
            CareTally {
                screenings: 3,
                epds_at_or_above: 2,
                high_need: 2,
                mothers_screened: 2,
                mothers_high_need: 2,
                referrals: 3,
                urgent: 1,
                unanswered: 1,
                received: 1,
                in_progress: 0,
                done: 1
            }
        );
    }
}
