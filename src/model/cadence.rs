//! How often a recurring control produces evidence (`cadence: quarterly`), and the audit period
//! whose every cadence window must hold an occurrence.
//!
//! A SOC 2 Type II or an ISO surveillance audit samples the period: it asks for the access review
//! of each quarter, not the latest one. The named cadences follow the calendar (ISO weeks starting
//! Monday, calendar months, quarters and years), which is how auditors name windows ("2026-Q3");
//! a period cadence (`90d`, `2w`, `6mo`) cuts the audit period into consecutive windows of that
//! length from its first day.

use std::fmt;
use std::str::FromStr;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Period;

/// How often an occurrence of a recurring piece of evidence is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
    Annually,
    /// Consecutive windows of this length, from the start of the audit period.
    Every(Period),
}

/// One cadence window: the days in which one occurrence is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    /// How an auditor names it: `2026-Q3`, `2026-07`, `2026-W27`, `2026`, or the date range.
    pub label: String,
    pub start: Date,
    /// The last day of the window (inclusive).
    pub end: Date,
}

impl Window {
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.label.contains("..") {
            f.write_str(&self.label)
        } else {
            write!(f, "{} ({}..{})", self.label, self.start, self.end)
        }
    }
}

impl Cadence {
    /// The calendar window that holds `date` (for a period cadence: the window of that length
    /// that starts on `date`).
    pub fn window_of(self, date: Date) -> Window {
        let start = match self {
            Self::Weekly => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(back.days()).unwrap_or(date)
            }
            Self::Monthly => date.first_of_month(),
            Self::Quarterly => {
                let month = (date.month() - 1) / 3 * 3 + 1;
                Date::new(date.year(), month, 1).unwrap_or(date)
            }
            Self::Annually => date.first_of_year(),
            Self::Every(_) => date,
        };
        self.window_from(start)
    }

    /// The window that starts on `start`.
    fn window_from(self, start: Date) -> Window {
        let next = match self {
            Self::Weekly => start.checked_add(1.week()),
            Self::Monthly => start.checked_add(1.month()),
            Self::Quarterly => start.checked_add(3.months()),
            Self::Annually => start.checked_add(1.year()),
            Self::Every(period) => Ok(period.after(start)),
        };
        let end = next
            .ok()
            .and_then(|n| n.yesterday().ok())
            .unwrap_or(Date::MAX);
        let label = match self {
            Self::Weekly => {
                let iso = start.iso_week_date();
                format!("{}-W{:02}", iso.year(), iso.week())
            }
            Self::Monthly => format!("{}-{:02}", start.year(), start.month()),
            Self::Quarterly => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Self::Annually => start.year().to_string(),
            Self::Every(_) => format!("{start}..{end}"),
        };
        Window { label, start, end }
    }

    /// The window after `window`.
    pub fn next(self, window: &Window) -> Option<Window> {
        let start = window.end.tomorrow().ok()?;
        Some(self.window_from(start))
    }

    /// The windows an audit period spans. Calendar windows cut by the period's edges keep their
    /// name but only the days inside the period: an occurrence is due in the part audited.
    pub fn windows(self, period: &AuditPeriod) -> Vec<Window> {
        let mut windows = Vec::new();
        let mut window = match self {
            Self::Every(_) => self.window_from(period.start),
            _ => self.window_of(period.start),
        };
        loop {
            let clipped = Window {
                label: window.label.clone(),
                start: window.start.max(period.start),
                end: window.end.min(period.end),
            };
            windows.push(clipped);
            if window.end >= period.end {
                break;
            }
            match self.next(&window) {
                Some(next) => window = next,
                None => break,
            }
        }
        windows
    }

    /// The first day an occurrence collected on `collected` no longer keeps the evidence fresh:
    /// it covers its own window and the next one (the next occurrence may come on the last day of
    /// its window), so it is stale from the start of the window after that.
    pub fn stale_on(self, collected: Date) -> Option<Date> {
        let own = self.window_of(collected);
        let next = self.next(&own)?;
        next.end.tomorrow().ok()
    }
}

impl FromStr for Cadence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "weekly" => Ok(Self::Weekly),
            "monthly" => Ok(Self::Monthly),
            "quarterly" => Ok(Self::Quarterly),
            "annually" | "yearly" => Ok(Self::Annually),
            other => other.parse::<Period>().map(Self::Every).map_err(|_| {
                format!(
                    "`{s}` is not a cadence; write weekly, monthly, quarterly, annually, or a period such as 90d"
                )
            }),
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Weekly => f.write_str("weekly"),
            Self::Monthly => f.write_str("monthly"),
            Self::Quarterly => f.write_str("quarterly"),
            Self::Annually => f.write_str("annually"),
            Self::Every(period) => period.fmt(f),
        }
    }
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Cadence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for Cadence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cadence".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\s*(weekly|monthly|quarterly|annually|yearly|[0-9]+\\s*(d|days?|w|weeks?|mo|months?|y|years?))\\s*$",
            "description": "How often an occurrence is due: weekly, monthly, quarterly, annually, or a period such as 90d",
            "examples": ["quarterly", "monthly", "90d"]
        })
    }
}

/// The period an audit covers, first and last day included: `2026-01-01..2026-12-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditPeriod {
    pub start: Date,
    pub end: Date,
}

impl fmt::Display for AuditPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl FromStr for AuditPeriod {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let expected =
            || format!("`{s}` is not an audit period; write FIRST..LAST as YYYY-MM-DD..YYYY-MM-DD");
        let (first, last) = s.trim().split_once("..").ok_or_else(expected)?;
        let day = |text: &str| {
            text.trim().parse::<Date>().map_err(|_| {
                format!(
                    "`{}` is not a date; expected a date as YYYY-MM-DD",
                    text.trim()
                )
            })
        };
        let (start, end) = (day(first)?, day(last)?);
        if end < start {
            return Err(format!(
                "the audit period `{s}` ends before it starts; write FIRST..LAST"
            ));
        }
        Ok(Self { start, end })
    }
}

impl<'de> Deserialize<'de> for AuditPeriod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for AuditPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn year_2026() -> AuditPeriod {
        "2026-01-01..2026-12-31".parse().unwrap()
    }

    #[test]
    fn quarters_of_a_year_are_named_as_auditors_name_them() {
        let windows = Cadence::Quarterly.windows(&year_2026());
        let labels: Vec<_> = windows.iter().map(|w| w.label.as_str()).collect();
        assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(windows[2].start, date(2026, 7, 1));
        assert_eq!(windows[2].end, date(2026, 9, 30));
        assert_eq!(windows[2].to_string(), "2026-Q3 (2026-07-01..2026-09-30)");
    }

    #[test]
    fn a_period_that_starts_mid_quarter_clips_the_first_window() {
        let period: AuditPeriod = "2026-02-15..2026-08-31".parse().unwrap();
        let windows = Cadence::Quarterly.windows(&period);
        assert_eq!(windows.len(), 3);
        assert_eq!(windows[0].start, date(2026, 2, 15));
        assert_eq!(windows[2].end, date(2026, 8, 31));
    }

    #[test]
    fn months_weeks_and_periods() {
        assert_eq!(Cadence::Monthly.windows(&year_2026()).len(), 12);
        let weeks = Cadence::Weekly.windows(&year_2026());
        // 2026-01-01 is a Thursday of ISO week 2026-W01; 2026-12-31 a Thursday of W53.
        assert_eq!(weeks.first().unwrap().label, "2026-W01");
        assert_eq!(weeks.last().unwrap().label, "2026-W53");
        let every: Vec<_> = Cadence::Every(Period::days(100)).windows(&year_2026());
        assert_eq!(every.len(), 4);
        assert_eq!(every[0].end, date(2026, 4, 10));
        assert_eq!(Cadence::Annually.windows(&year_2026()).len(), 1);
    }

    #[test]
    fn an_occurrence_keeps_evidence_fresh_through_the_next_window() {
        assert_eq!(
            Cadence::Quarterly.stale_on(date(2026, 2, 10)),
            Some(date(2026, 7, 1))
        );
        assert_eq!(
            Cadence::Monthly.stale_on(date(2026, 12, 31)),
            Some(date(2027, 2, 1))
        );
    }

    #[test]
    fn parses_the_documented_forms_and_refuses_others() {
        assert_eq!("quarterly".parse(), Ok(Cadence::Quarterly));
        assert_eq!("90d".parse(), Ok(Cadence::Every(Period::days(90))));
        assert!("fortnightly".parse::<Cadence>().is_err());
        assert!("2026-12-31..2026-01-01".parse::<AuditPeriod>().is_err());
        assert!("2026-01-01".parse::<AuditPeriod>().is_err());
        assert!(
            "2026-01-01..2026-13-01"
                .parse::<AuditPeriod>()
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }
}
