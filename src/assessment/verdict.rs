//! Verdicts: what the assessment concludes about a control, and how the verdicts of several
//! controls serving one requirement roll up.

use serde::Serialize;

use crate::model::ControlStatus;

/// What the assessment concludes about a control, from its declared status, its target date and
/// the state of its evidence. Declared in `controls/*.yaml`; proven only by evidence.
///
/// Ordered from least to most done, so that the roll-up of several controls is their minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Declared `not-implemented`.
    NotImplemented,
    /// Planned or partial, and its target date has passed.
    Overdue,
    /// Declared `planned`, target not passed (or no target).
    Planned,
    /// Declared `partial`, target not passed (or no target).
    Partial,
    /// Declared `implemented`, but evidence is missing, stale, undated, dated in the future,
    /// not a file or outside the workspace, or the control names no evidence at all.
    Unverified,
    /// Declared `implemented`, names at least one evidence item, and every item is fresh.
    Verified,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Self::Verified,
        Self::Unverified,
        Self::Partial,
        Self::Planned,
        Self::Overdue,
        Self::NotImplemented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Unverified => "unverified",
            Self::Partial => "partial",
            Self::Planned => "planned",
            Self::Overdue => "overdue",
            Self::NotImplemented => "not-implemented",
        }
    }

    /// The wording a reader outside the company sees (trust page, SoA).
    pub fn label(self) -> &'static str {
        match self {
            Self::Verified => "Verified",
            Self::Unverified => "Declared, evidence pending",
            Self::Partial => "Partially implemented",
            Self::Planned => "Planned",
            Self::Overdue => "Overdue",
            Self::NotImplemented => "Not implemented",
        }
    }

    /// Whether the control may be presented as done: only a verified control.
    pub fn is_done(self) -> bool {
        self == Self::Verified
    }

    /// Declared implemented (verified or not).
    pub fn is_declared_implemented(self) -> bool {
        matches!(self, Self::Verified | Self::Unverified)
    }

    /// The verdict of a control from its declared status, whether its target has passed, and
    /// whether its evidence proves it (at least one item, every item fresh).
    pub fn of(status: ControlStatus, target_passed: bool, evidence_proves: bool) -> Self {
        match status {
            ControlStatus::Implemented if evidence_proves => Self::Verified,
            ControlStatus::Implemented => Self::Unverified,
            ControlStatus::Partial | ControlStatus::Planned if target_passed => Self::Overdue,
            ControlStatus::Partial => Self::Partial,
            ControlStatus::Planned => Self::Planned,
            ControlStatus::NotImplemented => Self::NotImplemented,
        }
    }

    /// The roll-up rule, the one used by coverage, the SoA, the trust page and questionnaire
    /// answers: a requirement (or an answer) served by several controls is as done as the least
    /// done of them. `None` when no control serves it.
    pub fn roll_up(verdicts: impl IntoIterator<Item = Verdict>) -> Option<Verdict> {
        verdicts.into_iter().min()
    }
}

/// How many controls (or rows of a report) have each verdict, as every summary counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub verified: usize,
    pub unverified: usize,
    pub partial: usize,
    pub planned: usize,
    pub overdue: usize,
    pub not_implemented: usize,
}

impl VerdictCounts {
    pub fn add(&mut self, verdict: Verdict) {
        let count = match verdict {
            Verdict::Verified => &mut self.verified,
            Verdict::Unverified => &mut self.unverified,
            Verdict::Partial => &mut self.partial,
            Verdict::Planned => &mut self.planned,
            Verdict::Overdue => &mut self.overdue,
            Verdict::NotImplemented => &mut self.not_implemented,
        };
        *count += 1;
    }
}

impl FromIterator<Verdict> for VerdictCounts {
    fn from_iter<I: IntoIterator<Item = Verdict>>(verdicts: I) -> Self {
        let mut counts = Self::default();
        verdicts.into_iter().for_each(|v| counts.add(v));
        counts
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_implemented_controls_with_proving_evidence_are_verified() {
        use ControlStatus::*;
        assert_eq!(Verdict::of(Implemented, false, true), Verdict::Verified);
        assert_eq!(Verdict::of(Implemented, true, true), Verdict::Verified);
        assert_eq!(Verdict::of(Implemented, false, false), Verdict::Unverified);
        assert_eq!(Verdict::of(Partial, false, true), Verdict::Partial);
        assert_eq!(Verdict::of(Partial, true, true), Verdict::Overdue);
        assert_eq!(Verdict::of(Planned, false, true), Verdict::Planned);
        assert_eq!(Verdict::of(Planned, true, false), Verdict::Overdue);
        assert_eq!(
            Verdict::of(NotImplemented, true, true),
            Verdict::NotImplemented
        );
    }

    #[test]
    fn the_least_done_control_decides_the_roll_up() {
        assert_eq!(Verdict::roll_up([]), None);
        assert_eq!(
            Verdict::roll_up([Verdict::Verified, Verdict::Verified]),
            Some(Verdict::Verified)
        );
        assert_eq!(
            Verdict::roll_up([Verdict::Verified, Verdict::Unverified]),
            Some(Verdict::Unverified)
        );
        assert_eq!(
            Verdict::roll_up([Verdict::Verified, Verdict::Planned, Verdict::Partial]),
            Some(Verdict::Planned)
        );
        assert_eq!(
            Verdict::roll_up([Verdict::Overdue, Verdict::Planned]),
            Some(Verdict::Overdue)
        );
    }
}
