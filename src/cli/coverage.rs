//! `evidence coverage`: requirement-by-requirement coverage of the frameworks in scope.

use evidence::coverage::FrameworkCoverage;
use serde::Serialize;
use tabled::settings::{Style, Width, peaker::Priority};
use tabled::{Table, Tabled};

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// Requirement-by-requirement coverage of the frameworks in scope
///
/// For each requirement: its status, the controls that serve it and their owners. A requirement
/// is as done as the least done control serving it: covered (every control verified:
/// implemented with fresh evidence); unverified (every control declared implemented, but some
/// evidence missing, stale or absent); partial (some control partial, planned, overdue or not
/// implemented); gap (no control); excluded (a scope decision); not-applicable (informative,
/// binds a role the organisation does not hold, or not yet in force).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this framework (default: every framework in scope)
    #[arg(long, value_name = "ID")]
    framework: Option<String>,
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    format: CoverageFormat,
    #[command(flatten)]
    report: ReportArgs,
}

/// The formats of `evidence coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CoverageFormat {
    Text,
    Json,
    Csv,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let ids: Vec<String> = match &args.framework {
        Some(id) => vec![id.clone()],
        None => ws
            .config
            .frameworks
            .iter()
            .map(|f| f.value.clone())
            .collect(),
    };
    let assessment = evidence::assessment::Assessment::new(&ws, args.report.today());
    let mut reports = Vec::new();
    for id in &ids {
        let catalog = ws.catalogs.get_or_unknown(id)?;
        reports.push(assessment.coverage(&ws, catalog));
    }
    let text = match args.format {
        CoverageFormat::Text => render_text(&reports),
        CoverageFormat::Json => render_json(&reports, args.framework.is_some())?,
        CoverageFormat::Csv => evidence::coverage::to_csv(&reports)?,
    };
    args.report.emit(&text)?;
    Ok(Exit::Ok)
}

fn render_json(reports: &[FrameworkCoverage], single: bool) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct All<'a> {
        frameworks: &'a [FrameworkCoverage],
    }
    let mut out = match (single, reports) {
        (true, [one]) => serde_json::to_string_pretty(one)?,
        _ => serde_json::to_string_pretty(&All {
            frameworks: reports,
        })?,
    };
    out.push('\n');
    Ok(out)
}

#[derive(Tabled)]
struct Row<'a> {
    requirement: &'a str,
    title: &'a str,
    status: &'a str,
    controls: String,
    owners: String,
}

fn render_text(reports: &[FrameworkCoverage]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!(
            "{} — {} {}\n",
            report.framework, report.name, report.version
        ));
        let rows: Vec<Row> = report
            .requirements
            .iter()
            .map(|r| Row {
                requirement: &r.id,
                title: &r.title,
                status: r.status.as_str(),
                controls: r
                    .controls
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                owners: r.owners().join(", "),
            })
            .collect();
        let mut table = Table::new(rows);
        table.with(Style::sharp());
        if let Some(width) = terminal_width() {
            table.with(Width::wrap(width).priority(Priority::max(true)));
        }
        out.push_str(&table.to_string());
        let s = &report.summary;
        out.push_str(&format!(
            "\n{}: {} requirements — {} covered, {} unverified, {} partial, {} gap, {} excluded, {} not applicable\n\n",
            report.framework,
            s.total,
            s.covered,
            s.unverified,
            s.partial,
            s.gap,
            s.excluded,
            s.not_applicable
        ));
    }
    out
}

fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or(Some(120))
}
