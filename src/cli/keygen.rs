//! `evidence keygen`: make an Ed25519 key pair for signing bundles.

use std::path::PathBuf;

use evidence::bundle::{Class, PrivateKey};

use super::Exit;

/// Make an Ed25519 key pair for signing bundles: PREFIX.key (PKCS#8 PEM, mode 0600) and
/// PREFIX.pub (SPKI PEM), and print the key id (SHA-256 of the public key's DER).
///
/// Existing files are never overwritten. The private key is the form `openssl genpkey
/// -algorithm ed25519` writes; openssl can sign with it and `evidence` can use openssl's keys.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Path prefix of the two files
    #[arg(long, value_name = "PREFIX")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let result = PrivateKey::generate().and_then(|k| k.write_pair(&args.out).map(|p| (k, p)));
    match result {
        Ok((key, (private, public))) => {
            eprintln!(
                "wrote {} (private: keep it secret) and {} (public: give it to your auditors)",
                private.display(),
                public.display()
            );
            println!("{}", key.keyid());
            Ok(Exit::Ok)
        }
        Err(f) => {
            eprintln!("error: {f}");
            Ok(match f.class() {
                Class::Invalid => Exit::Findings,
                Class::Unusable => Exit::CouldNotRun,
            })
        }
    }
}
