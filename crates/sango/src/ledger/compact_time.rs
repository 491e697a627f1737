//! Dates and times of the working state's records as numbers.
//!
//! In JSON (the journal, bundles, the window) they stay ISO 8601 text; in the working state's
//! binary records they are numbers, because parsing the text was a quarter of what a quota costs.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// `NaiveDate` as days from 0001-01-01 (CE) in binary formats.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            d.serialize(s)
        } else {
            s.serialize_i32(d.num_days_from_ce())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            let days = i32::deserialize(d)?;
            NaiveDate::from_num_days_from_ce_opt(days)
                .ok_or_else(|| de::Error::custom(format!("day {days} is out of range")))
        }
    }
}

/// `DateTime<FixedOffset>` as (seconds, nanoseconds, offset seconds) in binary formats.
pub mod datetime {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            (t.timestamp(), t.timestamp_subsec_nanos(), t.offset().local_minus_utc()).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        if d.is_human_readable() {
            DateTime::<FixedOffset>::deserialize(d)
        } else {
            let (secs, nanos, offset) = <(i64, u32, i32)>::deserialize(d)?;
            let offset = FixedOffset::east_opt(offset)
                .ok_or_else(|| de::Error::custom(format!("offset {offset} s is out of range")))?;
            DateTime::from_timestamp(secs, nanos)
                .map(|t| t.with_timezone(&offset))
                .ok_or_else(|| de::Error::custom(format!("time {secs}.{nanos} is out of range")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Both {
        #[serde(with = "date")]
        day: NaiveDate,
        #[serde(with = "datetime")]
        at: DateTime<FixedOffset>,
    }

    fn sample() -> Both {
        Both {
            day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            at: DateTime::parse_from_rfc3339("2026-12-05T10:00:00.123456789+09:00").unwrap(),
        }
    }

    #[test]
    fn json_keeps_iso_text() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(json, r#"{"day":"2026-12-07","at":"2026-12-05T10:00:00.123456789+09:00"}"#);
        assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), sample());
    }

    #[test]
    fn binary_round_trips_the_instant_and_its_offset() {
        let bytes = postcard::to_allocvec(&sample()).unwrap();
        let back: Both = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.at.offset().local_minus_utc(), 9 * 3600);
    }
}
