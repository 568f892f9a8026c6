//! `evidence bundle …`: arguments and printing; the work is in `evidence::bundle`.

use std::io::Write;
use std::path::{Path, PathBuf};

use evidence::bundle::report::{self, FailureReport, InspectReport, VerifiedReport};
use evidence::bundle::{
    self, BundleInput, Class, CreateOptions, Failure, PrivateKey, TrustPolicy, VerifyOptions,
};

use super::progress::Bar;
use super::{Ctx, Exit, TextOrJson};

/// Signed evidence bundles for auditors: create, sign, verify, inspect, extract
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Create(CreateArgs),
    Sign(SignArgs),
    Verify(VerifyArgs),
    Inspect(InspectArgs),
    Extract(ExtractArgs),
}

/// Collect the workspace's evidence (every file its controls cite, plus its own TOML and YAML)
/// into a bundle, and sign it.
///
/// Refuses when `evidence check` finds errors, unless --allow-findings; the check summary goes
/// into the manifest either way. Nothing appears at --out unless everything succeeded.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// Where to write the bundle: a path ending in .tar gives one tar file, anything else a
    /// directory. It must not exist.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Sign with this private key (PKCS#8 PEM); repeat for several signers
    #[arg(long = "sign", value_name = "KEY")]
    sign: Vec<PathBuf>,
    /// How long the bundle stays valid (e.g. 90d, 1y, 18 months), or "never"
    #[arg(long, value_name = "DURATION", default_value = "1y")]
    expires: String,
    /// Position in the series (default 1, or the superseded bundle's + 1)
    #[arg(long, value_name = "N")]
    sequence: Option<u64>,
    /// The previous bundle this one replaces: its manifest's SHA-256 is recorded, its bundle id
    /// kept
    #[arg(long, value_name = "PREV_BUNDLE")]
    supersedes: Option<PathBuf>,
    /// The audit period the evidence covers, START..END (YYYY-MM-DD..YYYY-MM-DD): recorded in
    /// the manifest; recurring evidence contributes its occurrences of the period, and every
    /// cadence window of it is checked (default: evidence.toml [audit] period)
    #[arg(long, value_name = "START..END")]
    audit_period: Option<String>,
    /// Bundle even when `evidence check` finds errors
    #[arg(long)]
    allow_findings: bool,
    /// Evaluate the check as of this day (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = super::report_args::parse_date)]
    now: Option<jiff::civil::Date>,
    /// The creation time to record (RFC 3339, UTC) instead of now: reproducible bundles
    #[arg(long, value_name = "TIME")]
    created_at: Option<jiff::Timestamp>,
    /// Build from a JSON description of the files instead of the workspace (for tooling); source
    /// paths are relative to that file
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
}

/// Add a signature to a bundle (after checking that its files match its manifest).
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The bundle (directory or .tar)
    path: PathBuf,
    /// The private key (PKCS#8 PEM)
    #[arg(long, value_name = "KEY")]
    key: PathBuf,
}

/// Verify a bundle: signatures by trusted keys, canonical manifest, safe paths, every file's
/// size and SHA-256, nothing missing or extra, expiry, and your expectations.
///
/// Exit 0 verified; 1 invalid (with an error code and the file or key involved); 2 unusable
/// input (missing file, bad key, bad arguments).
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The bundle (directory or .tar)
    path: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

/// What `verify` and `extract` trust and expect.
#[derive(Debug, clap::Args)]
#[group(skip)]
pub struct TrustArgs {
    /// A trusted public key (SPKI PEM); repeat for several
    #[arg(
        long = "key",
        value_name = "PUB",
        required_unless_present = "trusted_keys",
        conflicts_with = "trusted_keys"
    )]
    keys: Vec<PathBuf>,
    /// Your trusted-keys file (TOML: keys, owners, validity, status, threshold)
    #[arg(long, value_name = "FILE")]
    trusted_keys: Option<PathBuf>,
    /// How many distinct trusted keys must have signed (default 1, or the file's)
    #[arg(long, value_name = "N")]
    threshold: Option<usize>,
    /// Verify as of this time (RFC 3339) instead of now, e.g. the date of the audit
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Refuse a bundle whose bundle_id differs
    #[arg(long, value_name = "ID")]
    expect_bundle_id: Option<String>,
    /// Refuse a bundle whose sequence is lower (rollback to an older bundle)
    #[arg(long, value_name = "N")]
    min_sequence: Option<u64>,
}

/// Show what a bundle holds, per control. Does NOT verify it.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The bundle (directory or .tar)
    path: PathBuf,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

/// Verify a bundle and, only if it verifies, write it to a new directory (never overwriting).
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The bundle (directory or .tar)
    path: PathBuf,
    /// The directory to create
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Create(args) => create(ctx, args),
        Command::Sign(args) => sign(args),
        Command::Verify(args) => verify(args),
        Command::Inspect(args) => inspect(args),
        Command::Extract(args) => extract(args),
    }
}

fn exit_for(f: &Failure) -> Exit {
    match f.class() {
        Class::Invalid => Exit::Findings,
        Class::Unusable => Exit::CouldNotRun,
    }
}

/// Print a failure the way every bundle command does, and pick the exit code.
fn fail(f: &Failure, format: TextOrJson) -> anyhow::Result<Exit> {
    let exit = exit_for(f);
    match format {
        TextOrJson::Text => {
            let word = if exit == Exit::Findings {
                "invalid"
            } else {
                "error"
            };
            eprintln!("{word}: {f}");
        }
        TextOrJson::Json => {
            print_json(&FailureReport::new(f, exit as u8))?;
            eprintln!("error: {f}");
        }
    }
    Ok(exit)
}

fn print_json(report: &impl serde::Serialize) -> anyhow::Result<()> {
    let text = report::to_json_text(report)?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The line that says what `evidence check` found when the bundle was made.
fn check_at_creation(m: &bundle::Manifest) -> String {
    format!(
        "  check at creation: {} error(s), {} warning(s)",
        m.check.errors, m.check.warnings
    )
}

/// Untrusted text (from a manifest, a tar member name, a file name) as printed on a terminal:
/// control, bidi and invisible characters escaped.
fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    evidence::terminal::escape(text)
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::new(bundle::Code::Usage, message)
}

// ------------------------------------------------------------------------------------------------

fn create(ctx: &Ctx, args: CreateArgs) -> anyhow::Result<Exit> {
    match create_inner(ctx, &args) {
        Ok(created) => {
            let m = &created.manifest.manifest;
            eprintln!(
                "created {} ({} files, {} bytes), bundle {} sequence {}, signed by {} key(s); check: {} error(s), {} warning(s)",
                created.path.display(),
                m.files.len(),
                m.files.iter().map(|f| f.size).sum::<u64>(),
                m.bundle_id,
                m.sequence,
                created.signed_by.len(),
                m.check.errors,
                m.check.warnings,
            );
            if created.signed_by.is_empty() {
                eprintln!(
                    "note: the bundle is unsigned; add signatures with `evidence bundle sign`"
                );
            }
            println!("{}", created.manifest.digest());
            Ok(Exit::Ok)
        }
        Err(CreateError::Failure(f)) => fail(&f, TextOrJson::Text),
        Err(CreateError::Other(e)) => Err(e),
    }
}

enum CreateError {
    Failure(Failure),
    Other(anyhow::Error),
}

impl From<Failure> for CreateError {
    fn from(f: Failure) -> Self {
        Self::Failure(f)
    }
}

fn create_inner(ctx: &Ctx, args: &CreateArgs) -> Result<bundle::Created, CreateError> {
    let created_at = match args.created_at {
        Some(t) => report::to_the_second(t)?,
        None => report::now(),
    };
    let expires_at = report::parse_expiry(&args.expires, created_at)?;
    let signers = args
        .sign
        .iter()
        .map(|p| PrivateKey::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut input = match &args.input {
        Some(path) => read_input(path)?,
        None => {
            let ws = ctx.load_workspace().map_err(CreateError::Other)?;
            let period = match args.audit_period.as_deref() {
                Some(text) => Some(
                    text.parse::<evidence::model::AuditPeriod>()
                        .map_err(|e| CreateError::Failure(usage(format!("--audit-period: {e}"))))?,
                ),
                None => ws.config.audit_period,
            };
            let assessment =
                evidence::assessment::Assessment::over(&ws, super::today_or(args.now), period);
            let report =
                evidence::check::run(&ws, &assessment).map_err(|e| CreateError::Other(e.into()))?;
            if report.summary.errors > 0 {
                eprintln!(
                    "evidence check: {} error(s), {} warning(s) (run `evidence check` for details)",
                    report.summary.errors, report.summary.warnings
                );
            }
            let mut input = bundle::bundle_input_from_workspace(&ws, &assessment, &report)?;
            if let Some(period) = assessment.period.filter(|_| args.audit_period.is_none()) {
                input.audit_period = Some(bundle::AuditPeriod {
                    start: period.start.to_string(),
                    end: period.end.to_string(),
                });
            }
            input
        }
    };
    if let Some(p) = &args.audit_period {
        input.audit_period = Some(report::parse_period(p)?);
    }
    let opts = CreateOptions {
        out: args.out.clone(),
        created_at,
        expires_at,
        sequence: args.sequence,
        supersedes: args.supersedes.clone(),
        signers,
        allow_findings: args.allow_findings,
        bundle_id: None,
    };
    let bar = Bar::new("hashing");
    let created = bundle::create(&input, &opts, &bar);
    bar.finish();
    Ok(created?)
}

fn read_input(path: &Path) -> Result<BundleInput, Failure> {
    let invalid =
        |m: String| Failure::about(bundle::Code::InputInvalid, path.display().to_string(), m);
    let text =
        std::fs::read_to_string(path).map_err(|e| invalid(evidence::files::io_reason(&e)))?;
    let mut input: BundleInput = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let base = path.parent().unwrap_or(Path::new(""));
    for f in &mut input.files {
        f.source = base.join(&f.source);
    }
    Ok(input)
}

// ------------------------------------------------------------------------------------------------

fn sign(args: SignArgs) -> anyhow::Result<Exit> {
    let result = PrivateKey::load(&args.key).and_then(|key| {
        let bar = Bar::new("checking");
        let r = bundle::sign(&args.path, &key, report::now(), &bar);
        bar.finish();
        r
    });
    match result {
        Ok(s) if s.already => {
            eprintln!(
                "{} already holds this key's signature; nothing changed",
                args.path.display()
            );
            println!("{}", s.keyid);
            Ok(Exit::Ok)
        }
        Ok(s) => {
            eprintln!("signed {}", args.path.display());
            println!("{}", s.keyid);
            Ok(Exit::Ok)
        }
        Err(f) => fail(&f, TextOrJson::Text),
    }
}

// ------------------------------------------------------------------------------------------------

fn verify_options(trust: &TrustArgs) -> Result<VerifyOptions, Failure> {
    let policy =
        TrustPolicy::from_files(trust.trusted_keys.as_deref(), &trust.keys, trust.threshold)?;
    let at = match &trust.at {
        None => report::now(),
        Some(s) => report::parse_time(s)?,
    };
    Ok(VerifyOptions {
        trust: Some(policy),
        at,
        expect_bundle_id: trust.expect_bundle_id.clone(),
        min_sequence: trust.min_sequence,
    })
}

fn verify(args: VerifyArgs) -> anyhow::Result<Exit> {
    let opts = match verify_options(&args.trust) {
        Ok(o) => o,
        Err(f) => return fail(&f, args.format),
    };
    let bar = Bar::new("verifying");
    let result = bundle::verify(&args.path, &opts, &bar);
    bar.finish();
    match result {
        Ok(v) => {
            print_verified(&args.path, &v, &opts, args.format)?;
            Ok(Exit::Ok)
        }
        Err(f) => fail(&f, args.format),
    }
}

fn print_verified(
    path: &Path,
    v: &bundle::Verified,
    opts: &VerifyOptions,
    format: TextOrJson,
) -> anyhow::Result<()> {
    let m = &v.manifest.manifest;
    match format {
        TextOrJson::Json => print_json(&VerifiedReport::new(path, v, opts.at)),
        TextOrJson::Text => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "verified: {} — bundle {} sequence {} of {}",
                esc(&path.display().to_string()),
                m.bundle_id,
                m.sequence,
                esc(&m.organisation)
            )?;
            writeln!(
                out,
                "  files:      {} ({} bytes), all present, sizes and SHA-256 match",
                v.files, v.bytes
            )?;
            writeln!(out, "  created:    {}", m.created_at)?;
            writeln!(
                out,
                "  expires:    {}",
                m.expires_at.as_deref().unwrap_or("never")
            )?;
            writeln!(out, "  manifest:   sha256 {}", v.manifest.digest())?;
            if let Some(s) = &m.supersedes {
                writeln!(out, "  supersedes: manifest sha256 {s}")?;
            }
            writeln!(out, "{}", check_at_creation(m))?;
            writeln!(
                out,
                "  signatures: {} trusted key(s) counted, threshold {}",
                v.counted(),
                v.threshold
            )?;
            for s in &v.signers {
                let owner = s
                    .owner
                    .as_deref()
                    .map(|o| format!(" ({})", esc(o)))
                    .unwrap_or_default();
                let note = s
                    .note
                    .as_deref()
                    .map(|n| format!(": {}", esc(n)))
                    .unwrap_or_default();
                writeln!(out, "    {}{owner}  {}{note}", s.keyid, s.status)?;
            }
            out.flush()?;
            Ok(())
        }
    }
}

// ------------------------------------------------------------------------------------------------

fn inspect(args: InspectArgs) -> anyhow::Result<Exit> {
    let i = match bundle::inspect(&args.path) {
        Ok(i) => i,
        Err(f) => return fail(&f, args.format),
    };
    let m = &i.manifest.manifest;
    match args.format {
        TextOrJson::Json => print_json(&InspectReport::new(&i))?,
        TextOrJson::Text => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "NOT VERIFIED: this shows what the bundle claims; run `evidence bundle verify` before relying on it."
            )?;
            writeln!(
                out,
                "bundle {} sequence {} — {}",
                m.bundle_id,
                m.sequence,
                esc(&m.organisation)
            )?;
            writeln!(out, "  frameworks: {}", esc(&m.frameworks.join(", ")))?;
            if let Some(p) = &m.audit_period {
                writeln!(out, "  audit period: {} to {}", p.start, p.end)?;
            }
            writeln!(
                out,
                "  created {}, expires {}",
                m.created_at,
                m.expires_at.as_deref().unwrap_or("never")
            )?;
            writeln!(out, "{}", check_at_creation(m))?;
            writeln!(
                out,
                "  signature files (unchecked): {}",
                if i.signature_keyids.is_empty() {
                    "none".to_string()
                } else {
                    i.signature_keyids.join(", ")
                }
            )?;
            for (control, files) in i.by_control() {
                let title = if control.is_empty() {
                    "workspace files (no control)".into()
                } else {
                    esc(control)
                };
                writeln!(out, "{title}")?;
                for f in files {
                    let when = f
                        .collected_at
                        .as_deref()
                        .map(|d| format!(", collected {d}"))
                        .unwrap_or_default();
                    let what = f
                        .description
                        .as_deref()
                        .map(|d| format!(" — {}", esc(d)))
                        .unwrap_or_default();
                    writeln!(out, "  {} ({} bytes{when}){what}", esc(&f.path), f.size)?;
                }
            }
            out.flush()?;
        }
    }
    Ok(Exit::Ok)
}

// ------------------------------------------------------------------------------------------------

fn extract(args: ExtractArgs) -> anyhow::Result<Exit> {
    let opts = match verify_options(&args.trust) {
        Ok(o) => o,
        Err(f) => return fail(&f, TextOrJson::Text),
    };
    let bar = Bar::new("verifying");
    let result = bundle::extract(&args.path, &args.to, &opts, &bar);
    bar.finish();
    match result {
        Ok(v) => {
            eprintln!(
                "verified and extracted {} files ({} bytes) to {}",
                v.files,
                v.bytes,
                args.to.display()
            );
            Ok(Exit::Ok)
        }
        Err(f) => fail(&f, TextOrJson::Text),
    }
}
