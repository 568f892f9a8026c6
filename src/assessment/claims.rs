//! What the trust page promises beyond the matrix: roadmap targets that must not pass unnoticed,
//! and claims that a framework is met, which must agree with the assessment of its catalog.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

use crate::coverage::{CoverageStatus, FrameworkCoverage};
use crate::model::trustpage::{RoadmapItem, RoadmapStatus};
use crate::source::Position;

/// One roadmap item of `trust/*.yaml`, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapAssessment {
    pub item: String,
    pub status: RoadmapStatus,
    /// The target as written (`2026-Q3`) and the last day it allows.
    pub target: Option<String>,
    pub target_last_day: Option<Date>,
    /// The target passed and the item is not achieved (rule `roadmap-target-passed`).
    pub target_passed: bool,
    /// When the item claims a catalog is met: whether the assessment bears it out.
    pub claim: Option<Claim>,
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(skip)]
    pub target_at: Position,
    #[serde(skip)]
    pub catalog_at: Position,
}

/// "We meet framework X", said by an `achieved` or `implemented` roadmap item linked to a catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub catalog: String,
    pub holds: bool,
    /// Why it does not hold, in words for the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicted_by: Option<String>,
}

/// Whether a roadmap status says the thing is done (and so can miss no target).
fn is_done(status: RoadmapStatus) -> bool {
    matches!(
        status,
        RoadmapStatus::Achieved | RoadmapStatus::NotPursued | RoadmapStatus::NotApplicable
    )
}

/// Whether a roadmap status claims the linked catalog is met.
fn claims_met(status: RoadmapStatus) -> bool {
    matches!(status, RoadmapStatus::Achieved | RoadmapStatus::Implemented)
}

/// Assess one roadmap item as of `today`; `coverage` gives the assessment of a catalog in scope
/// (`None` when the catalog is not in scope).
pub fn assess_roadmap_item<'c>(
    file: PathBuf,
    item: &RoadmapItem,
    today: Date,
    coverage: impl Fn(&str) -> Option<&'c FrameworkCoverage>,
) -> RoadmapAssessment {
    let target_passed = item
        .target
        .as_ref()
        .is_some_and(|t| t.value.passed(today) && !is_done(item.status));
    let claim = item
        .catalog
        .as_ref()
        .filter(|_| claims_met(item.status))
        .map(|catalog| claim(&catalog.value, coverage(&catalog.value)));
    RoadmapAssessment {
        item: item.item.clone(),
        status: item.status,
        target: item.target.as_ref().map(|t| t.value.as_str().to_string()),
        target_last_day: item.target.as_ref().map(|t| t.value.last_day()),
        target_passed,
        claim,
        file,
        target_at: item.target.as_ref().map(|t| t.position).unwrap_or_default(),
        catalog_at: item
            .catalog
            .as_ref()
            .map(|c| c.position)
            .unwrap_or_default(),
    }
}

fn claim(catalog: &str, coverage: Option<&FrameworkCoverage>) -> Claim {
    let contradicted_by = match coverage {
        None => Some(format!(
            "{catalog} is not in the workspace's scope, so nothing assesses the claim"
        )),
        Some(c) => shortfall(c),
    };
    Claim {
        catalog: catalog.to_string(),
        holds: contradicted_by.is_none(),
        contradicted_by,
    }
}

/// What keeps a catalog from being met: requirements that are gaps, not implemented, or
/// implemented without fresh evidence.
fn shortfall(c: &FrameworkCoverage) -> Option<String> {
    let count = |s: CoverageStatus| c.requirements.iter().filter(|r| r.status == s).count();
    let parts: Vec<String> = [
        (count(CoverageStatus::Gap), "uncovered"),
        (count(CoverageStatus::Partial), "not implemented"),
        (count(CoverageStatus::Unverified), "without fresh evidence"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} requirement{} {what}", if n == 1 { "" } else { "s" }))
    .collect();
    (!parts.is_empty()).then(|| format!("{} has {}", c.framework, parts.join(", ")))
}
