//! Certification and attestation questions, answered from the trust roadmap.
//!
//! "Are you ISO 27001 certified?" is not a question about a control: a control can be fully in
//! place without an auditor's certificate. The answer comes from `roadmap:` in trust/*.yaml:
//! Yes when the item is achieved (or its report is available), No with the status and target
//! when it is implemented without certification, in progress, planned, tracked or not pursued,
//! and "needs review" when the roadmap does not mention the standard at all.

use crate::model::trustpage::{RoadmapItem, RoadmapStatus};

/// A certification scheme named in a question or a roadmap item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// A stable key: `iso27001`, `soc2`, `pci-dss`.
    pub key: String,
    /// The SOC report type (1 or 2) when one is named.
    pub soc_type: Option<u8>,
    /// How people write it, for reasons.
    pub name: String,
}

/// The schemes named in `text` (lowercased matching; "ISO/IEC 27001", "ISO27001", "SOC 2 Type II").
pub fn schemes(text: &str) -> Vec<Scheme> {
    let lower = text.to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out = Vec::new();
    for number in [
        "27001", "27017", "27018", "27701", "42001", "9001", "22301", "14001", "20000",
    ] {
        if squashed.contains(&format!("iso{number}"))
            || squashed.contains(&format!("isoiec{number}"))
        {
            out.push(Scheme {
                key: format!("iso{number}"),
                soc_type: None,
                name: format!("ISO/IEC {number}"),
            });
        }
    }
    for (n, key) in [("1", "soc1"), ("2", "soc2"), ("3", "soc3")] {
        if squashed.contains(&format!("soc{n}")) || squashed.contains(&format!("ssae18soc{n}")) {
            let soc_type = if squashed.contains(&format!("soc{n}typeii"))
                || squashed.contains(&format!("soc{n}type2"))
                || squashed.contains("typeii")
                || squashed.contains("type2")
            {
                Some(2)
            } else if squashed.contains(&format!("soc{n}typei"))
                || squashed.contains(&format!("soc{n}type1"))
                || squashed.contains("type1")
                || squashed.contains("typei")
            {
                Some(1)
            } else {
                None
            };
            let name = match soc_type {
                Some(2) => format!("SOC {n} Type II"),
                Some(_) => format!("SOC {n} Type I"),
                None => format!("SOC {n}"),
            };
            out.push(Scheme {
                key: key.to_string(),
                soc_type,
                name,
            });
        }
    }
    for (needle, key, name) in [
        ("pcidss", "pci-dss", "PCI DSS"),
        ("hitrust", "hitrust", "HITRUST"),
        ("fedramp", "fedramp", "FedRAMP"),
        ("stateramp", "stateramp", "StateRAMP"),
        ("csastar", "csa-star", "CSA STAR"),
        ("starlevel", "csa-star", "CSA STAR"),
        ("cyberessentials", "cyber-essentials", "Cyber Essentials"),
        ("tisax", "tisax", "TISAX"),
        ("bsic5", "c5", "BSI C5"),
    ] {
        if squashed.contains(needle) && !out.iter().any(|s: &Scheme| s.key == key) {
            out.push(Scheme {
                key: key.to_string(),
                soc_type: None,
                name: name.to_string(),
            });
        }
    }
    out
}

/// Whether `question` asks whether the organisation holds a certification or attestation
/// (rather than, say, whether its controls follow a standard's practices).
pub fn asks_for_certification(question: &str) -> Option<Scheme> {
    let found = schemes(question);
    let scheme = found.into_iter().next()?;
    let lower = question.to_lowercase();
    let soc_report = scheme.key.starts_with("soc");
    let asks = [
        "certif",
        "attest",
        "accredit",
        "authoriz",
        "authoris",
        "audit",
        "report",
        "registered",
        "compliant",
        "complian",
        "assess",
        "hold",
        "achieved",
        "obtained",
        "letter",
    ]
    .iter()
    .any(|w| lower.contains(w));
    // "ISO 27001?" alone asks the same.
    let terse = lower.split_whitespace().count() <= 4;
    (asks || terse || soc_report).then_some(scheme)
}

/// The answer the roadmap gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Yes(String),
    No(String),
    NotApplicable(String),
    /// The roadmap does not say; the reason.
    Unknown(String),
}

/// Look `scheme` up in the roadmap items.
pub fn judge<'a>(scheme: &Scheme, roadmap: impl IntoIterator<Item = &'a RoadmapItem>) -> Verdict {
    let mut candidates: Vec<&RoadmapItem> = Vec::new();
    let mut other_type: Vec<&RoadmapItem> = Vec::new();
    for item in roadmap {
        for named in schemes(&item.item) {
            if named.key != scheme.key {
                continue;
            }
            match (scheme.soc_type, named.soc_type) {
                (Some(asked), Some(has)) if asked != has => other_type.push(item),
                _ => candidates.push(item),
            }
        }
    }
    // The strongest status wins: an achieved certificate answers even if a renewal is planned.
    candidates.sort_by_key(|i| rank(i.status));
    let Some(item) = candidates.first() else {
        let known = other_type
            .iter()
            .map(|i| format!("{} ({})", i.item.trim(), label(i)))
            .collect::<Vec<_>>();
        return Verdict::Unknown(if known.is_empty() {
            format!(
                "the trust roadmap (trust/*.yaml `roadmap:`) does not mention {}; add it with its status",
                scheme.name
            )
        } else {
            format!(
                "the trust roadmap mentions only {} for {}; add {} with its status",
                known.join(", "),
                scheme.name,
                scheme.name
            )
        });
    };
    // The page's wording of the target, else the target date as written (2027-Q1).
    let target = item
        .target_label
        .as_deref()
        .map(str::to_string)
        .or_else(|| item.target.as_ref().map(|t| t.value.as_str().to_string()))
        .map(|t| format!("; {}", t.trim()))
        .unwrap_or_default();
    let note = item
        .note
        .as_deref()
        .map(|n| format!(" {}", n.trim()))
        .unwrap_or_default();
    let name = item.item.trim();
    match item.status {
        RoadmapStatus::Achieved => Verdict::Yes(format!("{name}: {}{target}.{note}", label(item))),
        RoadmapStatus::Available => Verdict::Yes(format!("{name}: {}{target}.{note}", label(item))),
        RoadmapStatus::NotApplicable => {
            Verdict::NotApplicable(format!("{name}: {}.{note}", label(item)))
        }
        RoadmapStatus::Implemented => Verdict::No(format!(
            "Not certified. {name}: {}{target}.{note}",
            label(item)
        )),
        RoadmapStatus::InProgress
        | RoadmapStatus::Planned
        | RoadmapStatus::Tracking
        | RoadmapStatus::NotPursued => {
            Verdict::No(format!("Not yet. {name}: {}{target}.{note}", label(item)))
        }
    }
}

fn rank(status: RoadmapStatus) -> u8 {
    match status {
        RoadmapStatus::Achieved => 0,
        RoadmapStatus::Available => 1,
        RoadmapStatus::Implemented => 2,
        RoadmapStatus::InProgress => 3,
        RoadmapStatus::Planned => 4,
        RoadmapStatus::Tracking => 5,
        RoadmapStatus::NotPursued => 6,
        RoadmapStatus::NotApplicable => 7,
    }
}

fn label(item: &RoadmapItem) -> String {
    item.label
        .clone()
        .unwrap_or_else(|| item.status.label().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, status: RoadmapStatus, target: Option<&str>) -> RoadmapItem {
        RoadmapItem {
            item: text.into(),
            status,
            label: None,
            target: None,
            target_label: target.map(str::to_string),
            catalog: None,
            note: None,
        }
    }

    #[test]
    fn schemes_are_recognised_however_written() {
        let keys = |t: &str| schemes(t).into_iter().map(|s| s.key).collect::<Vec<_>>();
        assert_eq!(keys("Are you ISO/IEC 27001:2022 certified?"), ["iso27001"]);
        assert_eq!(keys("ISO27001 certification?"), ["iso27001"]);
        assert_eq!(keys("Do you have a SOC 2 Type II report?"), ["soc2"]);
        assert_eq!(schemes("SOC 2 Type II")[0].soc_type, Some(2));
        assert_eq!(schemes("SOC 2 Type I")[0].soc_type, Some(1));
        assert_eq!(keys("PCI-DSS attestation of compliance"), ["pci-dss"]);
        assert!(keys("Do you encrypt data?").is_empty());
    }

    #[test]
    fn the_roadmap_decides() {
        let roadmap = [
            item(
                "ISO/IEC 27001 — ISMS",
                RoadmapStatus::InProgress,
                Some("Stage-1 audit: Q4 2026"),
            ),
            item("SOC 2 Type I", RoadmapStatus::Achieved, None),
            item(
                "SOC 2 Type II",
                RoadmapStatus::Planned,
                Some("Report: Q1 2027"),
            ),
        ];
        let ask = |q: &str| judge(&asks_for_certification(q).unwrap(), &roadmap);
        assert!(
            matches!(ask("Are you ISO 27001 certified?"), Verdict::No(t) if t.contains("In progress; Stage-1 audit: Q4 2026"))
        );
        assert!(matches!(
            ask("Do you have a SOC 2 Type I report?"),
            Verdict::Yes(_)
        ));
        assert!(
            matches!(ask("Do you have a SOC 2 Type II report?"), Verdict::No(t) if t.contains("Q1 2027"))
        );
        assert!(matches!(
            ask("Are you PCI DSS compliant?"),
            Verdict::Unknown(_)
        ));
        assert!(asks_for_certification("Are controls aligned with ISO 27001 Annex A?").is_none());
    }
}
