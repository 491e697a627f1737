//! The CLI's clock: `--now` or the system clock, in Japan time.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sango::app::AppError;

fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// `--now` as RFC 3339; without an offset (or a bare date) it is read as Japan time.
pub fn now(arg: Option<&str>) -> Result<DateTime<FixedOffset>, AppError> {
    let Some(s) = arg.map(str::trim) else {
        return Ok(Utc::now().with_timezone(&jst()));
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists")));
    match naive {
        Ok(n) if s.len() >= 10 => Ok(jst().from_local_datetime(&n).single().expect("+09:00 has no gaps")),
        _ => Err(sango::types::ParseError::new("--now", s, "RFC 3339, e.g. 2026-12-04T09:00:00+09:00").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_without_an_offset_is_japan_time() {
        assert_eq!(now(Some("2026-12-04T09:00:00")).unwrap().to_rfc3339(), "2026-12-04T09:00:00+09:00");
        assert_eq!(now(Some("2026-12-04T00:00:00Z")).unwrap().to_rfc3339(), "2026-12-04T00:00:00+00:00");
        assert_eq!(now(Some("2026-12-04")).unwrap().to_rfc3339(), "2026-12-04T00:00:00+09:00");
        assert!(now(Some("yesterday")).is_err());
        assert!(now(Some("2026-02-30T10:00:00")).is_err());
    }
}
