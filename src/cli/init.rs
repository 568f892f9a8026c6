use std::path::PathBuf;

use anyhow::Context as _;
use evidence::init::{InitOptions, init};

use super::{Ctx, Exit};

/// Start a workspace from the baseline control library
///
/// Creates DIR with evidence.toml, the baseline controls (controls/), baseline scope decisions
/// for the frameworks chosen (scope/) and an evidence/ folder. DIR must not exist or be empty;
/// nothing is ever overwritten.
///
/// Example: evidence init acme --name "Acme AI Ltd" --frameworks iso42001,nist-ai-rmf,gdpr
#[derive(Debug, clap::Args)]
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
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let catalogs = evidence::catalog::Catalogs::builtin()?;
    for framework in &args.frameworks {
        if catalogs.get(framework).is_none() {
            anyhow::bail!(
                "unknown framework `{framework}`; built-in frameworks: {}",
                catalogs.ids().join(", ")
            );
        }
    }
    let dir = std::path::absolute(&args.dir).context("cannot resolve the directory")?;
    let organisation = args.name.unwrap_or_else(|| {
        dir.file_name().map_or_else(
            || "My organisation".into(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    let done = init(
        &dir,
        &InitOptions {
            organisation,
            frameworks: args.frameworks,
        },
    )?;
    eprintln!(
        "created workspace {} ({} files)",
        args.dir.display(),
        done.files.len()
    );
    eprintln!(
        "next: add evidence files, then run `evidence check -C {}`",
        args.dir.display()
    );
    Ok(Exit::Ok)
}
