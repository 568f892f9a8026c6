//! Malformed input ends with exit 2 and a message naming file:line:column, never a panic.

mod common;

use std::path::Path;

use common::{could_not_run, evidence, fixture};

/// A copy of the clean fixture with `file` replaced by `contents`.
fn workspace_with(file: &str, contents: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("rules/clean"), dir.path());
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
    dir
}

fn assert_error(file: &str, contents: &str, expected: &str) {
    let dir = workspace_with(file, contents.as_bytes());
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

#[test]
fn yaml_syntax_error() {
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: [C-1\n",
        "controls/main.yaml:2:",
    );
}

#[test]
fn unknown_field_names_the_field_and_the_expected_ones() {
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: C-1\n    title: T\n    ownr: CTO\n    status: implemented\n",
        "controls/main.yaml:4:5: unknown field `ownr`, expected one of",
    );
}

#[test]
fn duplicate_key() {
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: C-1\n    title: T\n    title: U\n    status: implemented\n",
        "controls/main.yaml:4:5: duplicate mapping key: title",
    );
}

#[test]
fn duplicate_framework_key_in_mappings() {
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    mappings:\n      mini: [M-1]\n      mini: [M-2]\n",
        "controls/main.yaml:7:",
    );
}

#[test]
fn wrong_type() {
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: C-1\n    title: T\n    status: done\n",
        "controls/main.yaml:4:13: unknown variant `done`",
    );
    assert_error(
        "scope/mini.yaml",
        "framework: mini\ndecisions:\n  - requirement: M-1\n    applicable: perhaps\n",
        "scope/mini.yaml:4:17",
    );
    assert_error(
        "controls/main.yaml",
        "controls:\n  - id: C-1\n    title: T\n    status: planned\n    target: 2026-02-30\n",
        "controls/main.yaml:5:13",
    );
}

#[test]
fn alias_bomb_is_stopped_by_the_budget() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        yaml.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 10].join(", ")
        ));
    }
    // Into an untyped value, so that only the budget can stop it (10^12 strings if expanded).
    let err =
        evidence::yaml::parse::<serde_json::Value>(Path::new("bomb.yaml"), &yaml).unwrap_err();
    assert!(err.to_string().contains("budget"), "{err}");
    // In a workspace file the same input fails cleanly too.
    let dir = workspace_with("controls/bomb.yaml", yaml.as_bytes());
    let stderr = could_not_run(dir.path());
    assert!(stderr.contains("controls/bomb.yaml:"), "{stderr}");
}

#[test]
fn empty_file() {
    assert_error(
        "controls/empty.yaml",
        "# nothing here yet\n",
        "controls/empty.yaml: the file is empty",
    );
}

#[test]
fn non_utf8_names_the_line() {
    let dir = workspace_with(
        "controls/latin1.yaml",
        b"controls:\n  - id: C-9\n    title: Caf\xe9\n",
    );
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("controls/latin1.yaml:3:15: not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn malformed_toml_names_line_and_column() {
    assert_error(
        "evidence.toml",
        "[organisation]\nname = \"X\"\n[scope]\nframeworks = [\"mini\"\n",
        "evidence.toml:4:",
    );
    assert_error(
        "evidence.toml",
        "[organisation]\nname = \"X\"\nwebsight = \"https://x\"\n[scope]\nframeworks = []\n",
        "evidence.toml:3:1: unknown field `websight`",
    );
    assert_error(
        "evidence.toml",
        "[organisation]\nname = \"X\"\n[scope]\nframeworks = []\n[evidence]\nmax_age = \"fortnight\"\n",
        "evidence.toml:6:11: `fortnight` is not a period",
    );
}

#[test]
fn every_malformed_file_is_reported_at_once() {
    let dir = workspace_with("controls/a.yaml", b"controls:\n  - id: A\n    bogus: 1\n");
    std::fs::write(dir.path().join("controls/b.yaml"), "controls: [\n").unwrap();
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("controls/a.yaml:3:5") && stderr.contains("controls/b.yaml:"),
        "{stderr}"
    );
}

#[test]
fn malformed_workspace_catalog_is_reported() {
    assert_error(
        "frameworks/mini.yaml",
        "id: mini\nname: M\nversion: \"1\"\npublisher: P\nsource: S\nlicence: L\nrequirements:\n  - id: M-1\n    title: A\n    parent: M-0\n",
        "frameworks/mini.yaml:10:13: parent `M-0` of `M-1` is not a requirement defined above it",
    );
}

#[test]
fn no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let out = evidence()
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no evidence.toml found"));
}

#[test]
fn usage_errors_exit_2() {
    evidence()
        .args(["check", "--now", "yesterday"])
        .assert()
        .code(2);
    evidence()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    evidence().arg("no-such-command").assert().code(2);
}

/// Exit 2 and `expected` on standard error, in the user's terms rather than a parser's.
fn assert_usage_error(args: &[&str], expected: &str) -> String {
    let out = evidence().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{args:?}: expected `{expected}` in:\n{stderr}"
    );
    stderr
}

#[test]
fn a_bad_date_is_named_as_one_by_every_command_that_takes_now() {
    for command in [
        &["check"][..],
        &["status"],
        &["coverage"],
        &["diff", "HEAD"],
        &["render", "risks"],
        &["answer", "q.csv"],
    ] {
        let args = [command, &["--now", "2026-02-30"]].concat();
        assert_usage_error(
            &args,
            "invalid value '2026-02-30' for '--now <DATE>': expected a date as YYYY-MM-DD",
        );
    }
}

#[test]
fn an_unknown_framework_is_a_usage_error_that_lists_the_known_ones() {
    let clean = fixture("rules/clean");
    let clean = clean.to_str().unwrap();
    let stderr = assert_usage_error(
        &["coverage", "-C", clean, "--framework", "iso9001"],
        "error: unknown framework `iso9001`; known: ",
    );
    assert!(stderr.contains("iso42001, "), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ws");
    let stderr = assert_usage_error(
        &[
            "init",
            target.to_str().unwrap(),
            "--frameworks",
            "iso42001, ,iso9001",
        ],
        "error: unknown framework `iso9001`; known: ",
    );
    assert!(stderr.contains("iso42001, "), "{stderr}");
    assert!(!target.exists(), "init wrote a workspace it refused");
}

#[test]
fn options_that_need_each_other_are_usage_errors() {
    assert_usage_error(
        &["check", "--attest", "signing.key"],
        "the following required arguments were not provided",
    );
    let example = common::repo().join("examples/clustral-ai-labs");
    assert_usage_error(
        &[
            "render",
            "trust-pack",
            "-C",
            example.to_str().unwrap(),
            "--now",
            common::NOW,
            "--sign",
            "no-such.key",
        ],
        "error: --sign signs DIR/trust.json: use it with --out DIR/",
    );
}

/// Every single-byte corruption of a valid control file either parses or fails cleanly.
#[test]
fn corrupted_control_files_never_panic() {
    let original = std::fs::read(fixture("rules/clean/controls/main.yaml")).unwrap();
    let replacements = [
        b'\0', b':', b'-', b'[', b'{', b'&', b'*', b'\'', b'"', b'\t', b'\n', b' ', 0xff,
    ];
    for i in 0..original.len() {
        for &byte in &replacements {
            let mut bytes = original.clone();
            bytes[i] = byte;
            let text = String::from_utf8_lossy(&bytes);
            // The library entry point the loader uses; a panic fails the test.
            let _ =
                evidence::yaml::parse::<evidence::model::ControlFile>(Path::new("x.yaml"), &text);
        }
    }
}

#[test]
fn an_explicit_workspace_without_evidence_toml_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("no evidence.toml found in") && !stderr.contains("any directory above"),
        "{stderr}"
    );
}

// Issue 17, F11: hostile workspaces for the loader. Each is exit 2 with file:line:column (or
// the file), never a silent skip, a walk out of the workspace, or a read that never returns.

const CONTROL: &str =
    "controls:\n  - id: C-1\n    title: T\n    owner: CTO\n    status: implemented\n";

#[test]
fn yaml_tags_are_refused_with_their_location() {
    for (contents, at) in [
        (
            "controls:\n  - id: C-1\n    title: !!binary VGl0bGU=\n    status: implemented\n",
            "controls/main.yaml:3:",
        ),
        (
            "controls:\n  - id: !python/object:os.system C-1\n    title: T\n    status: implemented\n",
            "controls/main.yaml:2:",
        ),
        (
            "controls:\n  - !custom\n    id: C-1\n    title: T\n    status: implemented\n",
            "controls/main.yaml:3:",
        ),
        (
            "controls: !!seq\n  - id: C-1\n    title: T\n    status: implemented\n",
            "controls/main.yaml:2:",
        ),
        (
            "controls:\n  - id: C-1\n    title: !!str T\n    status: implemented\n",
            "controls/main.yaml:3:",
        ),
        (
            "controls:\n  - id: C-1\n    !!str title: T\n    status: implemented\n",
            "controls/main.yaml:3:",
        ),
    ] {
        assert_error("controls/main.yaml", contents, at);
        let dir = workspace_with("controls/main.yaml", contents.as_bytes());
        assert!(could_not_run(dir.path()).contains("the YAML tag !"));
    }
}

#[test]
fn merge_keys_are_refused() {
    for contents in [
        // A key given twice, once through the merge: the duplicate-key check never sees it.
        "controls:\n  - &c\n    id: C-1\n    title: T\n    status: implemented\n  - id: C-2\n    title: U\n    status: planned\n    <<: *c\n",
        "controls:\n  - &c\n    id: C-1\n    title: T\n    status: implemented\n  - <<: *c\n    id: C-2\n",
    ] {
        assert_error("controls/main.yaml", contents, "controls/main.yaml:");
        let dir = workspace_with("controls/main.yaml", contents.as_bytes());
        let stderr = could_not_run(dir.path());
        assert!(stderr.to_lowercase().contains("merge"), "{stderr}");
    }
}

#[test]
fn a_second_byte_order_mark_is_refused() {
    let mut bytes = "\u{feff}\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(CONTROL.as_bytes());
    let dir = workspace_with("controls/main.yaml", &bytes);
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("controls/main.yaml:1:1: a second byte-order mark"),
        "{stderr}"
    );
    // One is fine.
    let mut one = "\u{feff}".as_bytes().to_vec();
    one.extend_from_slice(CONTROL.as_bytes());
    let dir = workspace_with("controls/main.yaml", &one);
    let out = evidence()
        .args(["check", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_controls_directory_linked_out_of_the_workspace_is_not_walked() {
    let dir = workspace_with("controls/main.yaml", CONTROL.as_bytes());
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("stolen.yaml"), CONTROL).unwrap();
    let controls = dir.path().join("controls");
    std::fs::remove_dir_all(&controls).unwrap();
    std::os::unix::fs::symlink(outside.path(), &controls).unwrap();
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("controls: `controls` is a symbolic link that leads outside the workspace"),
        "{stderr}"
    );
    // A dangling link, and a link to /usr, are refused the same way.
    for target in [Path::new("/nonexistent-evidence-test"), Path::new("/usr")] {
        std::fs::remove_file(&controls).unwrap();
        std::os::unix::fs::symlink(target, &controls).unwrap();
        let stderr = could_not_run(dir.path());
        assert!(stderr.contains("leads outside the workspace"), "{stderr}");
    }
}

#[test]
fn a_controls_directory_linked_inside_the_workspace_is_read() {
    let dir = workspace_with("controls/main.yaml", CONTROL.as_bytes());
    std::fs::rename(
        dir.path().join("controls"),
        dir.path().join("real-controls"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real-controls", dir.path().join("controls")).unwrap();
    let out = evidence()
        .args(["check", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A workspace with `rel` a symbolic link to a YAML file outside it: refused, naming the file.
fn assert_linked_yaml_refused(rel: &str) {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.yaml"), CONTROL).unwrap();
    let dir = workspace_with("controls/main.yaml", CONTROL.as_bytes());
    let link = dir.path().join(rel);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.yaml"), link).unwrap();
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains(&format!("{rel}: a symbolic link")),
        "{stderr}"
    );
}

#[test]
fn a_linked_or_special_yaml_file_is_an_error_not_a_silent_skip() {
    assert_linked_yaml_refused("controls/linked.yaml");
    // A FIFO named like a YAML file: refused, not read (which would wait forever).
    let dir = workspace_with("controls/main.yaml", CONTROL.as_bytes());
    let fifo = dir.path().join("controls/pipe.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let stderr = could_not_run(dir.path());
    assert!(
        stderr.contains("controls/pipe.yaml: not a regular file"),
        "{stderr}"
    );
}

#[test]
fn a_linked_catalog_is_an_error_as_a_linked_control_file_is() {
    // One lister reads every folder, so frameworks/ refuses what controls/ refuses (it used to
    // skip a linked catalog without a word).
    assert_linked_yaml_refused("frameworks/own.yaml");
}

/// The hostile-workspace corpus: one file of the clean fixture replaced by hostile content.
/// Each must end with exit 2 and a message naming the file and line (and column where the
/// parser gives one), never a panic, a hang or a silently accepted value.
#[test]
fn hostile_workspace_corpus() {
    let deep = format!(
        "controls:\n  - id: C-1\n    title: {}x{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let long_key = format!("[{}]\nx = 1\n", vec!["a"; 2000].join("."));
    let cases: Vec<(&str, String, &str)> = vec![
        ("controls/main.yaml", "controls:\n\t- id: C-1\n".into(), "controls/main.yaml:2:"),
        ("controls/main.yaml", "controls:\n  - id: \"C-1\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - id: *nowhere\n".into(), "controls/main.yaml:2:"),
        ("controls/main.yaml", deep, "controls/main.yaml:3:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    owner: [a, b]\n".into(), "controls/main.yaml:5:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    mappings:\n      mini: M-1\n".into(), "controls/main.yaml:6:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    evidence:\n      - path: p.md\n        colected: 2026-01-01\n".into(), "controls/main.yaml:7:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    evidence:\n      - path: p.md\n        path: q.md\n".into(), "controls/main.yaml:7:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    evidence:\n      - path: p.md\n        collected: yesterday\n".into(), "controls/main.yaml:7:"),
        ("controls/main.yaml", "controls: {}\n".into(), "controls/main.yaml:1:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\nextra: 1\n".into(), "controls/main.yaml:5:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\ncontrols: []\n".into(), "controls/main.yaml:5:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n---\ncontrols: []\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: \"\\uD800\"\n    status: implemented\n".into(), "controls/main.yaml:3:"),
        ("controls/main.yaml", "%YAML 9.9\n---\ncontrols: []\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    review:\n      last: 2026-13-01\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - ? [a, b]\n    : c\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    responsibility: nobody\n".into(), "controls/main.yaml:5:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: !!int 5\n".into(), "controls/main.yaml:4:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: !!binary dGl0bGU=\n    status: implemented\n".into(), "controls/main.yaml:3:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: !<tag:example.com,2026:evil> T\n    status: implemented\n".into(), "controls/main.yaml:3:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: !python/object/apply:os.system [\"id\"]\n    status: implemented\n".into(), "controls/main.yaml:3:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    <<: {title: T, status: implemented}\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    \"status\": planned\n".into(), "controls/main.yaml:5:"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\n    status: implemented\n    ? status\n    : planned\n".into(), "controls/main.yaml:"),
        ("controls/main.yaml", "controls:\n  - {id: C-1, title: T, status: implemented, id: C-2}\n".into(), "controls/main.yaml:2:"),
        ("controls/main.yaml", "\u{feff}\u{feff}controls: []\n".into(), "controls/main.yaml:1:1"),
        ("controls/main.yaml", "controls:\n  - id: C-1\n    title: T\u{0}\n    status: implemented\n".into(), "controls/main.yaml:"),
        ("scope/mini.yaml", "framework: mini\ndecisions:\n  - requirement: M-1\n    applicable: true\n    applicable: false\n".into(), "scope/mini.yaml:5:"),
        ("scope/mini.yaml", "framework: mini\ndecisions:\n  - requirement: M-1\n    applicable: !!bool true\n".into(), "scope/mini.yaml:4:"),
        ("scope/mini.yaml", "framework: mini\nframework: other\n".into(), "scope/mini.yaml:2:"),
        ("evidence.toml", "[organisation]\nname = \"A\"\nname = \"B\"\n[scope]\nframeworks = [\"mini\"]\n".into(), "evidence.toml:3:"),
        ("evidence.toml", "[organisation]\nname = \"A\"\nwebsite = 5\n[scope]\nframeworks = [\"mini\"]\n".into(), "evidence.toml:3:"),
        ("evidence.toml", "[organisation]\nnmae = \"A\"\n[scope]\nframeworks = [\"mini\"]\n".into(), "evidence.toml:2:"),
        ("evidence.toml", "[organisation]\nname = \"A\"\n[scope]\nframeworks = \"mini\"\n".into(), "evidence.toml:4:"),
        ("evidence.toml", "[organisation\nname = \"A\"\n".into(), "evidence.toml:1:"),
        ("evidence.toml", "[organisation]\nname = \"A\n".into(), "evidence.toml:2:"),
        ("evidence.toml", "[organisation]\nname = \"A\"\n[organisation]\nname = \"B\"\n".into(), "evidence.toml:3:"),
        ("evidence.toml", long_key, "evidence.toml:"),
        ("evidence.toml", "[organisation]\nname = \"A\"\n[scope]\nframeworks = [\"mini\"]\n[evidence]\nmax_age = \"forever\"\n".into(), "evidence.toml:6:"),
    ];
    let mut wrong = Vec::new();
    let n = cases.len();
    for (file, contents, expected) in cases {
        let dir = workspace_with(file, contents.as_bytes());
        let out = evidence()
            .args(["check", "-C"])
            .arg(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.code() != Some(2) || !stderr.contains(expected) || stderr.contains("panicked")
        {
            wrong.push(format!(
                "{file} {contents:?}: exit {:?}: {stderr}",
                out.status.code()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {n}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(n >= 40);
}

#[test]
fn reading_a_workspace_file_never_waits_on_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Without a non-blocking open this call would wait forever for a writer.
    let err = evidence::files::read_text(dir.path(), Path::new("x.yaml")).unwrap_err();
    assert!(
        err.to_string()
            .contains("x.yaml: a FIFO, not a regular file"),
        "{err}"
    );
}

#[test]
fn a_control_is_found_by_its_id_with_the_file_it_is_declared_in() {
    let ws = evidence::workspace::Workspace::load(&fixture("rules/clean")).unwrap();
    let found = ws.control("C-1").expect("C-1 is in the clean fixture");
    assert_eq!(found.control.id.value, "C-1");
    assert_eq!(found.file, Path::new("controls/main.yaml"));
    assert!(ws.control("C-404").is_none());
}
