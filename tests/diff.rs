//! `evidence diff OLD NEW`: each kind of change, on copies of the flagship example edited the way
//! a pull request would edit them, and on two commits of a temporary git repository.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use common::{NOW, copy_dir, evidence, repo};
use serde_json::Value;

const EXAMPLE: &str = "examples/clustral-ai-labs";

/// Two copies of the example: `old` and `new`, to be edited.
fn pair() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    copy_dir(&repo().join(EXAMPLE), &old);
    copy_dir(&repo().join(EXAMPLE), &new);
    (tmp, old, new)
}

/// Replace the first `from` in `file` with `to`; `from` must be there, so a test cannot pass by
/// editing nothing.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// `evidence diff OLD NEW --now NOW --format json` plus `extra`: (exit code, JSON).
fn diff_json(old: &Path, new: &Path, extra: &[&str]) -> (i32, Value) {
    let out = evidence()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--now", NOW, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

fn diff_text(old: &Path, new: &Path, format: &str) -> (i32, String) {
    let out = evidence()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--now", NOW, "--format", format])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list:#}"))
}

#[test]
fn identical_workspaces_have_no_changes() {
    let (_tmp, old, new) = pair();
    let (code, json) = diff_json(&old, &new, &["--fail-on", "regression"]);
    assert_eq!(code, 0);
    for key in [
        "subprocessors",
        "controls",
        "frameworks",
        "scope",
        "evidence",
        "roadmap",
        "trust",
    ] {
        assert_eq!(json[key], serde_json::json!([]), "{key}: {json:#}");
    }
    assert_eq!(json["regression"], false);
    let (_, text) = diff_text(&old, &new, "text");
    assert!(text.contains("No changes."), "{text}");
}

#[test]
fn subprocessors_added_removed_and_changed_come_first() {
    let (_tmp, old, new) = pair();
    let page = new.join("trust/page.yaml");
    edit(
        &page,
        "  - name: Cloudflare, Inc.",
        "  - name: Mistral AI\n    purpose: Model inference for the support assistant\n    region: EU (Paris)\n    transfer_mechanism: EU only, no transfer\n  - name: Cloudflare, Inc.",
    );
    edit(
        &page,
        "  - name: Microsoft Azure\n",
        "  - name: Azure (removed)\n",
    );
    edit(&page, "region: Global", "region: Global except India");
    // Also a control change, to show that sub-processors are listed before it.
    edit(
        &new.join("controls/ai-act.yaml"),
        "owner: General Counsel",
        "owner: Chief Legal Officer",
    );
    let (code, json) = diff_json(&old, &new, &[]);
    assert_eq!(code, 0);
    let subs = &json["subprocessors"];
    let added = find(subs, "name", "Mistral AI");
    assert_eq!(added["change"], "added");
    assert_eq!(added["notice_days"], 30);
    assert_eq!(added["new"]["region"], "EU (Paris)");
    assert_eq!(find(subs, "name", "Microsoft Azure")["change"], "removed");
    assert_eq!(find(subs, "name", "Azure (removed)")["change"], "added");
    let cloudflare = find(subs, "name", "Cloudflare, Inc.");
    assert_eq!(cloudflare["change"], "changed");
    assert_eq!(cloudflare["old"]["region"], "Global");

    let (_, text) = diff_text(&old, &new, "text");
    let subs_at = text.find("Sub-processors (4)").expect(&text);
    let controls_at = text.find("Controls (1)").expect(&text);
    assert!(subs_at < controls_at, "{text}");
    assert!(
        text.contains("+ Mistral AI added (Model inference for the support assistant; EU (Paris); EU only, no transfer) — customers are owed 30 days' notice"),
        "{text}"
    );
    assert!(text.contains("- Microsoft Azure removed"), "{text}");
    assert!(
        text.contains("~ Cloudflare, Inc.: region Global → Global except India"),
        "{text}"
    );
}

#[test]
fn controls_added_removed_reowned_and_verdicts_changed() {
    let (_tmp, old, new) = pair();
    let ai = new.join("controls/ai-lifecycle.yaml");
    // AI-01: implemented and verified → planned (a worse verdict).
    edit(
        &ai,
        "    owner: Head of Applied AI\n    status: implemented",
        "    owner: Head of Applied AI\n    status: planned",
    );
    edit(
        &new.join("controls/ai-act.yaml"),
        "owner: General Counsel",
        "owner: Chief Legal Officer",
    );
    // A control removed (renamed: the old ID goes, a new one comes).
    edit(&ai, "  - id: AI-02\n", "  - id: AI-02B\n");
    let (code, json) = diff_json(&old, &new, &[]);
    assert_eq!(code, 0, "exit 0 without --fail-on");
    let controls = &json["controls"];
    let ai01 = find(controls, "id", "AI-01");
    assert_eq!(ai01["change"], "changed");
    assert_eq!(ai01["status"]["old"], "implemented");
    assert_eq!(ai01["status"]["new"], "planned");
    assert_eq!(ai01["verdict"]["old"], "verified");
    assert_eq!(ai01["verdict"]["new"], "planned");
    assert_eq!(ai01["regression"], true);
    let aia01 = find(controls, "id", "AIA-01");
    assert_eq!(aia01["owner"]["old"], "General Counsel");
    assert_eq!(aia01["owner"]["new"], "Chief Legal Officer");
    assert_eq!(aia01["regression"], false);
    assert!(aia01.get("verdict").is_none(), "{aia01:#}");
    assert_eq!(find(controls, "id", "AI-02")["change"], "removed");
    assert_eq!(find(controls, "id", "AI-02B")["change"], "added");
    assert_eq!(json["regression"], true);

    // Coverage: the requirements AI-01 serves got worse, per framework.
    let iso = find(&json["frameworks"], "framework", "iso42001");
    let a42 = find(&iso["requirements"], "id", "A.4.2");
    assert_eq!(a42["status"]["old"], "covered");
    assert_eq!(a42["status"]["new"], "partial");
    assert_eq!(a42["regression"], true);

    let (code, _) = diff_json(&old, &new, &["--fail-on", "regression"]);
    assert_eq!(code, 1, "--fail-on regression when a verdict got worse");
    // The other way round, everything got better: no regression.
    let (code, json) = diff_json(&new, &old, &["--fail-on", "regression"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["regression"], false);
}

#[test]
fn scope_decisions_and_justifications() {
    let (_tmp, old, new) = pair();
    let scope = new.join("scope/iso42001.yaml");
    edit(
        &scope,
        "  - requirement: \"A.10.4\"\n    applicable: true\n    justification: >-\n      Customer expectations are captured in each SOW and traced to controls (SUP-05).",
        "  - requirement: \"A.10.4\"\n    applicable: false\n    justification: >-\n      We supply no AI system that customers operate themselves.",
    );
    edit(
        &scope,
        "AI policy (GOV-02); customers",
        "AI policy (GOV-02), reviewed yearly; customers",
    );
    // A framework leaves the scope.
    edit(
        &new.join("evidence.toml"),
        "\"iso27001\", \"soc2\"]",
        "\"iso27001\"]",
    );
    let (code, json) = diff_json(&old, &new, &[]);
    assert_eq!(code, 0);
    let soc2 = find(&json["frameworks"], "framework", "soc2");
    assert_eq!(soc2["change"], "removed");
    let scope = &json["scope"];
    let a104 = find(scope, "requirement", "A.10.4");
    assert_eq!(a104["framework"], "iso42001");
    assert_eq!(a104["decision"]["old"]["applicable"], true);
    assert_eq!(a104["decision"]["new"]["applicable"], false);
    assert_eq!(
        a104["decision"]["new"]["justification"],
        "We supply no AI system that customers operate themselves."
    );
    let a22 = find(scope, "requirement", "A.2.2");
    assert_eq!(a22["change"], "changed");
    assert_eq!(a22["decision"]["new"]["applicable"], true);
    // Leaving scope moves the requirement to `excluded`: a scope change, not a regression.
    let iso = find(&json["frameworks"], "framework", "iso42001");
    let req = find(&iso["requirements"], "id", "A.10.4");
    assert_eq!(req["status"]["new"], "excluded");
    assert_eq!(req["regression"], false);
}

#[test]
fn evidence_added_removed_recollected_and_hash_changed() {
    let (_tmp, old, new) = pair();
    let ai = new.join("controls/ai-lifecycle.yaml");
    // Re-collected: same path, new collected date.
    edit(&ai, "collected: 2026-11-12", "collected: 2026-11-20");
    // Hash changed: same path and date, different bytes.
    let inventory = new.join("evidence/ai/ai-system-inventory.csv");
    let mut bytes = std::fs::read(&inventory).unwrap();
    bytes.extend_from_slice(b"S-99,late addition\n");
    std::fs::write(&inventory, bytes).unwrap();
    // Removed and added: a control now cites a different file.
    let act = new.join("controls/ai-act.yaml");
    edit(
        &act,
        "path: ai/eu-ai-act-classification.csv",
        "path: ai/eu-ai-act-classification-2026.csv",
    );
    std::fs::copy(
        new.join("evidence/ai/eu-ai-act-classification.csv"),
        new.join("evidence/ai/eu-ai-act-classification-2026.csv"),
    )
    .unwrap();
    let (_, json) = diff_json(&old, &new, &[]);
    let ev = &json["evidence"];
    let inv = find(ev, "path", "evidence/ai/ai-system-inventory.csv");
    assert_eq!(inv["change"], "changed");
    assert_eq!(inv["recollected"]["old"], "2026-11-12");
    assert_eq!(inv["recollected"]["new"], "2026-11-20");
    assert_ne!(inv["sha256"]["old"], inv["sha256"]["new"]);
    assert_eq!(inv["sha256"]["new"].as_str().unwrap().len(), 64);
    assert_eq!(
        find(ev, "path", "evidence/ai/eu-ai-act-classification.csv")["change"],
        "removed"
    );
    assert_eq!(
        find(ev, "path", "evidence/ai/eu-ai-act-classification-2026.csv")["change"],
        "added"
    );
    assert_eq!(ev.as_array().unwrap().len(), 3, "{ev:#}");

    let (_, text) = diff_text(&old, &new, "text");
    assert!(
        text.contains("~ evidence/ai/ai-system-inventory.csv: re-collected 2026-11-12 → 2026-11-20; hash changed"),
        "{text}"
    );
}

#[test]
fn roadmap_and_trust_page_changes() {
    let (_tmp, old, new) = pair();
    let page = new.join("trust/page.yaml");
    edit(&page, "target: 2027-Q2", "target: 2027-Q4");
    edit(
        &page,
        "roadmap:\n",
        "roadmap:\n- item: HITRUST e1\n  status: planned\n  target: 2027-Q3\n",
    );
    edit(
        &page,
        "contacts:\n",
        "contacts:\n- { purpose: Press, email: press@clustralai.com }\n",
    );
    let (_, json) = diff_json(&old, &new, &[]);
    let roadmap = &json["roadmap"];
    let iso = find(
        roadmap,
        "item",
        "ISO/IEC 42001 — AI management system, statement of applicability",
    );
    assert_eq!(iso["roadmap"]["old"]["target"], "2027-Q2");
    assert_eq!(iso["roadmap"]["new"]["target"], "2027-Q4");
    let soc = find(roadmap, "item", "HITRUST e1");
    assert_eq!(soc["change"], "added");
    assert_eq!(soc["roadmap"]["new"]["status"], "planned");
    let trust = json["trust"].as_array().unwrap();
    assert_eq!(trust.len(), 1, "{trust:#?}");
    assert_eq!(trust[0]["section"], "contacts");
    assert_eq!(trust[0]["change"], "changed");
}

#[test]
fn markdown_has_a_summary_table_and_folded_details() {
    let (_tmp, old, new) = pair();
    edit(
        &new.join("trust/page.yaml"),
        "  - name: Cloudflare, Inc.",
        "  - name: Acme <script>|x|\n    purpose: Analytics\n    region: US\n    transfer_mechanism: EU SCCs\n  - name: Cloudflare, Inc.",
    );
    edit(
        &new.join("controls/ai-lifecycle.yaml"),
        "    owner: Head of Applied AI\n    status: implemented",
        "    owner: Head of Applied AI\n    status: planned",
    );
    let (code, md) = diff_text(&old, &new, "md");
    assert_eq!(code, 0);
    assert!(md.starts_with("### Compliance changes: "), "{md}");
    assert!(
        md.contains(
            "| Change | Count |\n|---|---:|\n| Sub-processors | 1 |\n| Controls | 1 (1 worse) |"
        ),
        "{md}"
    );
    // Sub-processors in the open, before any folded block.
    let subs = md.find("**Sub-processors**").expect(&md);
    assert!(subs < md.find("<details>").unwrap(), "{md}");
    assert!(
        md.contains("<details><summary>Controls (1)</summary>"),
        "{md}"
    );
    assert!(md.contains("</details>"), "{md}");
    assert!(md.contains("**(worse)**"), "{md}");
    // Names from the files are inert: no raw HTML, no table breaking.
    assert!(md.contains("Acme &lt;script&gt;\\|x\\|"), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.len() < 65_536);
}

#[test]
fn bundles_are_compared_by_their_evidence() {
    let (tmp, old, new) = pair();
    edit(
        &new.join("controls/ai-lifecycle.yaml"),
        "collected: 2026-11-12",
        "collected: 2026-11-20",
    );
    let bundle = |ws: &Path, name: &str| {
        let out = tmp.path().join(name);
        let run = evidence()
            .args(["bundle", "create", "--allow-findings", "--now", NOW, "-C"])
            .arg(ws)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    };
    let (b1, b2) = (bundle(&old, "b1"), bundle(&new, "b2"));
    let (code, json) = diff_json(&b1, &b2, &[]);
    assert_eq!(code, 0);
    assert_eq!(json["old"]["kind"], "bundle");
    let ev = json["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0]["path"], "evidence/ai/ai-system-inventory.csv");
    assert_eq!(ev[0]["recollected"]["new"], "2026-11-20");
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .contains("evidence files only")
    );
    assert_eq!(json["controls"], serde_json::json!([]));
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Std::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|e| panic!("git is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn two_commits_of_a_git_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("repo");
    // The workspace is a sub-directory of the repository, as it often is.
    let ws = top.join("compliance");
    copy_dir(&repo().join(EXAMPLE), &ws);
    // The inventory is dated by git: its last commit at each revision.
    edit(
        &ws.join("controls/ai-lifecycle.yaml"),
        "        collected: 2026-11-12\n",
        "",
    );
    git(&top, &["init", "-q"], "2026-11-01T10:00:00Z");
    git(&top, &["add", "."], "2026-11-01T10:00:00Z");
    git(&top, &["commit", "-qm", "first"], "2026-11-01T10:00:00Z");
    edit(
        &ws.join("trust/page.yaml"),
        "  - name: Cloudflare, Inc.",
        "  - name: Mistral AI\n    purpose: Inference\n    region: EU\n    transfer_mechanism: none\n  - name: Cloudflare, Inc.",
    );
    edit(
        &ws.join("controls/ai-lifecycle.yaml"),
        "    owner: Head of Applied AI\n    status: implemented",
        "    owner: Head of Applied AI\n    status: planned",
    );
    let inventory = ws.join("evidence/ai/ai-system-inventory.csv");
    let mut bytes = std::fs::read(&inventory).unwrap();
    bytes.extend_from_slice(b"S-99,late addition\n");
    std::fs::write(&inventory, bytes).unwrap();
    git(&top, &["commit", "-qam", "second"], "2026-11-10T10:00:00Z");

    let run = |args: &[&str]| {
        evidence()
            .arg("diff")
            .args(args)
            .args(["--now", NOW, "--format", "json", "-C"])
            .arg(&ws)
            .output()
            .unwrap()
    };
    let out = run(&["HEAD~1", "HEAD", "--fail-on", "regression"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["old"]["kind"], "revision");
    assert_eq!(json["old"]["label"], "HEAD~1");
    assert_eq!(
        find(&json["subprocessors"], "name", "Mistral AI")["change"],
        "added"
    );
    assert_eq!(
        find(&json["controls"], "id", "AI-01")["verdict"]["new"],
        "planned"
    );
    // Evidence is dated by its history at each revision: OLD's copy by the first commit, not by
    // the day it was checked out.
    let ev = json["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0]["path"], "evidence/ai/ai-system-inventory.csv");
    assert_eq!(ev[0]["recollected"]["old"], "2026-11-01");
    assert_eq!(ev[0]["recollected"]["new"], "2026-11-10");
    assert_ne!(ev[0]["sha256"]["old"], ev[0]["sha256"]["new"]);

    // NEW omitted: the working tree, which equals HEAD here.
    let out = run(&["HEAD"]);
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["new"]["kind"], "workspace");
    assert_eq!(json["controls"], serde_json::json!([]), "{json:#}");

    // The temporary worktrees are gone.
    let list = Std::new("git")
        .arg("-C")
        .arg(&top)
        .args(["worktree", "list", "--porcelain"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert_eq!(list.matches("worktree ").count(), 1, "{list}");

    // A revision that does not exist: exit 2, naming it.
    let out = run(&["no-such-tag"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"no-such-tag\" is not a directory, a bundle or a git revision")
            && stderr.contains("no such revision"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A revision whose workspace is malformed: exit 2, naming the revision and the file.
    std::fs::write(ws.join("controls/broken.yaml"), "controls: [\n").unwrap();
    git(&top, &["add", "."], "2026-11-11T10:00:00Z");
    git(&top, &["commit", "-qm", "broken"], "2026-11-11T10:00:00Z");
    std::fs::remove_file(ws.join("controls/broken.yaml")).unwrap();
    let out = run(&["HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in HEAD:\n") && stderr.matches("controls/broken.yaml:1:").count() == 1,
        "{stderr}"
    );
}

#[test]
fn a_revision_outside_git_cannot_run() {
    let (_tmp, old, _new) = pair();
    let out = evidence()
        .args(["diff", "HEAD~1", "--now", NOW, "-C"])
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"HEAD~1\" is not a directory"), "{stderr}");
    assert!(stderr.contains("not in a git repository"), "{stderr}");
}
