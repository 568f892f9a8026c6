use std::path::PathBuf;

use evidence::check::{self, format};

use super::{Ctx, Exit};

/// Validate the workspace and fail on gaps (the CI gate)
///
/// Fails on uncovered requirements, exclusions without justification, controls without owner,
/// missing or stale evidence, overdue reviews, planned controls past their target date, and
/// references to unknown frameworks or requirements. Every finding names its rule, severity,
/// file:line:column and what to do about it.
///
/// Exit 0 when there are no errors (warnings alone pass unless --strict), 1 when there are,
/// 2 when the workspace cannot be read. Rule severities can be changed in evidence.toml [rules].
#[derive(Debug, clap::Args)]
#[command(after_long_help = rules_help())]
pub struct Args {
    /// Evaluate dates as of this day (YYYY-MM-DD) instead of today: reproducible CI, or
    /// "will we still pass on the audit date?"
    #[arg(long, value_name = "DATE")]
    now: Option<jiff::civil::Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Fail on warnings too
    #[arg(long)]
    strict: bool,
    /// Check that recurring evidence (`cadence:`) has an occurrence in every cadence window of
    /// this period, FIRST..LAST (e.g. 2026-01-01..2026-12-31); overrides evidence.toml
    /// [audit] period
    #[arg(long, value_name = "FIRST..LAST")]
    audit_period: Option<evidence::model::AuditPeriod>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// Findings grouped by file, then a summary (colour on a terminal)
    Text,
    /// {"summary": {...}, "findings": [...]}
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// JUnit XML, for GitLab and other CI test reports
    Junit,
}

/// The rule table, for `evidence check --help`.
fn rules_help() -> String {
    let mut out = String::from("Rules (code, default severity):\n");
    for rule in check::Rule::ALL {
        let severity = rule.default_severity().as_str();
        out.push_str(&format!(
            "  {} ({severity})\n      {}\n",
            rule.code(),
            rule.summary()
        ));
    }
    out.push_str("\nExamples:\n  evidence check -C examples/northwind-gaps --now 2026-11-22\n  evidence check --format sarif --out evidence.sarif\n");
    out
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let period = args.audit_period.or(ws.config.audit_period);
    let assessment = evidence::assessment::Assessment::over(&ws, super::today_or(args.now), period);
    let mut report = check::run(&ws, &assessment)?;
    report.strict = args.strict;
    let format = match args.format {
        FormatArg::Text => format::Format::Text,
        FormatArg::Json => format::Format::Json,
        FormatArg::Sarif => format::Format::Sarif,
        FormatArg::Junit => format::Format::Junit,
    };
    let style = format::TextStyle {
        color: args.out.is_none() && super::use_color(),
        root: Some(&ws.root),
    };
    super::emit(args.out.as_deref(), format::render(&report, format, style))?;
    Ok(if report.fails() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}
