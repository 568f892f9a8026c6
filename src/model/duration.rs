//! Calendar periods such as `90d`, `12w`, `6mo`, `1y`: how long evidence stays fresh and how often
//! a control is reviewed.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A whole number of days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub amount: u32,
    pub unit: PeriodUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Period {
    pub const fn days(amount: u32) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Days,
        }
    }

    pub const fn years(amount: u32) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Years,
        }
    }

    /// `date` plus this period; saturates at the last representable date.
    pub fn after(self, date: Date) -> Date {
        let n = i64::from(self.amount);
        let span = match self.unit {
            PeriodUnit::Days => jiff::Span::new().try_days(n),
            PeriodUnit::Weeks => jiff::Span::new().try_weeks(n),
            PeriodUnit::Months => jiff::Span::new().try_months(n),
            PeriodUnit::Years => jiff::Span::new().try_years(n),
        };
        span.ok()
            .and_then(|s| date.checked_add(s).ok())
            .unwrap_or(Date::MAX)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suffix = match self.unit {
            PeriodUnit::Days => "d",
            PeriodUnit::Weeks => "w",
            PeriodUnit::Months => "mo",
            PeriodUnit::Years => "y",
        };
        write!(f, "{}{suffix}", self.amount)
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (digits, unit) = s.split_at(split);
        let expected = || format!("`{s}` is not a period; write e.g. 90d, 12w, 6mo or 1y");
        let amount: u32 = digits.parse().map_err(|_| expected())?;
        let unit = match unit.trim() {
            "d" | "day" | "days" => PeriodUnit::Days,
            "w" | "week" | "weeks" => PeriodUnit::Weeks,
            "mo" | "month" | "months" => PeriodUnit::Months,
            "y" | "year" | "years" => PeriodUnit::Years,
            _ => return Err(expected()),
        };
        if amount == 0 {
            return Err(format!("`{s}` is zero; a period must be at least one unit"));
        }
        Ok(Self { amount, unit })
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\s*[0-9]+\\s*(d|days?|w|weeks?|mo|months?|y|years?)\\s*$",
            "description": "A whole number of days, weeks, months or years: 90d, 12w, 6mo, 1y",
            "examples": ["90d", "6mo", "1y"]
        })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!("90d".parse(), Ok(Period::days(90)));
        assert_eq!("1y".parse(), Ok(Period::years(1)));
        assert_eq!(
            "6mo".parse::<Period>().map(|p| p.to_string()),
            Ok("6mo".into())
        );
        assert_eq!(
            "2 weeks".parse::<Period>().map(|p| p.to_string()),
            Ok("2w".into())
        );
        assert!("0d".parse::<Period>().is_err());
        assert!("d".parse::<Period>().is_err());
        assert!("3 fortnights".parse::<Period>().is_err());
    }

    #[test]
    fn months_follow_the_calendar() {
        let p: Period = "1mo".parse().unwrap();
        assert_eq!(p.after(date(2026, 1, 31)), date(2026, 2, 28));
        assert_eq!(Period::years(1).after(date(2024, 2, 29)), date(2025, 2, 28));
        assert_eq!(Period::days(u32::MAX).after(date(2026, 1, 1)), Date::MAX);
    }
}
