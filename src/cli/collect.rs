//! `evidence collect`: run the workspace's collectors and log the evidence they produce.

use evidence::collect::{self, Options, Run};

use super::{Ctx, Exit};

/// Run the workspace's collectors and log what they collected
///
/// Collectors are declared in collectors/*.yaml: a command (run without a shell, with only the
/// environment variables it names), the controls it serves, an output path with {date}, a
/// cadence and a timeout. Without NAMEs, runs the collectors that are due (no successful run in
/// the current cadence window, per the evidence log); --all runs every one. Each output is
/// written atomically and recorded in <evidence root>/log.jsonl with its SHA-256, size, time,
/// command, exit status and tool version; commit both.
///
/// Exit 0 when every collector ran; 1 when one failed, timed out or printed nothing (it writes
/// no file and logs the failure); 2 when the workspace cannot be read or a NAME is unknown.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  evidence collect              # the due collectors\n  \
evidence collect --all        # every collector\n  evidence collect policy-history\n  \
evidence collect --list       # collectors, cadence, last run, due or not\n\n\
SOURCE_DATE_EPOCH, if set, is the collection time (seconds since 1970), for reproducible \
examples and tests."
)]
pub struct Args {
    /// Collectors to run (default: the due ones)
    #[arg(value_name = "NAME")]
    names: Vec<String>,
    /// Run every collector, due or not
    #[arg(long, conflicts_with = "names")]
    all: bool,
    /// List the collectors and whether each is due; run nothing
    #[arg(long, conflicts_with_all = ["names", "all"])]
    list: bool,
    /// How many collectors run at once (default: the number of cores, at most 8)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,
    /// Output format
    #[arg(long, value_enum, default_value_t = super::TextOrJson::Text)]
    format: super::TextOrJson,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let now = super::collection_time()?;
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().min(8))
            .unwrap_or(2)
    });
    let options = Options {
        names: args.names,
        all: args.all,
        now,
        self_exe: std::env::current_exe()?,
        jobs,
    };
    if args.list {
        return list(&ws, &options, args.format);
    }
    let selected = match collect::select(&ws, &options) {
        Ok(selected) => selected,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::CouldNotRun);
        }
    };
    let text = matches!(args.format, super::TextOrJson::Text);
    if selected.is_empty() && text {
        println!(
            "nothing to collect: every collector ran in its current window (--all runs them anyway)"
        );
    }
    let report = |run: &Run| {
        if text {
            println!("{}", line(run));
        }
    };
    let runs = collect::run(&ws, &selected, &options, &report)?;
    if !text {
        println!("{}", serde_json::to_string_pretty(&runs)?);
    }
    let failed = runs.iter().filter(|r| !r.succeeded()).count();
    if text && !runs.is_empty() {
        eprintln!(
            "{} of {} collector{} succeeded; logged in {}",
            runs.len() - failed,
            runs.len(),
            if runs.len() == 1 { "" } else { "s" },
            evidence::source::display_path(&evidence::evidence_log::relative_path(
                &ws.config.evidence_root
            ))
        );
    }
    Ok(if failed > 0 { Exit::Findings } else { Exit::Ok })
}

fn line(run: &Run) -> String {
    match (&run.output, &run.error) {
        (Some(output), _) => format!(
            "ok      {}  → {output} ({} bytes, {:.2} s)",
            run.collector,
            run.size.unwrap_or(0),
            run.seconds
        ),
        (None, Some(error)) => format!("FAILED  {}: {error}", run.collector),
        (None, None) => format!("?       {}", run.collector),
    }
}

fn list(
    ws: &evidence::workspace::Workspace,
    options: &Options,
    format: super::TextOrJson,
) -> anyhow::Result<Exit> {
    let today = options.now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let rows: Vec<serde_json::Value> = collect::collectors(ws)
        .map(|c| {
            let last = ws
                .log
                .of_collector(&c.name.value)
                .map(|e| (e.collected_at, e.outcome.as_str()))
                .max_by_key(|(at, _)| *at);
            serde_json::json!({
                "name": c.name.value,
                "cadence": c.cadence.to_string(),
                "controls": c.controls.iter().map(|id| id.value.as_str()).collect::<Vec<_>>(),
                "last_run": last.map(|(at, _)| at.to_string()),
                "last_outcome": last.map(|(_, o)| o),
                "due": collect::is_due(ws, c, today),
            })
        })
        .collect();
    match format {
        super::TextOrJson::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        super::TextOrJson::Text => {
            if rows.is_empty() {
                println!("no collectors (declare them in collectors/*.yaml)");
            }
            for row in &rows {
                println!(
                    "{:<24} {:<10} {:<4} last run: {}",
                    row["name"].as_str().unwrap_or_default(),
                    row["cadence"].as_str().unwrap_or_default(),
                    if row["due"] == true { "due" } else { "" },
                    match (row["last_run"].as_str(), row["last_outcome"].as_str()) {
                        (Some(at), Some(outcome)) => format!("{at} ({outcome})"),
                        _ => "never".into(),
                    }
                );
            }
        }
    }
    Ok(Exit::Ok)
}
