//! `evidence render`: the reports (SoA, records of processing, trust pack, registers, AI-system
//! documents).

use std::path::{Path, PathBuf};

use anyhow::Context;
use evidence::assessment::Assessment;
use evidence::render::soa::SoaFormat as SoaOutput;
use evidence::render::{self, DocumentFormat, Format};

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// Reports from the workspace: Statement of Applicability, records of processing, trust pack,
/// AI-system register, risk register, Annex IV technical documentation, FRIA
///
/// Every report comes from the same workspace, so the SoA, the records and the public page never
/// disagree. Each opens with a header from evidence.toml's [report] table (document version,
/// prepared by, approved by and on, next review) and says when it was generated: the --now date
/// (default today), which is also the day evidence freshness is judged on, so the same workspace
/// and --now give the same bytes. Markdown and HTML come from templates; put a
/// file of the same name in the workspace's templates/ folder to change one (built-in names:
/// soa.md, soa.html, ropa.md, ropa.html, trust-pack.md, trust-pack.html, systems.md,
/// systems.html, risks.md, risks.html, system-document.md, system-document.html and the partials
/// _header.md, _header.html, _style.html).
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Soa(SoaArgs),
    Ropa(RopaArgs),
    TrustPack(TrustArgs),
    Systems(RegisterArgs),
    Risks(RegisterArgs),
    TechnicalDocumentation(SystemDocArgs),
    Fria(SystemDocArgs),
}

/// A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points)
/// or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))
///
/// Each point is filled from the AI-system register and the risk register, and lists the
/// workspace's controls mapped to the EU AI Act articles behind it with their verdicts and
/// evidence; a point nothing fills says "to be completed". A draft to complete, not a
/// conformity claim.
///
/// Examples:
///   evidence render technical-documentation --system AIS-03 --format html --out annex-iv.html
///   evidence render fria --system AIS-03
#[derive(Debug, clap::Args)]
pub struct SystemDocArgs {
    /// The system's ID in systems/
    #[arg(long, value_name = "ID")]
    system: String,
    #[arg(long, value_enum, default_value_t = RegisterFormat::Md)]
    format: RegisterFormat,
    #[command(flatten)]
    report: ReportArgs,
}

/// The AI-system register (`render systems`) or the risk register (`render risks`)
///
/// systems: each AI system of systems/ with its lifecycle, EU AI Act role and class, human
/// oversight, owner, the controls that govern it with their verdicts, the EU AI Act obligations in
/// force through it with their coverage, its impact assessment and the risks that concern it.
/// risks: each risk of risks/ with category, systems, inherent and residual likelihood × impact
/// against the [risk] appetite, treatment, the controls that treat it with their verdicts, owner
/// and acceptance; the HTML opens with a heat map (inline SVG) before and after treatment.
///
/// Examples:
///   evidence render systems --format html --out systems.html
///   evidence render risks --format json
#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    #[arg(long, value_enum, default_value_t = RegisterFormat::Md)]
    format: RegisterFormat,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RegisterFormat {
    Md,
    Html,
    Json,
}

impl RegisterFormat {
    fn format(self) -> DocumentFormat {
        match self {
            Self::Md => DocumentFormat::Markdown,
            Self::Html => DocumentFormat::Html,
            Self::Json => DocumentFormat::Json,
        }
    }
}

/// Statement of Applicability (ISO/IEC 42001 6.1.3, or any catalog)
///
/// One row per Annex A control (for iso42001; every assessable requirement for other catalogs):
/// applicable or not, the justification for inclusion with its driver (from scope/ decisions'
/// `drivers`), the justification for exclusion, the verdict (the least done of its controls:
/// verified only when every control is implemented with fresh evidence), the controls that
/// implement it with their declared status and verdict, owners, evidence with collection date and
/// state, target date, last review. Refuses (exit 1) while `evidence check` finds errors, unless
/// --allow-findings.
/// A second table lists additional controls chosen outside the catalog (workspace controls not
/// mapped to it).
///
/// Examples:
///   evidence render soa --framework iso42001 --format html --out soa.html
///   evidence render soa --framework nist-ai-rmf --format csv
#[derive(Debug, clap::Args)]
pub struct SoaArgs {
    /// The catalog (`evidence frameworks list`)
    #[arg(long, value_name = "ID")]
    framework: String,
    #[arg(long, value_enum, default_value_t = SoaFormat::Md)]
    format: SoaFormat,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    gate: Gate,
}

/// The check gate of reports that make claims for the workspace.
#[derive(Debug, clap::Args)]
pub struct Gate {
    /// Render even when `evidence check` finds errors; every control is still labelled by its
    /// verdict, so nothing unverified is presented as done
    #[arg(long)]
    allow_findings: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SoaFormat {
    Md,
    Html,
    Csv,
    Json,
}

/// Records of processing activities (GDPR Art. 30, and the DPDP Act view)
///
/// From processing/*.yaml: the Art. 30(1)(a) header (controller, joint controllers,
/// representative, DPO), one record per controller activity with Art. 30(1)(b)-(g) and what
/// regulators' templates add (lawful basis, Art. 9 condition, source, DPIA, automated decisions,
/// location); processor records per Art. 30(2) for each controller served; and the DPDP Act part
/// (Data Fiduciary, itemised personal data, purpose, ground, processors, cross-border transfer,
/// erasure trigger, log retention). XLSX has one sheet per part, each opening with the document
/// control and who keeps the records (Art. 30(1)(a) / 30(2)(a): name, contact, representative,
/// DPO), then the table with a frozen header row and filters. CSV holds one part: choose it with
/// --role (controller, processor or data-fiduciary); every row carries the document control and
/// the record keeper.
///
/// Examples:
///   evidence render ropa --format xlsx --out ropa.xlsx
///   evidence render ropa --role processor --format md
///   evidence render ropa --role controller --format csv --out art30-controller.csv
#[derive(Debug, clap::Args)]
pub struct RopaArgs {
    /// Only the records kept in this role
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    #[arg(long, value_enum, default_value_t = RopaFormat::Md)]
    format: RopaFormat,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    /// GDPR Art. 30(1) records
    Controller,
    /// GDPR Art. 30(2) records
    Processor,
    /// DPDP Act records
    DataFiduciary,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RopaFormat {
    Md,
    Html,
    Csv,
    Json,
    Xlsx,
}

/// The public trust page, and its security.txt (RFC 9116)
///
/// Refuses (exit 1) while `evidence check` finds errors or no control is verified, unless
/// --allow-findings; controls are labelled by their verdict ("Verified 2026-10-01", "Declared,
/// evidence pending"), never by what the control file merely declares.
///
/// From trust/*.yaml and the control matrix: overview, frameworks aligned, certification roadmap,
/// security controls by category, shared responsibility, sub-processors, data protection, AI
/// governance, incident response, vulnerability disclosure, documents (confidential ones show
/// as "available on request"), contacts. The HTML is one self-contained, accessible,
/// print-friendly file.
///
/// With --out DIR (an existing directory, or a path ending in /), writes DIR/index.html (or
/// index.md, index.json), DIR/trust.json (the page's data; with --sign KEY also
/// DIR/trust.json.sig), DIR/feed.xml (an Atom feed of the dated `changelog:` entries, so
/// customers can subscribe to sub-processor and certification changes) and
/// DIR/.well-known/security.txt.
///
/// Examples:
///   evidence render trust-pack --format html --out site/
///   evidence render trust-pack --format json --security-txt security.txt
#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    #[arg(long, value_enum, default_value_t = TrustFormat::Md)]
    format: TrustFormat,
    /// Also write security.txt to FILE
    #[arg(long, value_name = "FILE")]
    security_txt: Option<PathBuf>,
    /// With --out DIR/: sign trust.json with this Ed25519 private key (PKCS#8 PEM, as
    /// `evidence keygen` or openssl writes it): DIR/trust.json.sig, 64 raw bytes that
    /// `openssl pkeyutl -verify -rawin -pubin -inkey KEY.pub -in trust.json -sigfile
    /// trust.json.sig` checks
    #[arg(long, value_name = "KEY")]
    sign: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    gate: Gate,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TrustFormat {
    Md,
    Html,
    Json,
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    let ws = ctx.load_workspace()?;
    match command {
        Command::Soa(args) => {
            let assessment = Assessment::new(&ws, args.report.today());
            if let Some(refused) =
                super::refuse_on_findings(&ws, &assessment, args.gate.allow_findings, "render")?
            {
                return Ok(refused);
            }
            let format = match args.format {
                SoaFormat::Md => SoaOutput::Document(DocumentFormat::Markdown),
                SoaFormat::Html => SoaOutput::Document(DocumentFormat::Html),
                SoaFormat::Csv => SoaOutput::Csv,
                SoaFormat::Json => SoaOutput::Document(DocumentFormat::Json),
            };
            let text = render::soa::render(&ws, &assessment, &args.framework, format)?;
            args.report.emit(&text)?;
        }
        Command::Ropa(args) => {
            let today = args.report.today();
            let role = args.role.map(|r| match r {
                RoleArg::Controller => render::ropa::RoleFilter::Controller,
                RoleArg::Processor => render::ropa::RoleFilter::Processor,
                RoleArg::DataFiduciary => render::ropa::RoleFilter::DataFiduciary,
            });
            let format = match args.format {
                RopaFormat::Md => Format::Markdown,
                RopaFormat::Html => Format::Html,
                RopaFormat::Csv => Format::Csv,
                RopaFormat::Json => Format::Json,
                RopaFormat::Xlsx => Format::Xlsx,
            };
            let assessment = Assessment::new(&ws, today);
            let bytes = render::ropa::render(&ws, &assessment, role, format)?;
            args.report.emit(&bytes)?;
        }
        Command::TrustPack(args) => return trust_pack(&ws, args),
        Command::Systems(args) => {
            let assessment = Assessment::new(&ws, args.report.today());
            let text = render::register::render_systems(&ws, &assessment, args.format.format())?;
            args.report.emit(&text)?;
        }
        Command::TechnicalDocumentation(args) => {
            system_document(&ws, args, render::system_docs::Kind::TechnicalDocumentation)?;
        }
        Command::Fria(args) => system_document(&ws, args, render::system_docs::Kind::Fria)?,
        Command::Risks(args) => {
            let assessment = Assessment::new(&ws, args.report.today());
            let text = render::register::render_risks(&ws, &assessment, args.format.format())?;
            args.report.emit(&text)?;
        }
    }
    Ok(Exit::Ok)
}

fn trust_pack(ws: &evidence::workspace::Workspace, args: TrustArgs) -> anyhow::Result<Exit> {
    let assessment = Assessment::new(ws, args.report.today());
    if let Some(refused) =
        super::refuse_on_findings(ws, &assessment, args.gate.allow_findings, "publish")?
    {
        return Ok(refused);
    }
    if !assessment.has_verified_control() && !args.gate.allow_findings {
        eprintln!(
            "refusing to publish: no control is verified yet (implemented, with fresh evidence), \
             so the page would prove nothing; run `evidence status`, or pass --allow-findings"
        );
        return Ok(Exit::Findings);
    }
    let (format, ext) = match args.format {
        TrustFormat::Md => (DocumentFormat::Markdown, "md"),
        TrustFormat::Html => (DocumentFormat::Html, "html"),
        TrustFormat::Json => (DocumentFormat::Json, "json"),
    };
    let page = render::trustpage::render(ws, &assessment, format)?;
    let security_txt = render::trustpage::build(ws, &assessment).security_txt;
    let dir = args.report.out.as_deref().filter(|out| is_dir_target(out));
    if args.security_txt.is_some() && security_txt.is_none() {
        anyhow::bail!(
            "no security.txt to write: trust/ has no `disclosure:` section with a contact"
        );
    }
    if args.sign.is_some() && dir.is_none() {
        anyhow::bail!("--sign signs DIR/trust.json: use it with --out DIR/");
    }
    let Some(dir) = dir else {
        args.report.emit(&page)?;
        if let (Some(target), Some(text)) = (&args.security_txt, &security_txt) {
            super::emit(Some(target), text)?;
        }
        return Ok(Exit::Ok);
    };
    let well_known = dir.join(".well-known");
    std::fs::create_dir_all(&well_known)
        .with_context(|| format!("cannot create {}", well_known.display()))?;
    // Keys are read before anything is written: a bad key leaves no half-published site.
    let key = args
        .sign
        .as_deref()
        .map(evidence::bundle::PrivateKey::load)
        .transpose()?;
    super::emit(Some(&dir.join(format!("index.{ext}"))), &page)?;
    let data = render::trustpage::render(ws, &assessment, DocumentFormat::Json)?;
    super::emit(Some(&dir.join("trust.json")), &data)?;
    if let Some(key) = key {
        super::emit(
            Some(&dir.join("trust.json.sig")),
            key.sign_raw(data.as_bytes()),
        )?;
    }
    let page_url = render::trustpage::build(ws, &assessment).profile.url;
    let feed = render::feed::atom(ws, page_url.as_deref(), assessment.date);
    super::emit(Some(&dir.join("feed.xml")), &feed)?;
    if let Some(text) = &security_txt {
        let target = args
            .security_txt
            .unwrap_or_else(|| well_known.join("security.txt"));
        super::emit(Some(&target), text)?;
    }
    Ok(Exit::Ok)
}

fn is_dir_target(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// The documents drawn up per AI system (Annex IV technical documentation, the Art. 27 FRIA).
fn system_document(
    ws: &evidence::workspace::Workspace,
    args: SystemDocArgs,
    kind: render::system_docs::Kind,
) -> anyhow::Result<()> {
    let assessment = Assessment::new(ws, args.report.today());
    let text =
        render::system_docs::render(ws, &assessment, &args.system, kind, args.format.format())?;
    args.report.emit(&text)?;
    Ok(())
}
