//! `evidence diff`: what changed between two states of the programme.

use anyhow::Context;
use evidence::diff::{Diff, Side, render, resolve};
use evidence::workspace;

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// What changed between two states of the programme: controls, coverage, scope, evidence, trust page
///
/// OLD and NEW are each a workspace directory, a bundle (directory or .tar made by `evidence
/// bundle create`), or a git revision (HEAD~1, a tag, a commit) of the repository holding the
/// workspace (-C DIR, or found upward). A revision is checked out into a temporary detached git
/// worktree, removed afterwards, and the workspace is read at the same path inside it. NEW
/// omitted: the working tree.
///
/// Both sides are assessed as of the same day (--now, default today), so a change in a verdict
/// is a change in the files, never the calendar moving on. Evidence dated by its last git commit
/// keeps the date it had at that revision. A bundle is compared by its evidence files only
/// (paths, collected dates, SHA-256), read from its manifest without verifying signatures.
///
/// Reported, sub-processors first (customers are owed notice): sub-processors added, removed or
/// changed; controls added, removed, re-owned, status or verdict changed; requirements whose
/// coverage changed per framework; scope decisions and justifications; evidence added, removed,
/// re-collected or whose hash changed; roadmap items; other trust-page sections.
///
/// Exit codes: 0 (whatever changed); 1 with --fail-on regression when a control's verdict or a
/// requirement's coverage got worse (verdicts: verified > unverified > partial > planned >
/// overdue > not-implemented; coverage: covered > unverified > partial > gap; moving in or out of
/// scope is a scope change, not a regression); 2 could not run (unknown revision, unreadable
/// workspace or bundle).
///
/// Examples:
///   evidence diff HEAD~1
///   evidence diff v1.0 HEAD --format md > comment.md
///   evidence diff -C examples/clustral-ai-labs origin/main --fail-on regression
///   evidence diff bundles/2026-q3.tar bundles/2026-q4.tar --format json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier state: a workspace directory, a bundle, or a git revision
    #[arg(value_name = "OLD")]
    old: String,
    /// The later state (default: the working tree of the workspace)
    #[arg(value_name = "NEW")]
    new: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when a verdict or a requirement's coverage got worse
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
    #[command(flatten)]
    report: ReportArgs,
}

/// The formats of `evidence diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// One line per change, grouped
    Text,
    /// A pull-request comment: summary table, details folded, under GitHub's 65,536 characters
    Md,
    /// {"old", "new", "date", "regression", "subprocessors", "controls", "frameworks", "scope", "evidence", "roadmap", "trust", "notes"}
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// A control's verdict or a requirement's coverage got worse
    Regression,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let date = args.report.today();
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = workspace::find_root(ctx.workspace.as_deref(), &cwd);
    // A revision is read relative to the current workspace; two directories or bundles need none.
    let base = root.as_deref().unwrap_or(&cwd).to_path_buf();
    let old = resolve(&args.old, &cwd, &base, date)?;
    let new = match &args.new {
        Some(spec) => resolve(spec, &cwd, &base, date)?,
        None => Side::workspace("working tree", &root?, date)?,
    };
    let diff = Diff::new(&old, &new, date);
    let text = match args.format {
        DiffFormat::Text => render::to_text(&diff),
        DiffFormat::Md => render::to_markdown(&diff, render::GITHUB_COMMENT_LIMIT),
        DiffFormat::Json => render::to_json(&diff),
    };
    args.report.emit(&text)?;
    Ok(match args.fail_on {
        Some(FailOn::Regression) if diff.regression => Exit::Findings,
        _ => Exit::Ok,
    })
}
