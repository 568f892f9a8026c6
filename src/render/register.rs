//! The register reports: the AI-system inventory (`render systems`) and the risk register
//! (`render risks`, with a likelihood × impact heat map before and after treatment). Both read
//! the registers as the assessment carries them.

use serde::Serialize;

use super::{DocumentFormat, Header, RenderError};
use crate::assessment::{Assessment, RiskAssessment, SystemAssessment};
use crate::coverage::CoverageStatus;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize)]
pub struct SystemsReport {
    pub header: Header,
    pub systems: Vec<SystemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemView {
    #[serde(flatten)]
    pub system: SystemAssessment,
    /// Obligations in force through the system, by coverage status ("covered 12, gap 1").
    pub obligations_summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RisksReport {
    pub header: Header,
    pub scale: u8,
    pub appetite: u16,
    pub risks: Vec<RiskAssessment>,
    /// Inline SVG heat maps (likelihood × impact), before and after treatment.
    pub heat_map_inherent: String,
    pub heat_map_residual: String,
}

pub fn systems(ws: &Workspace, assessment: &Assessment) -> SystemsReport {
    SystemsReport {
        header: Header::new(ws, "AI-system register", None, assessment.date),
        systems: assessment
            .systems
            .iter()
            .map(|s| SystemView {
                obligations_summary: obligations_summary(s),
                system: s.clone(),
            })
            .collect(),
    }
}

fn obligations_summary(s: &SystemAssessment) -> String {
    if s.obligations.is_empty() {
        return "none in force".to_string();
    }
    let mut counts: Vec<(CoverageStatus, usize)> = Vec::new();
    for o in &s.obligations {
        match counts.iter_mut().find(|(st, _)| *st == o.status) {
            Some((_, n)) => *n += 1,
            None => counts.push((o.status, 1)),
        }
    }
    counts.sort();
    counts
        .iter()
        .map(|(st, n)| format!("{} {n}", st.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn risks(ws: &Workspace, assessment: &Assessment) -> RisksReport {
    let scale = ws.config.risk.scale;
    let appetite = ws.config.risk.appetite;
    let inherent: Vec<(u8, u8)> = assessment
        .risks
        .iter()
        .map(|r| (r.inherent.likelihood, r.inherent.impact))
        .collect();
    let residual: Vec<(u8, u8)> = assessment
        .risks
        .iter()
        .map(|r| (r.residual.likelihood, r.residual.impact))
        .collect();
    RisksReport {
        header: Header::new(ws, "Risk register", None, assessment.date),
        scale,
        appetite,
        risks: assessment.risks.clone(),
        heat_map_inherent: heat_map("Before treatment (inherent)", scale, appetite, &inherent),
        heat_map_residual: heat_map("After treatment (residual)", scale, appetite, &residual),
    }
}

/// A likelihood × impact grid as inline SVG: cells within appetite light, above it dark, each
/// holding the number of risks rated there. Only numbers and fixed words go into it.
pub fn heat_map(title: &str, scale: u8, appetite: u16, ratings: &[(u8, u8)]) -> String {
    const CELL: u32 = 40;
    const LEFT: u32 = 30;
    const TOP: u32 = 24;
    let n = u32::from(scale);
    let width = LEFT + n * CELL + 10;
    let height = TOP + n * CELL + 30;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{title}: \
         likelihood by impact, {count} risks\">",
        count = ratings.len()
    );
    svg.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"14\" font-size=\"12\">{title}</text>"
    ));
    for likelihood in 1..=scale {
        for impact in 1..=scale {
            let x = LEFT + (u32::from(impact) - 1) * CELL;
            // Likelihood grows upwards.
            let y = TOP + (n - u32::from(likelihood)) * CELL;
            let score = u16::from(likelihood) * u16::from(impact);
            let fill = if score > appetite {
                "#c0392b"
            } else if score * 2 > appetite {
                "#f5b041"
            } else {
                "#a9dfbf"
            };
            let count = ratings
                .iter()
                .filter(|r| **r == (likelihood, impact))
                .count();
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{fill}\" \
                 stroke=\"#fff\"><title>likelihood {likelihood}, impact {impact}: score \
                 {score}, {count} risks</title></rect>"
            ));
            if count > 0 {
                svg.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" \
                     font-weight=\"bold\">{count}</text>",
                    x + CELL / 2,
                    y + CELL / 2 + 5
                ));
            }
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{likelihood}</text>",
            LEFT - 6,
            TOP + (n - u32::from(likelihood)) * CELL + CELL / 2 + 4
        ));
    }
    for impact in 1..=n {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{impact}</text>",
            LEFT + (impact - 1) * CELL + CELL / 2,
            TOP + n * CELL + 14
        ));
    }
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">impact → \
         (likelihood ↑)</text></svg>",
        LEFT + n * CELL / 2,
        TOP + n * CELL + 27
    ));
    svg
}

pub fn render_systems(
    ws: &Workspace,
    assessment: &Assessment,
    format: DocumentFormat,
) -> Result<String, RenderError> {
    let report = systems(ws, assessment);
    let context = || {
        minijinja::context! { report => minijinja::Value::from(minijinja::value::Serde(&report)) }
    };
    super::document(ws, &report, format, "systems", context)
}

pub fn render_risks(
    ws: &Workspace,
    assessment: &Assessment,
    format: DocumentFormat,
) -> Result<String, RenderError> {
    let report = risks(ws, assessment);
    let context = || {
        minijinja::context! {
            report => minijinja::Value::from(minijinja::value::Serde(&report)),
            heat_map_inherent => minijinja::Value::from_safe_string(report.heat_map_inherent.clone()),
            heat_map_residual => minijinja::Value::from_safe_string(report.heat_map_residual.clone()),
        }
    };
    super::document(ws, &report, format, "risks", context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heat_map_counts_risks_per_cell_and_marks_the_appetite() {
        let svg = heat_map("Residual", 5, 6, &[(2, 3), (2, 3), (5, 5)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 25);
        assert!(svg.contains("likelihood 2, impact 3: score 6, 2 risks"));
        assert!(svg.contains("likelihood 5, impact 5: score 25, 1 risks"));
        // Score 25 is above the appetite of 6: the dark fill.
        assert!(svg.contains("fill=\"#c0392b\" stroke=\"#fff\"><title>likelihood 5, impact 5"));
    }
}
