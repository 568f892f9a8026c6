//! The one guard for text that goes into a spreadsheet cell (CSV or XLSX): a cell a spreadsheet
//! could take for a formula (OWASP's leading characters `=`, `+`, `-`, `@`, tab, carriage return)
//! gets a leading apostrophe, which spreadsheets show but never evaluate. Plain numbers such as
//! `-5` or `+3.25` are values, not formulas, and are left alone.

use std::borrow::Cow;

/// Whether a spreadsheet could take this text for a formula.
pub fn is_formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(text)
}

/// "-5" and "+3.25" are numbers, not formulas.
fn is_plain_number(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && text.parse::<f64>().is_ok()
}

/// The text as a cell may hold it: formula-like text behind an apostrophe.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if is_formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// CSV from a header row and rows, every cell neutralised: the one CSV writer of reports.
pub fn csv_table(header: &[&str], rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_like_text_is_neutralised_but_numbers_are_not() {
        for risky in [
            "=1+1",
            "+cmd",
            "+1+cmd",
            "-2+3",
            "@SUM(A1)",
            "\t=x",
            "\r=x",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-5", "+3.25", "-2", "Yes", "a=b", "plain", ""] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
        }
    }
}
