//! Reading the times other tools write.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// A time as tools write it, and whether it carried no offset (and was read as UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Instant {
    pub at: Timestamp,
    pub without_offset: bool,
}

/// An RFC 3339 / ISO 8601 date-time. One without an offset (`2026-11-20T09:14:02`, as many
/// JUnit writers put it) is read as UTC, and says so.
pub(super) fn parse(text: &str) -> Result<Instant, String> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(Instant {
            at,
            without_offset: false,
        });
    }
    let civil: DateTime = text.parse().map_err(|_| {
        format!("{text:?} is not a date and time (expected RFC 3339, e.g. 2026-11-20T09:14:02Z)")
    })?;
    let at = civil
        .to_zoned(TimeZone::UTC)
        .map_err(|e| format!("{text:?} is out of range: {e}"))?
        .timestamp();
    Ok(Instant {
        at,
        without_offset: true,
    })
}

/// Strict RFC 3339 with an offset, for formats whose specification requires one.
pub(super) fn parse_with_offset(text: &str, field: &str) -> Result<Timestamp, String> {
    text.trim().parse::<Timestamp>().map_err(|_| {
        format!(
            "{field} {text:?} is not a date and time with an offset (expected RFC 3339, e.g. \
             2026-11-20T09:14:02Z)"
        )
    })
}

/// Milliseconds since the Unix epoch, as OCSF writes `time`.
pub(super) fn from_epoch_millis(ms: i64, field: &str) -> Result<Timestamp, String> {
    Timestamp::from_millisecond(ms)
        .map_err(|_| format!("{field} {ms} is not a time in milliseconds since 1970"))
}

/// The latest of some times.
pub(super) fn latest(times: impl IntoIterator<Item = Timestamp>) -> Option<Timestamp> {
    times.into_iter().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_offsets_and_treats_naive_times_as_utc() {
        let z = parse("2026-11-20T09:14:02Z").unwrap();
        assert!(!z.without_offset);
        let naive = parse("2026-11-20T09:14:02").unwrap();
        assert!(naive.without_offset);
        assert_eq!(naive.at, z.at);
        let offset = parse("2026-11-20T10:14:02.5+01:00").unwrap();
        assert_eq!(offset.at.as_second(), z.at.as_second());
        assert!(parse("yesterday").is_err());
    }
}
