//! The options every report-writing command shares: the day the workspace is assessed on
//! (`--now`) and where the output goes (`--out`). Formats stay with each command, because each
//! writes different ones; each command's format enum is named for it (`CheckFormat`, ...).

use std::path::PathBuf;

use jiff::civil::Date;

/// `--now` and `--out`, flattened into each command that writes a report.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and
    /// requirements not yet in force are judged on it, so the same workspace and --now give the
    /// same output (reproducible CI, or "will we still pass on the audit date?")
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub now: Option<Date>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl ReportArgs {
    /// The day to assess on: `--now`, or today in the local time zone.
    pub fn today(&self) -> Date {
        super::today_or(self.now)
    }

    /// Write the output to `--out` atomically, or to standard output.
    pub fn emit(&self, output: impl AsRef<[u8]>) -> anyhow::Result<()> {
        super::emit(self.out.as_deref(), output)
    }
}

/// The one parser of a command-line date, so every command says the same about a bad one.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|_| "expected a date as YYYY-MM-DD".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_parses_and_anything_else_is_named_in_the_users_terms() {
        assert_eq!(
            parse_date("2026-11-22"),
            Ok(jiff::civil::date(2026, 11, 22))
        );
        for bad in ["22/11/2026", "2026-02-30", "tomorrow", ""] {
            assert_eq!(
                parse_date(bad),
                Err("expected a date as YYYY-MM-DD".to_string()),
                "{bad}"
            );
        }
    }
}
