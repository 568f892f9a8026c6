//! Deadlines written the way plans are: a day (`2027-03-31`), a quarter (`2027-Q1`), a half
//! (`2027-H2`) or a year (`2027`). A deadline passes at the end of its last day.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, date};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A roadmap target: as written, and the last day it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    text: String,
    last_day: Date,
}

const EXPECTED: &str = "expected a date as YYYY-MM-DD, a quarter as YYYY-Qn (2027-Q1), a half as \
YYYY-Hn (2027-H2) or a year as YYYY; put wording such as \"Report: Q1 2027\" in `target_label`";

impl Deadline {
    /// The last day the deadline allows; it has passed on the day after.
    pub fn last_day(&self) -> Date {
        self.last_day
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the deadline has passed by `today`.
    pub fn passed(&self, today: Date) -> bool {
        self.last_day < today
    }
}

impl FromStr for Deadline {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let last_day = last_day_of(text).ok_or_else(|| format!("`{text}`: {EXPECTED}"))?;
        Ok(Self {
            text: text.to_string(),
            last_day,
        })
    }
}

fn last_day_of(text: &str) -> Option<Date> {
    if let Ok(day) = text.parse::<Date>() {
        return Some(day);
    }
    let (year, part) = match text.split_once('-') {
        Some((y, p)) => (y, Some(p)),
        None => (text, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = year.parse().ok()?;
    let end_month = match part.map(str::to_ascii_uppercase).as_deref() {
        None => 12,
        Some("Q1") => 3,
        Some("Q2") => 6,
        Some("Q3") => 9,
        Some("Q4") => 12,
        Some("H1") => 6,
        Some("H2") => 12,
        Some(_) => return None,
    };
    date(year, end_month, 1).last_of_month().into()
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Deadline;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Deadline, E> {
                v.parse().map_err(E::custom)
            }
            // `target: 2027` is a number to YAML.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Deadline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Deadline, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(Visit)
    }
}

impl schemars::JsonSchema for Deadline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Deadline".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day (YYYY-MM-DD), a quarter (YYYY-Qn), a half (YYYY-Hn) or a year (YYYY)",
            "type": ["string", "integer"],
            "pattern": "^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}-[0-9]{2}))?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_on_their_last_day() {
        let last = |s: &str| s.parse::<Deadline>().unwrap().last_day();
        assert_eq!(last("2026-Q3"), date(2026, 9, 30));
        assert_eq!(last("2026-q1"), date(2026, 3, 31));
        assert_eq!(last("2027-H1"), date(2027, 6, 30));
        assert_eq!(last("2027"), date(2027, 12, 31));
        assert_eq!(last("2028-02-29"), date(2028, 2, 29));
    }

    #[test]
    fn free_text_is_refused_with_what_to_write() {
        let err = "Report: Q1 2027".parse::<Deadline>().unwrap_err();
        assert!(err.contains("expected a date as YYYY-MM-DD"), "{err}");
        assert!("2026-Q5".parse::<Deadline>().is_err());
        assert!("26-Q1".parse::<Deadline>().is_err());
    }

    #[test]
    fn passes_the_day_after_its_last_day() {
        let q3: Deadline = "2026-Q3".parse().unwrap();
        assert!(!q3.passed(date(2026, 9, 30)));
        assert!(q3.passed(date(2026, 10, 1)));
    }
}
