//! `evidence init`: start a workspace from the baseline control library.

use std::path::PathBuf;

use anyhow::Context as _;
use evidence::init::{InitOptions, init};

use super::{Ctx, Exit};

/// Start a workspace from the baseline control library
///
/// Creates DIR with evidence.toml, the baseline controls that serve the frameworks chosen
/// (controls/, every one `status: planned`: a new workspace claims nothing), baseline scope
/// decisions for those frameworks (scope/), the starter answer library (answers/) and an
/// evidence/ folder. DIR must not exist, or be empty (a lone .git is fine: `evidence init` in a
/// fresh repository works); nothing is ever overwritten.
///
/// With --collectors, it also copies collectors from the built-in collector library into
/// collectors/, ready for `evidence collect`: policy-history (git log of evidence/policies/),
/// control-status (this tool's own `status`), cargo-audit and npm-audit (when those tools are
/// installed).
#[derive(Debug, clap::Args)]
#[command(after_long_help = "Examples:\n  \
evidence init acme --name \"Acme AI Ltd\" --frameworks iso42001,nist-ai-rmf,gdpr\n  \
evidence init acme --collectors policy-history,control-status\n  \
git init && evidence init --collectors all      # in a fresh repository")]
pub struct Args {
    /// Directory to create the workspace in
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Organisation name for reports (default: the directory's name)
    #[arg(long)]
    name: Option<String>,
    /// Frameworks in scope, comma-separated (see `evidence frameworks list`)
    #[arg(long, value_delimiter = ',', default_value = "iso42001,nist-ai-rmf")]
    frameworks: Vec<String>,
    /// Collectors of the built-in library to copy into collectors/, comma-separated, or `all`
    #[arg(long, value_delimiter = ',', value_parser = collector_names())]
    collectors: Vec<String>,
}

/// The library's collectors and `all`, so that --help, completions and errors name them.
fn collector_names() -> clap::builder::PossibleValuesParser {
    let names = evidence::init::library_collectors().map(|(name, _)| name);
    clap::builder::PossibleValuesParser::new(names.chain(["all"]))
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let dir = std::path::absolute(&args.dir).context("cannot resolve the directory")?;
    let organisation = args.name.unwrap_or_else(|| {
        dir.file_name().map_or_else(
            || "My organisation".into(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    let catalogs = evidence::catalog::Catalogs::builtin()?;
    let options = InitOptions::new(organisation, &args.frameworks, &catalogs)?
        .with_collectors(&args.collectors)?;
    let done = init(&dir, &options)?;
    eprintln!(
        "created workspace {} ({} files)",
        args.dir.display(),
        done.files.len()
    );
    let c = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" -C {}", args.dir.display())
    };
    eprintln!(
        "every control starts as `status: planned`: nothing is claimed until evidence proves it.\n\
         next, for each control: implement it, put its evidence under evidence/ (with \
         `collected: YYYY-MM-DD`), then set `status: implemented`.\n\
         `evidence check{c}` lists what is missing; `evidence status{c}` shows what is verified."
    );
    if !options.collectors.is_empty() {
        eprintln!(
            "collectors/ holds {}: `evidence collect{c} --list` shows when each is due.",
            options.collectors.join(", ")
        );
    }
    Ok(Exit::Ok)
}
