//! The fuzz campaign runner: `cargo run --release --example fuzz -- TARGET SECONDS [SEED]`.
//! Runs one target of `tests/fuzz/harness.rs` for SECONDS, prints one line of figures
//! (executions, accepted inputs, crashes) and writes each crashing input to `fuzz-crashes/`.
//! `scripts/fuzz.sh` runs every target for N minutes.

#[path = "../tests/fuzz/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(target), Some(seconds)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: fuzz TARGET SECONDS [SEED]; targets: {}",
            harness::TARGETS.join(" ")
        );
        return std::process::ExitCode::from(2);
    };
    if target == "write-seeds" {
        // Regenerate the binary seeds kept in tests/fuzz/seeds/ (an XLSX and a manifest).
        let dir = std::path::Path::new(seconds);
        let fx = harness::Fixture::new();
        std::fs::write(dir.join("questionnaire.xlsx"), harness::xlsx_seed()).unwrap();
        std::fs::write(dir.join("manifest.json"), &fx.signed_manifest).unwrap();
        return std::process::ExitCode::SUCCESS;
    }
    if !harness::TARGETS.contains(&target.as_str()) {
        eprintln!(
            "unknown target {target}; targets: {}",
            harness::TARGETS.join(" ")
        );
        return std::process::ExitCode::from(2);
    }
    let Ok(seconds) = seconds.parse::<f64>() else {
        eprintln!("SECONDS must be a number");
        return std::process::ExitCode::from(2);
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64 ^ 0x9e37_79b9_7f4a_7c15);
    // Panics are caught and counted; keep their messages off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let fx = harness::Fixture::new();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let outcome = harness::run(target, &fx, seed, |_| Instant::now() < deadline);
    let saved = harness::save_crashes(std::path::Path::new("fuzz-crashes"), target, &outcome);
    println!(
        "{target}: {} executions, {} accepted, {} crashes (seed {seed})",
        outcome.executions,
        outcome.accepted,
        outcome.crashes.len()
    );
    for ((why, _), path) in outcome.crashes.iter().zip(&saved) {
        println!("  {why}: {}", path.display());
    }
    if outcome.crashes.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
