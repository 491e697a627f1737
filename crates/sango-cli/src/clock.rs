//! The CLI's clock: the system clock, in Japan time; `--now` only for tests.
//!
//! A desk that could pin the clock could backdate a cancellation and make a late cancel free, so
//! `--now` is honoured only when the environment says `SANGO_TEST_CLOCK=1` (the test harnesses
//! set it); anything else is a usage error. The journal records the machine's clock beside the
//! pinned one either way (`Entry::recorded_at`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sango::app::{AppError, ErrorCode};

/// The environment variable that allows `--now`.
pub const TEST_CLOCK_ENV: &str = "SANGO_TEST_CLOCK";

/// Whether `SANGO_TEST_CLOCK=1` is set (exactly `1`: a stray value is not consent).
pub fn test_clock_allowed(env: impl Fn(&str) -> Option<String>) -> bool {
    env(TEST_CLOCK_ENV).is_some_and(|v| v.trim() == "1")
}

/// The clock for this run: `--now` when the test clock is allowed, else the system clock; `--now`
/// without `SANGO_TEST_CLOCK=1` is refused (exit 2) before anything is read or written.
pub fn clock(arg: Option<&str>, allowed: bool) -> Result<DateTime<FixedOffset>, AppError> {
    if arg.is_some() && !allowed {
        return Err(AppError::new(
            ErrorCode::TestClockOnly,
            "--now は試験用です(環境変数 SANGO_TEST_CLOCK=1 のときだけ使えます)。時計は端末の時計を使います。",
            "--now is for tests only: it is honoured only when the environment has SANGO_TEST_CLOCK=1. Without it Sango uses the machine's clock.",
        ));
    }
    now(arg)
}

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
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists"))
        });
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

    #[test]
    fn now_is_refused_unless_the_test_clock_is_allowed() {
        assert_eq!(clock(Some("2026-12-04"), false).unwrap_err().code, "test_clock_only");
        assert_eq!(clock(Some("2026-12-04"), true).unwrap().to_rfc3339(), "2026-12-04T00:00:00+09:00");
        assert!(clock(None, false).is_ok());
        let env = |v: &'static str| move |k: &str| (k == TEST_CLOCK_ENV).then(|| v.to_string());
        assert!(test_clock_allowed(env("1")));
        assert!(!test_clock_allowed(env("yes")));
        assert!(!test_clock_allowed(env("0")));
        assert!(!test_clock_allowed(|_| None));
    }
}
