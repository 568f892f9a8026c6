//! The trust-pack HTML rendered by headless Chromium: the page loads from a file with no network
//! and produces a screenshot. Skipped (with a message) only when chromium is absent outside CI;
//! in CI (`CI` set) chromium must be there (.ci/run installs it).

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

#[test]
fn trust_pack_html_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI: .ci/run installs it with apt-get"
        );
        eprintln!(
            "SKIPPED: chromium is not installed (apt-get install chromium); CI runs this test"
        );
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
