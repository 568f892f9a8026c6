//! CycloneDX JSON BOMs: SBOMs (syft, cdxgen, cyclonedx-cli) and VEX / vulnerability reports.
//!
//! - Recognised by `"bomFormat": "CycloneDX"`; `specVersion` must be 1.4, 1.5 or 1.6. XML BOMs
//!   are recognised and refused with the command that converts them to JSON.
//! - Collected: `metadata.timestamp`; else none.
//! - A BOM without a `vulnerabilities` array is an inventory: informational.
//! - A BOM with one is a VEX or a scanner's vulnerability report. It is failing when any
//!   vulnerability is `exploitable` or `in_triage`, or has no `analysis.state` at all (an
//!   unanalysed vulnerability is not shown to be harmless); it is passing when every
//!   vulnerability is `resolved`, `resolved_with_pedigree`, `false_positive` or
//!   `not_affected` (an empty array included: the scan found nothing).
//! - Tool: the first of `metadata.tools` (the 1.4 array of tools, or 1.5+
//!   `tools.components`/`tools.services`).

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{Artefact, Format, IngestError, Outcome, Tool, by, count, time};
use crate::source::Position;

const SPEC_VERSIONS: [&str; 3] = ["1.4", "1.5", "1.6"];

/// Analysis states that show a vulnerability does not affect the product (CycloneDX
/// `impactAnalysisState`).
const HARMLESS: [&str; 4] = [
    "resolved",
    "resolved_with_pedigree",
    "false_positive",
    "not_affected",
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bom {
    bom_format: String,
    spec_version: String,
    metadata: Option<Metadata>,
    #[serde(default)]
    components: Vec<IgnoredAny>,
    vulnerabilities: Option<Vec<Vulnerability>>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    timestamp: Option<String>,
    tools: Option<Tools>,
}

/// `metadata.tools`: an array of tools in 1.4 (deprecated later), an object of components and
/// services from 1.5.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Tools {
    Legacy(Vec<NamedTool>),
    Modern {
        #[serde(default)]
        components: Vec<NamedTool>,
        #[serde(default)]
        services: Vec<NamedTool>,
    },
}

#[derive(Debug, Deserialize)]
struct NamedTool {
    name: Option<String>,
    version: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Vulnerability {
    id: Option<String>,
    analysis: Option<Analysis>,
}

#[derive(Debug, Deserialize)]
struct Analysis {
    state: Option<String>,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let bom: Bom = serde_json::from_slice(bytes)
        .map_err(|e| IngestError::from_json(name, Format::CycloneDx, &e))?;
    let refuse =
        |m: String| IngestError::malformed(name, Format::CycloneDx, Position::default(), m);
    if bom.bom_format != "CycloneDX" {
        return Err(refuse(format!("bomFormat is {:?}", bom.bom_format)));
    }
    if !SPEC_VERSIONS.contains(&bom.spec_version.as_str()) {
        return Err(refuse(format!(
            "CycloneDX specVersion {:?} is not read",
            bom.spec_version
        )));
    }
    let collected_at = bom
        .metadata
        .as_ref()
        .and_then(|m| m.timestamp.as_deref())
        .map(|t| time::parse_with_offset(t, "metadata.timestamp"))
        .transpose()
        .map_err(refuse)?;
    let tool = bom
        .metadata
        .as_ref()
        .and_then(|m| m.tools.as_ref())
        .and_then(first_tool);
    let version = &bom.spec_version;
    let (outcome, summary) = match &bom.vulnerabilities {
        None => (
            Outcome::Informational,
            format!(
                "CycloneDX {version} SBOM: {}{}",
                count(bom.components.len(), "component", "components"),
                by(&tool)
            ),
        ),
        Some(vulnerabilities) => judge(vulnerabilities, version, &tool),
    };
    Ok(Artefact {
        format: Format::CycloneDx,
        collected_at,
        outcome,
        tool,
        summary,
    })
}

fn first_tool(tools: &Tools) -> Option<Tool> {
    let named = match tools {
        Tools::Legacy(list) => list.first(),
        Tools::Modern {
            components,
            services,
        } => components.first().or(services.first()),
    }?;
    Tool::new(named.name.clone()?, named.version.clone())
}

/// The outcome and summary of a BOM with vulnerabilities.
fn judge(
    vulnerabilities: &[Vulnerability],
    version: &str,
    tool: &Option<Tool>,
) -> (Outcome, String) {
    let mut reasons = Vec::new();
    let mut states: Vec<(String, usize)> = Vec::new();
    for (n, v) in vulnerabilities.iter().enumerate() {
        let state = v.analysis.as_ref().and_then(|a| a.state.as_deref());
        let label = state.unwrap_or("not analysed");
        match states.iter_mut().find(|(s, _)| s == label) {
            Some((_, k)) => *k += 1,
            None => states.push((label.to_string(), 1)),
        }
        if !state.is_some_and(|s| HARMLESS.contains(&s)) {
            let id =
                v.id.clone()
                    .unwrap_or_else(|| format!("vulnerability {}", n + 1));
            reasons.push(format!("{id} is {label}"));
        }
    }
    let breakdown = states
        .iter()
        .map(|(s, k)| format!("{k} {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    let breakdown = if breakdown.is_empty() {
        String::new()
    } else {
        format!(" ({breakdown})")
    };
    let summary = format!(
        "CycloneDX {version} VEX: {}{breakdown}{}",
        count(vulnerabilities.len(), "vulnerability", "vulnerabilities"),
        by(tool)
    );
    let outcome = if reasons.is_empty() {
        Outcome::Passing
    } else {
        Outcome::failing(reasons)
    };
    (outcome, summary)
}
