//! `evidence status`: each control's declared status, its verdict and its evidence.

use evidence::assessment::{Assessment, status};
use evidence::model::Period;

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// The assessment: each control's declared status, its verdict and its evidence
///
/// For every control: what its file declares (implemented, partial, planned, not-implemented),
/// what the evidence shows (the verdict), its owner, and each evidence item's state (fresh,
/// stale, missing, not-a-file, broken-link, from-future, outside-workspace, undated, failing)
/// with its collected date and where that date came from (declared in `collected:`, the last git
/// commit that changed the file, or its modification time), and the day it goes stale.
///
/// Verdicts: verified (implemented, at least one evidence item, every item fresh); unverified
/// (implemented, but evidence missing, stale, undated or none named); partial; planned; overdue
/// (planned or partial past its target); not-implemented. Every report reads these same
/// verdicts. Exit 0 whatever the verdicts: `evidence check` is the gate.
///
/// Examples:
///   evidence status -C examples/clustral-ai-labs --now 2026-11-22
///   evidence status --expiring 30d
///   evidence status --format json | jq '.controls[] | select(.verdict != "verified") | .id'
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only controls with evidence that is fresh today and goes stale within this period
    /// (30d, 6w, 3mo, 1y): "what expires in the next 30 days?"
    #[arg(long, value_name = "PERIOD")]
    expiring: Option<Period>,
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    format: StatusFormat,
    #[command(flatten)]
    report: ReportArgs,
    /// Show, per recurring control, the cadence windows of this period (FIRST..LAST) that hold
    /// an occurrence and those missed; overrides evidence.toml [audit] period
    #[arg(long, value_name = "FIRST..LAST")]
    audit_period: Option<evidence::model::AuditPeriod>,
}

/// The formats of `evidence status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    /// One block per control with its evidence, then a summary
    Text,
    /// {"date", "controls": [{"id", "status", "verdict", "owner", "evidence": [...]}], "summary"}
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let period = args.audit_period.or(ws.config.audit_period);
    let assessment = Assessment::over(&ws, args.report.today(), period);
    let report = status::report(&assessment, args.expiring);
    let text = match args.format {
        StatusFormat::Text => report.to_text(),
        StatusFormat::Json => report.to_json(),
    };
    args.report.emit(&text)?;
    Ok(Exit::Ok)
}
