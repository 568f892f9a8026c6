//! The trust-pack HTML rendered by headless Chromium: the page loads from a file with no network
//! and produces a screenshot. Without chromium the test fails, so a missing browser is never
//! mistaken for a passing page; outside CI a developer without one may opt out explicitly with
//! EVIDENCE_SKIP_BROWSER=1 (in CI, where .ci/run installs chromium, there is no opt-out).

mod common;

use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|bin| {
            Command::new(bin)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The variable that lets a developer without chromium skip the test on purpose.
const SKIP: &str = "EVIDENCE_SKIP_BROWSER";

/// A missing browser may be skipped only outside CI and only when the developer said so.
fn skip_allowed(ci: Option<std::ffi::OsString>, skip: Option<std::ffi::OsString>) -> bool {
    ci.is_none() && skip.is_some_and(|v| v == "1")
}

#[test]
fn a_missing_browser_is_skipped_only_on_request_and_never_in_ci() {
    let set = |v: &str| Some(std::ffi::OsString::from(v));
    assert!(!skip_allowed(None, None));
    assert!(!skip_allowed(None, set("0")));
    assert!(skip_allowed(None, set("1")));
    assert!(!skip_allowed(set("true"), set("1")));
    assert!(!skip_allowed(set("true"), None));
}

#[test]
fn trust_pack_html_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        assert!(
            skip_allowed(std::env::var_os("CI"), std::env::var_os(SKIP)),
            "chromium is not installed (apt-get install chromium); outside CI, set {SKIP}=1 to \
             skip this test knowingly"
        );
        eprintln!("SKIPPED: chromium is not installed and {SKIP}=1; CI runs this test");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = format!("{}/", tmp.path().join("site").display());
    common::evidence()
        .args([
            "render",
            "trust-pack",
            "--format",
            "html",
            "--now",
            common::NOW,
            "--out",
            &site,
            "-C",
        ])
        .arg(common::repo().join("examples/clustral-ai-labs"))
        .assert()
        .success();
    let page = tmp.path().join("site/index.html");
    let shot = tmp.path().join("trust-pack.png");
    let status = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,2000")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // A blank page compresses to almost nothing; a rendered trust page does not.
    assert!(png.len() > 50_000, "screenshot is only {} bytes", png.len());
    if let Some(keep) = std::env::var_os("EVIDENCE_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
