//! `evidence ingest`: copy another tool's result into the evidence tree and log it.

use std::path::PathBuf;

use evidence::ingest::store::{self, IngestIntoError};

use super::{Ctx, Exit};

/// Bring another tool's result into the workspace as evidence of a control
///
/// Reads SARIF 2.1.0, JUnit XML, CycloneDX JSON (SBOM and VEX), OCSF Compliance Findings (class
/// 2003), in-toto Statements or DSSE envelopes, and OSCAL assessment results, detected by
/// content. The file is copied into the evidence tree (default
/// <evidence root>/ingested/<CONTROL>/<date>-<name>; never over an existing file) and recorded
/// in the evidence log with its SHA-256, the date the artefact states (SARIF invocation end,
/// JUnit timestamp, CycloneDX metadata timestamp, OCSF time, …) and its outcome. A failing
/// result (SARIF errors, failed tests, an OCSF finding with status Fail, an exploitable VEX
/// entry) makes the evidence `failing`: `evidence check` reports it and the control is not
/// verified. Signatures of in-toto envelopes are not verified here (use `evidence attest
/// verify`).
///
/// Exit 0 when ingested (whatever the outcome; `check` judges it); 2 when the file is malformed
/// or not a format read here (nothing is copied), or the control is unknown.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "Examples:\n  \
evidence ingest semgrep.sarif --control SEC-07\n  \
evidence ingest target/surefire-reports/TEST-app.xml --control ENG-03\n  \
evidence ingest sbom.cdx.json --control SUP-02 --dest sbom/2026-11.cdx.json\n\n\
Then name the copy in the control's evidence (the command prints the YAML if it is not named \
yet), e.g. `path: ingested/SEC-07` with `cadence: monthly` for every result of that folder.\n\n\
SOURCE_DATE_EPOCH, if set, is the ingestion time (seconds since 1970) for an artefact that \
states none.")]
pub struct Args {
    /// The result file to ingest
    file: PathBuf,
    /// The control the result is evidence of
    #[arg(long, value_name = "ID")]
    control: String,
    /// Where to copy it, relative to the evidence root
    #[arg(long, value_name = "PATH")]
    dest: Option<String>,
    #[arg(long, value_enum, default_value_t = super::TextOrJson::Text)]
    format: super::TextOrJson,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let ingested = match store::ingest(
        &ws,
        &args.file,
        &args.control,
        args.dest.as_deref(),
        super::collection_time()?,
    ) {
        Ok(ingested) => ingested,
        Err(IngestIntoError::Workspace(e)) => return Err(e.into()),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::CouldNotRun);
        }
    };
    match args.format {
        super::TextOrJson::Json => println!("{}", serde_json::to_string_pretty(&ingested)?),
        super::TextOrJson::Text => {
            let outcome = match &ingested.artefact.outcome {
                evidence::ingest::Outcome::Passing => "passing".to_string(),
                evidence::ingest::Outcome::Informational => "informational".to_string(),
                evidence::ingest::Outcome::Failing { reasons } => {
                    format!(
                        "FAILING ({} reason{})",
                        reasons.len(),
                        plural(reasons.len())
                    )
                }
            };
            println!(
                "ingested {} as evidence of {}: {}",
                args.file.display(),
                args.control,
                ingested.path
            );
            println!("  {}", ingested.artefact.summary);
            println!(
                "  collected {} ({}); outcome {outcome}; logged with sha256:{}",
                ingested.collected_at,
                if ingested.dated_by_artefact {
                    "as the artefact states"
                } else {
                    "the artefact states no time: the time of ingestion"
                },
                ingested.sha256
            );
            if !ingested.named_by_control {
                println!(
                    "\n`{}` does not name it yet; add to its `evidence:`\n      - path: {}",
                    args.control, ingested.evidence_path
                );
            }
        }
    }
    Ok(Exit::Ok)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
