//! A short, bounded fuzz run of every target (the campaign runner is `scripts/fuzz.sh`). The
//! number of executions is fixed and the generator seeded, so the run is the same every time.

#[path = "fuzz/harness.rs"]
mod harness;

fn bounded(target: &str, executions: u64) {
    let fx = harness::Fixture::new();
    let outcome = harness::run(target, &fx, 0x5eed_0017, |n| n < executions);
    let crashes: Vec<&String> = outcome.crashes.iter().map(|(why, _)| why).collect();
    if !crashes.is_empty() {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes");
        let saved = harness::save_crashes(&dir, target, &outcome);
        panic!(
            "{target}: {} crash(es): {crashes:?}; inputs in {saved:?}",
            crashes.len()
        );
    }
    assert_eq!(outcome.executions, executions);
    // The seeds are good inputs: a target that accepts nothing tests nothing.
    assert!(outcome.accepted > 0, "{target}: nothing accepted");
}

#[test]
fn fuzz_manifest() {
    bounded("manifest", 3000);
}

#[test]
fn fuzz_tar_signed() {
    bounded("tar-signed", 600);
}

#[test]
fn fuzz_tar_unsigned() {
    bounded("tar-unsigned", 600);
}

#[test]
fn fuzz_yaml() {
    bounded("yaml", 2000);
}

#[test]
fn fuzz_toml() {
    bounded("toml", 2000);
}

#[test]
fn fuzz_csv() {
    bounded("csv", 2000);
}

#[test]
fn fuzz_xlsx() {
    bounded("xlsx", 300);
}
