//! The AI-system register (systems/) and the risk register (risks/): EU AI Act applicability
//! through the register, and the SoA's trace from Annex A controls to the risks they treat.

mod common;

use common::{evidence, fixture};
use serde_json::Value;

/// `evidence coverage --framework eu-ai-act --format json` of a fixture, as of `now`.
fn eu_coverage(dir: &str, now: &str) -> Value {
    let out = evidence()
        .args(["coverage", "--framework", "eu-ai-act", "--format", "json"])
        .args(["--now", now, "-C"])
        .arg(fixture(dir))
        .output()
        .expect("run evidence");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn requirement<'a>(coverage: &'a Value, id: &str) -> &'a Value {
    coverage["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn systems(row: &Value) -> Vec<&str> {
    row["systems"]
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn a_provider_of_a_high_risk_system_has_the_provider_obligations_through_it() {
    // After 2 Dec 2027, when the Annex III obligations apply.
    let c = eu_coverage("register/provider-high-risk", "2028-01-10");
    let art9 = requirement(&c, "Art. 9");
    assert_ne!(art9["status"], "not-applicable", "{art9:#}");
    assert_eq!(systems(art9), ["SYS-CREDIT"]);
    for id in ["Art. 10", "Art. 16", "Art. 17"] {
        let row = requirement(&c, id);
        assert_eq!(row["status"], "gap", "{id}: {row:#}");
        assert_eq!(systems(row), ["SYS-CREDIT"], "{id}");
    }
    // Deployer duties do not bind a provider.
    let art26 = requirement(&c, "Art. 26");
    assert_eq!(art26["status"], "not-applicable");
    assert_eq!(art26["reason"], "no high-risk system deployed");
    // Art. 50 binds systems with transparency duties; a credit scorer has none declared.
    let art50_1 = requirement(&c, "Art. 50(1)");
    assert_eq!(art50_1["status"], "not-applicable");
    assert_eq!(
        art50_1["reason"],
        "no system with Art. 50 transparency duties provided"
    );
}

#[test]
fn before_the_annex_iii_date_the_reason_names_the_date_and_the_system() {
    let c = eu_coverage("register/provider-high-risk", "2026-11-22");
    let art9 = requirement(&c, "Art. 9");
    assert_eq!(art9["status"], "not-applicable");
    assert_eq!(
        art9["reason"],
        "applies from 2027-12-02 (through SYS-CREDIT)"
    );
}

#[test]
fn a_deployer_of_minimal_risk_systems_has_no_high_risk_obligations() {
    let provider = eu_coverage("register/provider-high-risk", "2028-01-10");
    let deployer = eu_coverage("register/deployer-minimal", "2028-01-10");
    let art9 = requirement(&deployer, "Art. 9");
    assert_eq!(art9["status"], "not-applicable");
    assert_eq!(art9["reason"], "no high-risk system provided");
    assert_eq!(
        requirement(&deployer, "Art. 26")["reason"],
        "no high-risk system deployed"
    );
    // AI literacy (Art. 4) binds providers and deployers of any AI system.
    let art4 = requirement(&deployer, "Art. 4");
    // (Served by an implemented control whose evidence is stale by 2028: unverified.)
    assert_eq!(art4["status"], "unverified", "{art4:#}");
    assert_eq!(systems(art4), ["SYS-SPAM", "SYS-SEARCH"]);
    // The two organisations' coverage of the EU AI Act differs.
    let applicable = |c: &Value| {
        c["summary"]["total"].as_u64().unwrap() - c["summary"]["not_applicable"].as_u64().unwrap()
    };
    assert!(
        applicable(&provider) > applicable(&deployer) + 20,
        "provider {} vs deployer {}",
        applicable(&provider),
        applicable(&deployer)
    );
    assert!(deployer["summary"]["gap"].as_u64() < provider["summary"]["gap"].as_u64());
}

#[test]
fn without_a_register_the_scope_roles_decide() {
    let c = eu_coverage("register/roles-only", "2028-01-10");
    let art9 = requirement(&c, "Art. 9");
    assert_eq!(art9["status"], "not-applicable");
    assert_eq!(
        art9["reason"],
        "binds provider; the organisation holds deployer"
    );
    assert!(systems(art9).is_empty());
}

fn findings<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn flagship_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo().join("examples/clustral-ai-labs"),
        dir.path(),
    );
    dir
}

#[test]
fn the_flagship_is_clean_with_its_registers() {
    let (exit, json) = common::check_json(&common::repo().join("examples/clustral-ai-labs"));
    assert_eq!(exit, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    for rule in [
        "risk-untreated",
        "treatment-without-controls",
        "acceptance-expired",
        "residual-above-appetite",
        "impact-assessment-missing",
        "unknown-system",
        "unknown-control",
        "control-without-rationale",
    ] {
        assert!(findings(&json, rule).is_empty(), "{rule}: {json:#}");
    }
}

#[test]
fn removing_a_treatment_from_the_flagship_fails_the_check_at_the_risk() {
    let dir = flagship_copy();
    let file = dir.path().join("risks/ai-risks.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // R-005 is the second risk: drop its treatment line.
    let (before, after) = text.split_once("  - id: R-005\n").unwrap();
    let after = after.replacen("    treatment: mitigate\n", "", 1);
    std::fs::write(&file, format!("{before}  - id: R-005\n{after}")).unwrap();
    let (exit, json) = common::check_json(dir.path());
    assert_eq!(exit, 1);
    let untreated = findings(&json, "risk-untreated");
    assert_eq!(untreated.len(), 1, "{json:#}");
    assert_eq!(untreated[0]["file"], "risks/ai-risks.yaml");
    assert!(untreated[0]["message"].as_str().unwrap().contains("R-005"));
}

#[test]
fn a_lapsed_acceptance_in_the_flagship_fails_the_check_at_its_until_date() {
    let dir = flagship_copy();
    let file = dir.path().join("risks/ai-risks.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("until: 2026-12-31", "until: 2026-11-01"),
    )
    .unwrap();
    let (exit, json) = common::check_json(dir.path());
    assert_eq!(exit, 1);
    let expired = findings(&json, "acceptance-expired");
    assert_eq!(expired.len(), 1, "{json:#}");
    assert!(expired[0]["message"].as_str().unwrap().contains("R-014"));
    // The OpenRouter transfer the acceptance carried is an error again; its residual score (6)
    // is within the appetite, so these are the only errors.
    let transfer = findings(&json, "transfer-without-safeguard");
    assert_eq!(transfer.len(), 1, "{json:#}");
    assert_eq!(transfer[0]["severity"], "error");
    assert!(
        transfer[0]["message"]
            .as_str()
            .unwrap()
            .contains("OpenRouter")
    );
    assert_eq!(json["summary"]["errors"], 2, "{json:#}");
}

#[test]
fn register_references_to_unknown_controls_are_reported() {
    let dir = flagship_copy();
    let file = dir.path().join("systems/register.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("controls: [AI-21, SEC-11]", "controls: [AI-21, AI-99]", 1),
    )
    .unwrap();
    let (exit, json) = common::check_json(dir.path());
    assert_eq!(exit, 1);
    let unknown = findings(&json, "unknown-control");
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert_eq!(unknown[0]["file"], "systems/register.yaml");
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("AI system `AIS-04`")
    );
}

#[test]
fn a_rating_off_the_scale_is_a_loading_error_with_its_position() {
    let dir = flagship_copy();
    let file = dir.path().join("risks/ai-risks.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "inherent: { likelihood: 4, impact: 3 }",
            "inherent: { likelihood: 6, impact: 3 }",
            1,
        ),
    )
    .unwrap();
    let message = common::could_not_run(dir.path());
    assert!(message.contains("risks/ai-risks.yaml:"), "{message}");
    assert!(message.contains("must each be from 1 to 5"), "{message}");
}

#[test]
fn an_unknown_field_in_a_system_is_refused() {
    let dir = flagship_copy();
    let file = dir.path().join("systems/register.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "    lifecycle: in-service\n",
            "    lifecycle: in-service\n    risk_tier: low\n",
            1,
        ),
    )
    .unwrap();
    let message = common::could_not_run(dir.path());
    assert!(message.contains("systems/register.yaml:"), "{message}");
    assert!(message.contains("risk_tier"), "{message}");
}

#[test]
fn the_flagship_soa_traces_annex_a_controls_to_the_risks_they_treat() {
    let out = evidence()
        .args([
            "render",
            "soa",
            "--framework",
            "iso42001",
            "--format",
            "json",
        ])
        .args(["--now", common::NOW, "-C"])
        .arg(common::repo().join("examples/clustral-ai-labs"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let soa: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = soa["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A.6.2.4")
        .unwrap();
    let risks: Vec<&str> = row["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        risks.contains(&"R-003") && risks.contains(&"R-005"),
        "{row:#}"
    );
    let text = row["inclusion_justification"].as_str().unwrap();
    assert!(text.starts_with("Treats risks R-003"), "{text}");
    assert_eq!(row["drivers"][0], "risk-assessment");
}

fn render(report: &str, format: &str) -> String {
    let out = evidence()
        .args([
            "render",
            report,
            "--format",
            format,
            "--now",
            common::NOW,
            "-C",
        ])
        .arg(common::repo().join("examples/clustral-ai-labs"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn render_systems_lists_class_role_oversight_and_obligations() {
    let json: Value = serde_json::from_str(&render("systems", "json")).unwrap();
    let systems = json["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 5);
    let credit = systems.iter().find(|s| s["id"] == "AIS-03").unwrap();
    assert_eq!(credit["risk_class"], "high-risk");
    assert_eq!(credit["roles"][0], "provider");
    assert_eq!(credit["impact_assessment"]["missing"], false);
    assert_eq!(
        credit["risks"],
        serde_json::json!(["R-008", "R-009", "R-016"])
    );
    let compass = systems.iter().find(|s| s["id"] == "AIS-01").unwrap();
    let obligations: Vec<&str> = compass["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["requirement"].as_str().unwrap())
        .collect();
    assert!(obligations.contains(&"Art. 50(1)"), "{obligations:?}");
    assert!(!obligations.contains(&"Art. 9"), "{obligations:?}");
    let md = render("systems", "md");
    assert!(md.contains("| AIS-03 | ENG-2026-07 credit-application triage assistant | in-service | provider | high-risk (Annex III 5(b)) |"), "{md}");
}

#[test]
fn render_risks_html_has_both_heat_maps_inline() {
    let html = render("risks", "html");
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains("Before treatment (inherent)"));
    assert!(html.contains("After treatment (residual)"));
    // Not escaped: the SVG is markup, the register's text is.
    assert!(!html.contains("&lt;svg"));
    let json: Value = serde_json::from_str(&render("risks", "json")).unwrap();
    assert_eq!(json["risks"].as_array().unwrap().len(), 12);
    assert_eq!(json["appetite"], 6);
    let r014 = json["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "R-014")
        .unwrap();
    assert_eq!(r014["acceptance"]["until"], "2026-12-31");
    assert_eq!(r014["acceptance"]["expired"], false);
}

fn render_system_doc(report: &str, system: &str, format: &str) -> std::process::Output {
    evidence()
        .args(["render", report, "--system", system, "--format", format])
        .args(["--now", common::NOW, "-C"])
        .arg(common::repo().join("examples/clustral-ai-labs"))
        .output()
        .unwrap()
}

#[test]
fn technical_documentation_has_the_nine_annex_iv_points_filled_from_the_workspace() {
    let out = render_system_doc("technical-documentation", "AIS-03", "json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 9);
    assert_eq!(doc["basis"], "Annex IV");
    let general = &sections[0];
    assert!(
        general["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "Class: high-risk (Annex III 5(b))")
    );
    // Point 5 (risk management) lists the system's risks and the controls serving Art. 9.
    let risk_mgmt = &sections[4];
    assert!(risk_mgmt["facts"][0].as_str().unwrap().starts_with("R-008"));
    assert!(
        risk_mgmt["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "AIA-02" && c["governs_system"] == true)
    );
    let md = String::from_utf8(render_system_doc("technical-documentation", "AIS-03", "md").stdout)
        .unwrap();
    assert!(md.contains("## Annex IV 9 — "), "{md}");
}

#[test]
fn the_fria_marks_what_the_register_does_not_hold_as_to_be_completed() {
    let out = render_system_doc("fria", "AIS-03", "md");
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    for point in ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"] {
        assert!(
            md.contains(&format!("## Art. 27(1) {point} — ")),
            "{point}\n{md}"
        );
    }
    let (b, _) = md.split_once("## Art. 27(1) (c)").unwrap();
    assert!(
        b.rsplit_once("## Art. 27(1) (b)")
            .unwrap()
            .1
            .contains("*To be completed.*")
    );
    let unknown = render_system_doc("fria", "AIS-99", "md");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no AI system `AIS-99`"));
}

#[test]
fn three_months_on_the_flagship_finds_the_lapsed_acceptance_and_the_risk_reviews_due() {
    let out = evidence()
        .args(["check", "--now", "2027-02-20", "--format", "json", "-C"])
        .arg(common::repo().join("examples/clustral-ai-labs"))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expired = findings(&json, "acceptance-expired");
    assert_eq!(expired.len(), 1);
    assert!(expired[0]["message"].as_str().unwrap().contains("R-014"));
    let reviews: Vec<&str> = findings(&json, "review-overdue")
        .iter()
        .filter(|f| f["file"] == "risks/ai-risks.yaml")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        reviews
            .iter()
            .any(|m| m.starts_with("risk `R-008` was last reviewed 2026-10-14")),
        "{reviews:?}"
    );
    // R-012 is reviewed yearly: not due yet.
    assert!(!reviews.iter().any(|m| m.contains("R-012")), "{reviews:?}");
}
