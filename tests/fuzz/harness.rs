//! A bounded, structure-aware random fuzzer on stable Rust, shared by the CI test
//! (`tests/fuzz.rs`, a fixed number of executions per target) and the campaign runner
//! (`examples/fuzz.rs`, driven by `scripts/fuzz.sh` for N minutes per target).
//!
//! Each target takes bytes, starts from committed seeds (`tests/fuzz/seeds/`) or from inputs
//! built by the writer itself (tar bundles, which must be signed), mutates them (bit flips,
//! interesting bytes, octal digits, insertions, deletions, duplications, splices, truncation)
//! and checks that the code under test neither panics nor breaks its property:
//! - `manifest`: `manifest::parse` accepts ⇒ the typed manifest re-encodes to the same bytes;
//! - `tar-signed`: `verify_tar` with a trusted key accepts ⇒ the manifest is the signed one and
//!   every file is the signed content;
//! - `tar-unsigned`: `verify_tar` without a key accepts ⇒ the writer, given what was read, makes
//!   the same archive byte for byte;
//! - `yaml`, `toml`: the workspace loaders return a result (an error names a line);
//! - `csv`, `xlsx`: the questionnaire readers return a result;
//! - `ingest`: `ingest::parse` returns a result, and a failing outcome always gives a reason.

#![allow(dead_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use evidence::bundle::verify::{Head, TarObserver, VerifyOptions, verify_tar};
use evidence::bundle::{
    self, BundleInput, CheckSummary, CreateOptions, InputFile, PrivateKey, TrustPolicy, TrustedKey,
    manifest, tar,
};

pub const TARGETS: &[&str] = &[
    "manifest",
    "tar-signed",
    "tar-unsigned",
    "yaml",
    "toml",
    "csv",
    "xlsx",
    "ingest",
];

/// A small, fast, seedable generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[u8] = &[
    0, 0xff, 0x7f, 0x80, b'/', b'0', b'7', b'8', b' ', b'\n', b'"', b'\\', b'{', b'}', b'[', b']',
    b':', b'-', b'!', b'&', b'*', b'<', b'.', b'x', b'5', b'2', 0x1b, 0xc3, 0xa9, 0xef, 0xbb,
];

/// One to four random mutations of `input`; `other` is another seed to splice from.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 if len > 0 => {
                // Octal digits where tar keeps its numbers.
                let i = rng.below(len);
                v[i] = b'0' + rng.below(8) as u8;
            }
            3 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                for _ in 0..n {
                    v.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
                }
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(64)).min(len - i);
                v.drain(i..i + n);
            }
            5 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(512)).min(len - i);
                let chunk = v[i..i + n].to_vec();
                let at = rng.below(len + 1);
                v.splice(at..at, chunk);
            }
            6 if !other.is_empty() && len > 0 => {
                let i = rng.below(other.len());
                let n = (1 + rng.below(256)).min(other.len() - i);
                let at = rng.below(len);
                let end = (at + n).min(len);
                v.splice(at..end, other[i..i + n].iter().copied());
            }
            7 if len > 0 => {
                v.truncate(rng.below(len));
            }
            _ if len > 0 => {
                // Overwrite an aligned 512-byte block's field-sized run (tar headers).
                let block = rng.below(len.div_ceil(512)) * 512;
                let at = (block + rng.below(512)).min(len - 1);
                let n = (1 + rng.below(12)).min(len - at);
                for b in &mut v[at..at + n] {
                    *b = INTERESTING[rng.below(INTERESTING.len())];
                }
            }
            _ => v.push(INTERESTING[rng.below(INTERESTING.len())]),
        }
    }
    v
}

/// Recompute the checksum of every block that looks like a ustar header.
pub fn fix_checksums(v: &mut [u8]) {
    for block in v.chunks_exact_mut(512) {
        if &block[257..263] != b"ustar\0" {
            continue;
        }
        block[148..156].copy_from_slice(b"        ");
        let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
        block[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    }
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub executions: u64,
    pub accepted: u64,
    /// (description, input) of each panic or property violation.
    pub crashes: Vec<(String, Vec<u8>)>,
}

/// Everything a target needs that is built once: a scratch directory, keys and good bundles.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub tar: Vec<u8>,
    pub signed_manifest: Vec<u8>,
    pub files: Vec<(String, Vec<u8>)>,
    pub key: PrivateKey,
}

const CREATED: &str = "2026-05-01T12:00:00Z";

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        let files: Vec<(String, Vec<u8>)> = vec![
            ("a.txt".into(), b"alpha\n".to_vec()),
            ("dir/b.txt".into(), b"bravo\n".to_vec()),
            (
                "dir/sub/c.bin".into(),
                (0..700u32).map(|i| (i % 251) as u8).collect(),
            ),
            (
                "\u{e9}t\u{e9}.txt".into(),
                "\u{e9}cho\n".as_bytes().to_vec(),
            ),
            (
                format!("long/{}/{}", "d".repeat(120), "f".repeat(90)),
                b"long\n".to_vec(),
            ),
        ];
        let mut inputs = Vec::new();
        for (i, (path, data)) in files.iter().enumerate() {
            let source = src.join(format!("f{i}"));
            std::fs::write(&source, data).unwrap();
            inputs.push(InputFile {
                source,
                path: path.clone(),
                controls: vec!["C-1".into()],
                collected_at: Some("2026-04-01".into()),
                description: None,
            });
        }
        let key = PrivateKey::from_seed(&[7; 32]).unwrap();
        let out = dir.path().join("seed.tar");
        let created = bundle::create(
            &BundleInput {
                organisation: "Fuzz Ltd".into(),
                frameworks: vec!["gdpr".into()],
                audit_period: None,
                check: CheckSummary::default(),
                files: inputs,
            },
            &CreateOptions {
                out: out.clone(),
                created_at: CREATED.parse().unwrap(),
                expires_at: None,
                sequence: Some(1),
                supersedes: None,
                signers: vec![PrivateKey::from_seed(&[7; 32]).unwrap()],
                allow_findings: false,
                bundle_id: Some("fuzz".into()),
            },
            &(),
        )
        .expect("seed bundle");
        let mut files = files;
        files.sort();
        Self {
            tar: std::fs::read(&out).unwrap(),
            signed_manifest: created.manifest.bytes,
            files,
            key,
            dir,
        }
    }
}

/// Keeps what a verified tar held.
#[derive(Default)]
struct Record {
    top: String,
    manifest: Vec<u8>,
    signatures: Vec<(String, Vec<u8>)>,
    files: Vec<(String, Vec<u8>)>,
}

impl TarObserver for Record {
    fn head(&mut self, top: &str, head: &Head) -> bundle::code::Result<()> {
        self.top = top.to_string();
        self.manifest = head.manifest.clone();
        self.signatures = head
            .signatures
            .iter()
            .map(|s| (s.keyid.clone(), s.bytes.clone()))
            .collect();
        Ok(())
    }
    fn dir(&mut self, _: &str) -> bundle::code::Result<()> {
        Ok(())
    }
    fn file_start(&mut self, rel: &str, _: u64) -> bundle::code::Result<()> {
        self.files.push((rel.to_string(), Vec::new()));
        Ok(())
    }
    fn data(&mut self, bytes: &[u8]) -> bundle::code::Result<()> {
        if let Some((_, d)) = self.files.last_mut() {
            d.extend_from_slice(bytes);
        }
        Ok(())
    }
    fn file_end(&mut self) -> bundle::code::Result<()> {
        Ok(())
    }
}

fn at() -> jiff::Timestamp {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

/// Run one input through a target: `Ok(accepted)` or a description of what went wrong.
pub fn run_one(target: &str, fx: &Fixture, input: &[u8]) -> Result<bool, String> {
    let scratch = fx.dir.path();
    match target {
        "manifest" => match manifest::parse(input.to_vec()) {
            Ok(p) => {
                let again = p.manifest.to_canonical_bytes().map_err(|e| e.to_string())?;
                if again != input {
                    return Err("accepted a manifest that does not re-encode to its bytes".into());
                }
                Ok(true)
            }
            Err(_) => Ok(false),
        },
        "tar-signed" | "tar-unsigned" => {
            let path = scratch.join("seed.tar");
            let path = path.with_file_name(format!("in-{}/seed.tar", std::process::id()));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, input).unwrap();
            let trust = (target == "tar-signed").then(|| {
                TrustPolicy::new(vec![TrustedKey::active(fx.key.public().clone())], Some(1))
                    .unwrap()
            });
            let opts = VerifyOptions {
                trust,
                at: at(),
                expect_bundle_id: None,
                min_sequence: None,
            };
            let mut rec = Record::default();
            match verify_tar(&path, &opts, &(), &mut rec) {
                Err(_) => Ok(false),
                Ok(_) if target == "tar-signed" => {
                    if rec.manifest != fx.signed_manifest {
                        return Err("accepted a manifest other than the signed one".into());
                    }
                    let mut files = rec.files.clone();
                    files.sort();
                    if files != fx.files {
                        return Err("accepted content other than the signed content".into());
                    }
                    Ok(true)
                }
                Ok(_) => {
                    // Re-encode what was read: the writer must make the same bytes.
                    let created: jiff::Timestamp = manifest::parse(rec.manifest.clone())
                        .map_err(|e| e.to_string())?
                        .created_at;
                    let mut out = Vec::new();
                    let mut w = tar::Writer::new(&mut out, created.as_second() as u64);
                    bundle::create::write_tar_head(
                        &mut w,
                        &rec.top,
                        &rec.manifest,
                        &rec.signatures,
                    )
                    .unwrap();
                    let mut dirs = bundle::create::DirTracker::default();
                    for (p, d) in &rec.files {
                        for dir in dirs.new_parents(p) {
                            w.dir(&format!("{}/files/{dir}", rec.top)).unwrap();
                        }
                        w.file(&format!("{}/files/{p}", rec.top), d.len() as u64, d)
                            .unwrap();
                    }
                    w.finish().unwrap();
                    if out != input {
                        return Err("accepted a tar the writer would not make".into());
                    }
                    Ok(true)
                }
            }
        }
        "yaml" => {
            let text = String::from_utf8_lossy(input);
            let a =
                evidence::yaml::parse::<evidence::model::ControlFile>(Path::new("c.yaml"), &text);
            let b = evidence::yaml::parse::<serde_json::Value>(Path::new("v.yaml"), &text);
            Ok(a.is_ok() || b.is_ok())
        }
        "toml" => {
            let text = String::from_utf8_lossy(input);
            Ok(evidence::model::Config::parse(Path::new("evidence.toml"), &text).is_ok())
        }
        "csv" => Ok(evidence::questionnaire::sheet::parse_csv(Path::new("q.csv"), input).is_ok()),
        "xlsx" => {
            let path = scratch.join(format!("q-{}.xlsx", std::process::id()));
            std::fs::write(&path, input).unwrap();
            Ok(evidence::questionnaire::sheet::read(&path).is_ok())
        }
        "ingest" => match evidence::ingest::parse("in", input) {
            Ok(a) => match &a.outcome {
                evidence::ingest::Outcome::Failing { reasons } if reasons.is_empty() => {
                    Err("a failing outcome without a reason".into())
                }
                _ => Ok(true),
            },
            Err(_) => Ok(false),
        },
        other => Err(format!("unknown target {other}")),
    }
}

/// A small questionnaire workbook, as Excel users send them (two sheets, a header row).
pub fn xlsx_seed() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Questions").unwrap();
    let rows = [
        ["Question ID", "Question", "Answer", "Notes"],
        ["A&A-01.1", "Are audit policies established?", "", ""],
        ["DSP-05.2", "Is data encrypted at rest?", "Yes", "AES-256"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let other = wb.add_worksheet();
    other.write_string(0, 0, "Instructions").unwrap();
    wb.save_to_buffer().unwrap()
}

/// The ingest fixtures, one per format and outcome (the malformed ones too: their mutations
/// reach the error paths).
fn ingest_seeds() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// The seeds of a target.
pub fn seeds(target: &str, fx: &Fixture) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/seeds");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
    match target {
        "manifest" => vec![fx.signed_manifest.clone(), read("manifest.json")],
        "tar-signed" | "tar-unsigned" => vec![fx.tar.clone()],
        "yaml" => vec![read("control.yaml"), read("trust.yaml")],
        "toml" => vec![read("evidence.toml")],
        "csv" => vec![read("questionnaire.csv")],
        "xlsx" => vec![read("questionnaire.xlsx"), xlsx_seed()],
        "ingest" => ingest_seeds(),
        _ => Vec::new(),
    }
}

/// Run `target` until `more` says stop, from seed `seed`.
pub fn run(target: &str, fx: &Fixture, seed: u64, mut more: impl FnMut(u64) -> bool) -> Outcome {
    let seeds = seeds(target, fx);
    let mut rng = Rng::new(seed);
    let mut outcome = Outcome::default();
    // The seeds themselves first: each must be accepted where it is a good input.
    let mut pool: Vec<Vec<u8>> = seeds.clone();
    while more(outcome.executions) {
        let input = if (outcome.executions as usize) < seeds.len() {
            seeds[outcome.executions as usize].clone()
        } else {
            let base = &pool[rng.below(pool.len())];
            let other = &seeds[rng.below(seeds.len())];
            let mut v = mutate(&mut rng, base, other);
            // Half the tar inputs get valid header checksums, so that mutations reach past the
            // checksum check into the header, order and content rules.
            if target.starts_with("tar") && rng.below(2) == 0 {
                fix_checksums(&mut v);
            }
            v
        };
        outcome.executions += 1;
        let result = catch_unwind(AssertUnwindSafe(|| run_one(target, fx, &input)));
        match result {
            Ok(Ok(true)) => {
                outcome.accepted += 1;
                // Accepted inputs are good starting points for more mutations.
                if pool.len() < 256 {
                    pool.push(input);
                }
            }
            Ok(Ok(false)) => {}
            Ok(Err(why)) => outcome.crashes.push((why, input)),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into());
                outcome.crashes.push((format!("panic: {why}"), input));
            }
        }
    }
    outcome
}

/// Write each crashing input to `dir/<target>-<n>.bin`.
pub fn save_crashes(dir: &Path, target: &str, outcome: &Outcome) -> Vec<PathBuf> {
    let _ = std::fs::create_dir_all(dir);
    outcome
        .crashes
        .iter()
        .enumerate()
        .map(|(i, (_, input))| {
            let p = dir.join(format!("{target}-{i}.bin"));
            let _ = std::fs::write(&p, input);
            p
        })
        .collect()
}
