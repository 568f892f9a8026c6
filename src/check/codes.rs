//! Rule codes: stable, kebab-case, one per kind of finding. Users write them in
//! `evidence.toml` `[rules]` to change a severity, and CI systems key on them, so a code is never
//! renamed or reused.

use std::fmt;

pub use crate::diag::Severity;

macro_rules! rules {
    ($( $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// Every rule `evidence check` applies.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable kebab-case code.
            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$severity, )* }
            }

            /// One line on what the rule checks (README rule table, SARIF rule metadata).
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary, )* }
            }
        }
    };
}

rules! {
    DuplicateId = "duplicate-id", Error,
        "Two controls, two AI systems, two risks or two collectors share an ID or name, or two scope decisions name the same requirement (also across files).";
    UnknownFramework = "unknown-framework", Error,
        "A framework ID in evidence.toml, a mapping or a scope file names no known catalog.";
    UnknownRequirement = "unknown-requirement", Error,
        "A mapping or scope decision names a requirement the catalog does not have.";
    UnknownRole = "unknown-role", Error,
        "A role in evidence.toml [scope.roles] is not one the framework's catalog defines.";
    UncoveredRequirement = "uncovered-requirement", Error,
        "An in-scope requirement is neither covered by a control nor excluded with a justification.";
    RequirementNotImplemented = "requirement-not-implemented", Warning,
        "An in-scope requirement is mapped only to controls that are not yet implemented.";
    ExclusionWithoutJustification = "exclusion-without-justification", Error,
        "A requirement is excluded (applicable: false) without a justification.";
    MissingOwner = "missing-owner", Error,
        "A control has no owner.";
    MissingEvidence = "missing-evidence", Error,
        "An evidence file a control names does not exist.";
    EvidenceOutsideWorkspace = "evidence-outside-workspace", Error,
        "An evidence path is absolute or leaves the workspace (.., or a symlink out of it).";
    StaleEvidence = "stale-evidence", Error,
        "Evidence is older than its max age (dated by `collected:`, else its last git commit, else its modification time).";
    UndatedEvidence = "undated-evidence", Error,
        "Evidence has no trustworthy collected date (e.g. a shallow clone lacks the commit that last changed it).";
    FailingEvidence = "failing-evidence", Error,
        "The evidence log records that the tool behind the evidence reported a failure (SARIF errors, failed tests, an OCSF finding with status Fail), so it does not support the control.";
    MissedOccurrence = "missed-occurrence", Error,
        "A recurring control's evidence has no occurrence in a cadence window of the audit period (`check --audit-period` or `[audit] period`).";
    UnknownCollectorControl = "collector-unknown-control", Error,
        "A collector in collectors/ names a control that no file in controls/ defines.";
    EvidenceFromFuture = "evidence-from-future", Warning,
        "Evidence has a collected date after the date of the check.";
    NoEvidence = "no-evidence", Warning,
        "An implemented control names no evidence.";
    ReviewOverdue = "review-overdue", Warning,
        "A control's or a risk's last review is older than its review interval.";
    PlannedPastTarget = "planned-past-target", Error,
        "A planned or partial control is past its target date.";
    MissingTarget = "missing-target", Warning,
        "A planned or partial control has no target date.";
    UnknownControl = "unknown-control", Error,
        "A trust commitment, a processing activity's security measure, an AI system or a risk names a control the workspace does not have.";
    MissingLawfulBasis = "missing-lawful-basis", Error,
        "A processing activity held as controller has no GDPR Art. 6 lawful basis.";
    TransferWithoutSafeguard = "transfer-without-safeguard", Error,
        "A processing activity transfers personal data outside the EEA without a Chapter V safeguard.";
    SubprocessorNotInRecords = "subprocessor-not-in-records", Error,
        "A sub-processor on the trust page is the recipient of no processing activity, so its transfers are not checked.";
    MissingRetention = "missing-retention", Error,
        "A data category of a processing activity has no retention period (Art. 30(1)(f)).";
    RoadmapTargetPassed = "roadmap-target-passed", Error,
        "A trust-page roadmap item's target date has passed and the item is not achieved.";
    ClaimContradicted = "claim-contradicted", Error,
        "A roadmap item claims a catalog is met (achieved or implemented) while its requirements are not all covered with fresh evidence.";
    UnknownSystem = "unknown-system", Error,
        "A risk names an AI system that no file in systems/ defines.";
    RiskUntreated = "risk-untreated", Error,
        "A risk has no treatment, or is accepted without an acceptance record (who, when, until when).";
    TreatmentWithoutControls = "treatment-without-controls", Error,
        "A risk treated by mitigate or transfer names no control that treats it.";
    AcceptanceExpired = "acceptance-expired", Error,
        "An accepted risk's acceptance has lapsed (its `until` date has passed).";
    ResidualAboveAppetite = "residual-above-appetite", Error,
        "A risk's residual score (likelihood x impact) exceeds the [risk] appetite and no current acceptance covers it.";
    ImpactAssessmentMissing = "impact-assessment-missing", Error,
        "A high-risk AI system, or one the organisation's policy flags, has no current impact assessment (a FRIA for a deployer of a high-risk system).";
    ProhibitedSystem = "prohibited-system", Error,
        "An AI system in development or in service is classified as a prohibited practice (EU AI Act Art. 5).";
    DerogationUndocumented = "derogation-undocumented", Error,
        "An AI system listed under Annex III is classified below high-risk without an Art. 6(3) derogation and its documentation.";
    ControlWithoutRationale = "control-without-rationale", Warning,
        "With a risk register, a control selected for an ISO/IEC 42001 Annex A control treats no risk and no scope decision records a driver for it.";
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for &rule in Rule::ALL {
            assert!(seen.insert(rule.code()), "duplicate code {}", rule.code());
            assert!(
                crate::catalog::is_kebab_case(rule.code()),
                "{} is not kebab-case",
                rule.code()
            );
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
            assert!(rule.summary().ends_with('.'));
        }
    }
}
