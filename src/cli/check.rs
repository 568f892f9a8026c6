//! `evidence check`: the CI gate; runs the rules over the workspace and prints the findings.

use std::path::PathBuf;

use evidence::check::{self, format};

use super::report_args::ReportArgs;
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
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    #[command(flatten)]
    report: ReportArgs,
    /// Fail on warnings too
    #[arg(long)]
    strict: bool,
    /// Check that recurring evidence (`cadence:`) has an occurrence in every cadence window of
    /// this period, FIRST..LAST (e.g. 2026-01-01..2026-12-31); overrides evidence.toml
    /// [audit] period
    #[arg(long, value_name = "FIRST..LAST")]
    audit_period: Option<evidence::model::AuditPeriod>,
    /// Also attest this result: an in-toto Statement (test-result predicate, every workspace and
    /// evidence file with its SHA-256) in a DSSE envelope signed with this private key (PKCS#8
    /// PEM, as for bundles); repeat for several signers. Needs --attest-out
    #[arg(long = "attest", value_name = "KEY", requires = "attest_out")]
    attest: Vec<PathBuf>,
    /// Where to write the attestation (atomically); --out stays the report's file
    #[arg(long, value_name = "FILE", requires = "attest")]
    attest_out: Option<PathBuf>,
}

/// The formats of `evidence check`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
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
    out.push_str("\nExamples:\n  evidence check -C examples/northwind-gaps --now 2026-11-22\n  evidence check --format sarif --out evidence.sarif\n  evidence check --attest signing.key --attest-out check.intoto.json\n");
    out
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    // Keys first: a key that cannot be used stops the command before anything is written.
    let signers = args
        .attest
        .iter()
        .map(|p| evidence::bundle::PrivateKey::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let ws = ctx.load_workspace()?;
    let period = args.audit_period.or(ws.config.audit_period);
    let assessment = evidence::assessment::Assessment::over(&ws, args.report.today(), period);
    let mut report = check::run(&ws, &assessment)?;
    report.strict = args.strict;
    let format = match args.format {
        CheckFormat::Text => format::Format::Text,
        CheckFormat::Json => format::Format::Json,
        CheckFormat::Sarif => format::Format::Sarif,
        CheckFormat::Junit => format::Format::Junit,
    };
    let style = format::TextStyle {
        color: args.report.out.is_none() && super::use_color(),
        root: Some(&ws.root),
    };
    args.report.emit(format::render(&report, format, style))?;
    if let Some(out) = &args.attest_out {
        let statement =
            evidence::attest::test_result_statement(&ws, &assessment, &report, ci_run_url())?;
        let envelope = evidence::attest::Envelope::sign(&statement.to_payload()?, &signers);
        super::emit(Some(out), envelope.to_json())?;
        eprintln!(
            "attested: {} ({} subjects, {}), signed by {}",
            out.display(),
            statement.subject.len(),
            statement.predicate["result"].as_str().unwrap_or("?"),
            signers
                .iter()
                .map(|k| k.keyid())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(if report.fails() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// The CI run that made the check, for the attestation's `url`: GitHub Actions and GitLab CI say
/// where the run is in their environment; elsewhere there is no URL.
fn ci_run_url() -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let (Some(server), Some(repo), Some(run)) = (
        var("GITHUB_SERVER_URL"),
        var("GITHUB_REPOSITORY"),
        var("GITHUB_RUN_ID"),
    ) {
        return Some(format!("{server}/{repo}/actions/runs/{run}"));
    }
    var("CI_JOB_URL")
}
