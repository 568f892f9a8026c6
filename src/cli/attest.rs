//! `evidence attest …`: arguments and printing; the work is in `evidence::attest`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use evidence::attest::{self, Envelope, Verification};
use evidence::bundle::{PrivateKey, PublicKey};

use super::progress::Bar;
use super::{Ctx, Exit, TextOrJson};

/// in-toto attestations: verify one, or state a bundle's manifest as one
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Verify(VerifyArgs),
    Bundle(BundleArgs),
}

/// Verify an in-toto attestation (DSSE envelope), such as `evidence check --attest` writes.
///
/// Checks the envelope's shape (size, strict JSON, payloadType application/vnd.in-toto+json), a
/// signature by a trusted key, the Statement (_type https://in-toto.io/Statement/v1), and then
/// recomputes each subject's SHA-256 from the files below the workspace (-C DIR, or the one
/// found from the current directory) so that a changed byte fails. Subject names with `..`, an
/// absolute path, or a link out of the directory are refused.
///
/// Exit 0 verified; 1 not verified (with the reasons); 2 could not run (unreadable file or key,
/// no such directory).
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The attestation (JSON DSSE envelope)
    file: PathBuf,
    /// A trusted public key (SPKI PEM); repeat for several
    #[arg(long = "key", value_name = "PUB", required = true)]
    keys: Vec<PathBuf>,
    /// Check the signature and Statement only, not the subjects' files
    #[arg(long)]
    signature_only: bool,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

/// Write a bundle's manifest as an in-toto Statement (after checking the bundle's integrity):
/// the manifest's files are the subjects, the manifest the predicate. Signed into a DSSE
/// envelope with --sign; a bare Statement without.
#[derive(Debug, clap::Args)]
pub struct BundleArgs {
    /// The bundle (directory or .tar)
    path: PathBuf,
    /// Sign with this private key (PKCS#8 PEM); repeat for several signers
    #[arg(long = "sign", value_name = "KEY")]
    sign: Vec<PathBuf>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Verify(args) => verify(ctx, args),
        Command::Bundle(args) => bundle(args),
    }
}

fn verify(ctx: &Ctx, args: VerifyArgs) -> anyhow::Result<Exit> {
    let keys = args
        .keys
        .iter()
        .map(|p| PublicKey::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let root = subjects_root(ctx, args.signature_only)?;
    let bytes = read_bounded(&args.file)?;
    let result = attest::verify(&bytes, &keys, root.as_deref())?;
    match args.format {
        TextOrJson::Json => {
            let mut text = serde_json::to_string_pretty(&result)?;
            text.push('\n');
            super::emit(None, text)?;
        }
        TextOrJson::Text => print_text(&args.file, &result, root.as_deref()),
    }
    Ok(if result.verified {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

/// The directory subjects are checked against: -C DIR as given, else the workspace found from
/// the current directory, else none (the signature alone is checked, and the output says so).
fn subjects_root(ctx: &Ctx, signature_only: bool) -> anyhow::Result<Option<PathBuf>> {
    if signature_only {
        return Ok(None);
    }
    if let Some(dir) = &ctx.workspace {
        if !dir.is_dir() {
            anyhow::bail!("{}: not a directory", dir.display());
        }
        return Ok(Some(dir.clone()));
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(evidence::workspace::find_root(None, &cwd).ok())
}

/// The file's bytes, refusing to read more than an envelope may hold (the verifier then reports
/// it as too large).
fn read_bounded(path: &Path) -> anyhow::Result<Vec<u8>> {
    let unreadable = |e: std::io::Error| evidence::error::Error::io(path, e);
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(attest::envelope::MAX_ENVELOPE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

fn print_text(file: &Path, v: &Verification, root: Option<&Path>) {
    let name = evidence::terminal::escape(&file.display().to_string()).into_owned();
    if v.verified {
        println!("verified: {name}");
    } else {
        println!("NOT verified: {name}");
    }
    if !v.signed_by.is_empty() {
        println!("  signed by: {}", v.signed_by.join(", "));
    }
    if let Some(s) = &v.statement {
        let esc = |t: &str| evidence::terminal::escape(t).into_owned();
        println!("  predicate: {}", esc(&s.predicate_type));
        if let Some(result) = &s.result {
            println!("  result: {}", esc(result));
        }
        match (v.subjects_checked, root) {
            (Some(n), Some(root)) => println!(
                "  subjects: {n} of {} match the files below {}",
                s.subjects,
                root.display()
            ),
            _ => println!(
                "  subjects: {} (not checked: no workspace; pass -C DIR to check them)",
                s.subjects
            ),
        }
    }
    for p in &v.problems {
        let text = evidence::terminal::escape(&p.to_string()).into_owned();
        println!("  problem: {text}");
    }
}

fn bundle(args: BundleArgs) -> anyhow::Result<Exit> {
    let signers = args
        .sign
        .iter()
        .map(|p| PrivateKey::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let progress = Bar::spinner();
    let statement =
        match attest::bundle::bundle_statement(&args.path, jiff::Timestamp::now(), &progress) {
            Ok(s) => s,
            Err(attest::Error::Bundle(f)) if f.class() == evidence::bundle::Class::Invalid => {
                eprintln!("invalid: {f}");
                return Ok(Exit::Findings);
            }
            Err(e) => return Err(e.into()),
        };
    progress.finish();
    let bytes = if signers.is_empty() {
        let mut b = serde_json::to_vec_pretty(&statement)?;
        b.push(b'\n');
        b
    } else {
        Envelope::sign(&statement.to_payload()?, &signers).to_json()
    };
    super::emit(args.out.as_deref(), bytes)?;
    eprintln!(
        "stated {} ({} subjects){}",
        args.path.display(),
        statement.subject.len(),
        if signers.is_empty() {
            ", unsigned: sign it with --sign KEY".to_string()
        } else {
            format!(
                ", signed by {}",
                signers
                    .iter()
                    .map(|k| k.keyid())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    Ok(Exit::Ok)
}
