//! `evidence export`: the workspace in other tools' formats (OSCAL).

use evidence::assessment::Assessment;
use evidence::export::oscal::{self, Model, Options};

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// Export the workspace in the formats auditors' and regulators' tools read
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Oscal(OscalArgs),
}

/// An OSCAL JSON document: catalog, component-definition, ssp, assessment-results, poam (OSCAL
/// 1.1.2) or mapping-collection (OSCAL 1.2.1)
///
/// Every model reads the one assessment of the workspace as of --now: `catalog` one of our
/// catalogs (requirement text only where the catalog quotes or summarises a public text; for
/// ISO/IEC and AICPA, IDs and our own titles); `component-definition` the controls as the
/// implemented requirements of one component, per catalog; `ssp` a system security plan for one
/// catalog (each control a component, owners as responsible roles, evidence files with their
/// SHA-256 hashes in the back matter); `assessment-results` verdicts, findings per requirement and
/// observations of each evidence item with its collected date; `poam` the planned, partial and
/// overdue controls with their target dates as milestones; `mapping-collection` the crosswalks
/// between the catalogs in scope (with --catalog, every crosswalk from or to it), one mapping per
/// crosswalk from its source to its target catalog (`related` pairs become `intersects-with`).
///
/// UUIDs are derived from the organisation and the IDs, so re-exporting the same workspace gives
/// the same document; with --now even `last-modified` is the same.
///
/// Examples:
///   evidence export oscal catalog --catalog nist-ai-rmf --out catalog-nist-ai-rmf.json
///   evidence export oscal ssp --catalog iso42001 --now 2026-11-22 --out ssp.json
///   evidence export oscal assessment-results --out assessment-results.json
///   evidence export oscal mapping-collection --out mapping-collection.json
#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// The OSCAL model
    #[arg(value_name = "MODEL", value_parser = model_parser())]
    model: Model,
    /// One catalog (required for catalog, and for ssp when several are in scope; default:
    /// every framework in scope)
    #[arg(long, value_name = "ID")]
    catalog: Option<String>,
    #[command(flatten)]
    report: ReportArgs,
}

/// The model names `export oscal` takes: the library's own, so the two lists cannot drift.
fn model_parser() -> impl clap::builder::TypedValueParser<Value = Model> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Model::ALL.map(Model::as_str)).map(|name| {
        Model::ALL
            .into_iter()
            .find(|m| m.as_str() == name)
            .unwrap_or(Model::Catalog) // unreachable: clap accepted only these names
    })
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Oscal(args) => export_oscal(ctx, args),
    }
}

fn export_oscal(ctx: &Ctx, args: OscalArgs) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    let date = args.report.today();
    // With --now the document is the same on every run; without it, last-modified is now.
    let last_modified = match args.report.now {
        Some(day) => day.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp(),
        None => jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())?,
    };
    let assessment = Assessment::new(&ws, date);
    let options = Options {
        catalog: args.catalog,
        date,
        last_modified,
    };
    let document = oscal::export(&ws, &assessment, args.model, &options)?;
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    args.report.emit(&text)?;
    Ok(Exit::Ok)
}
