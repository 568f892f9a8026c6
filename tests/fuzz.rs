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

#[test]
fn fuzz_ingest() {
    bounded("ingest", 3000);
}

/// Inputs the fuzzer found that crash the XLSX reader: calamine 0.38 overflows a `u32` while
/// reading a malformed cell reference (`get_row_and_optional_column`, a long run of column
/// letters). A debug build panics; a release build wraps around, and the wrapped column sizes
/// the range calamine allocates. The questionnaire reader now refuses references outside
/// Excel's grid before calamine reads the workbook: each input is a clear error, not a panic.
#[test]
fn xlsx_reader_survives_the_crashes_the_fuzzer_found() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/crashes");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let result = std::panic::catch_unwind(|| evidence::questionnaire::sheet::read(&path));
        let read = result.unwrap_or_else(|_| panic!("{} panics", path.display()));
        let err = read.expect_err("a malformed workbook is refused");
        let message = err.to_string();
        assert!(
            message.contains("outside the largest sheet") || message.contains("cannot be read"),
            "{message}"
        );
    }
}
