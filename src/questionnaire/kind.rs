//! What a question asks for: a yes or no, an explanation, or a fact to fill in.
//!
//! Only a yes/no question may be answered Yes, No or NA. "Where are backups stored?" asks for a
//! place, "Solution Provider Name" for a name: a bare Yes to either is wrong however well a
//! control matches its words. The classification reads the question's first words and its
//! shape, never the controls.

use serde::Serialize;

/// The kind of answer a question expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// "Do you encrypt data at rest?": Yes, No or NA.
    YesNo,
    /// "How", "what", "where", "which", "describe", "list": a narrative.
    Open,
    /// "Vendor legal name", "Security contact email": a fact from the workspace.
    Field,
}

/// The fact a field question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    OrganisationName,
    /// A description of the organisation ("Company overview"), from the trust page.
    OrganisationOverview,
    ProductName,
    Website,
    TrustPage,
    /// An email address for a purpose: security, privacy or general business.
    Email(Purpose),
    ContactName,
    Phone,
    Address,
    Date,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Security,
    Privacy,
    Business,
    /// A purpose the trust page's contacts do not name (accessibility, billing, support).
    Other,
}

impl Purpose {
    /// The word a trust-page contact's `purpose` uses.
    pub fn word(self) -> &'static str {
        match self {
            Self::Security => "security",
            Self::Privacy => "privacy",
            Self::Business => "business",
            Self::Other => "other",
        }
    }
}

impl Field {
    /// What the field is, for a reason that sends it to review.
    pub fn describe(self) -> &'static str {
        match self {
            Self::OrganisationName => "the organisation's name",
            Self::OrganisationOverview => "a description of the organisation",
            Self::ProductName => "a product or service name",
            Self::Website => "the website",
            Self::TrustPage => "the trust page's address",
            Self::Email(_) => "a contact email address",
            Self::ContactName => "a person's name",
            Self::Phone => "a telephone number",
            Self::Address => "a postal address",
            Self::Date => "a date",
            Self::Other => "a value to fill in",
        }
    }
}

/// Words that open a yes/no question.
const AUXILIARIES: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "can", "could", "will",
    "would", "shall", "should", "may", "might", "must",
];
/// Words that open a question asking for an explanation.
const OPEN_WORDS: &[&str] = &[
    "how",
    "what",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "why",
    "describe",
    "explain",
    "list",
    "provide",
    "outline",
    "detail",
    "identify",
    "specify",
    "summarise",
    "summarize",
    "state",
    "indicate",
    "give",
    "share",
    "attach",
    "upload",
];
/// Lead-ins that say nothing about the kind: "Please describe", "If yes, list".
const LEAD_INS: &[&str] = &["please", "kindly", "if", "yes", "so", "applicable", "then"];

/// The kind of `question`, and the field it asks for when it is one.
pub fn classify(question: &str) -> (QuestionKind, Option<Field>) {
    let lower = question.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let first = words
        .iter()
        .copied()
        .find(|w| !LEAD_INS.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("");
    let field = field_of(&lower, &words);
    let short = words.len() <= 10;
    if let Some(field) = field
        && short
        && !AUXILIARIES.contains(&first)
    {
        return (QuestionKind::Field, Some(field));
    }
    if AUXILIARIES.contains(&first) {
        return (QuestionKind::YesNo, None);
    }
    if OPEN_WORDS.contains(&first) {
        return (QuestionKind::Open, None);
    }
    if lower.ends_with('?') {
        return (QuestionKind::YesNo, None);
    }
    // A statement: a short noun phrase is a field ("Solution Name"), a sentence a requirement
    // to confirm ("Data is encrypted at rest").
    let has_verb = words.iter().any(|w| {
        AUXILIARIES.contains(w) || matches!(*w, "be" | "been" | "being" | "am" | "not" | "no")
    });
    if words.len() <= 6 && !has_verb {
        return (QuestionKind::Field, Some(Field::Other));
    }
    (QuestionKind::YesNo, None)
}

/// Parties other than the organisation answering: a question whose subject is one of them
/// ("Does your cloud provider have access to your keys?", "Is a SOC 2 report available for the
/// hosting environment?") asks about their practice, which our controls do not state.
const OTHER_PARTIES: &[&str] = &[
    "cloud provider",
    "cloud solution provider",
    "hosting provider",
    "hosting environment",
    "hosting facility",
    "data center provider",
    "datacenter provider",
    "colocation",
    "your provider",
];

/// The other party a question is about, if its subject is not the organisation answering.
pub fn other_party(question: &str) -> Option<&'static str> {
    let lower = question.to_lowercase();
    OTHER_PARTIES.iter().copied().find(|p| lower.contains(p))
}

/// Whether a yes/no question asks for something to be handed over ("Will you provide the
/// results of vulnerability scans to the institution?"): a control doing the work is not a
/// commitment to share its results.
pub fn asks_to_deliver(question: &str) -> bool {
    let lower = question.to_lowercase();
    let verb = [
        "provide",
        "share",
        "send",
        "furnish",
        "make available",
        "hand over",
        "deliver",
    ]
    .iter()
    .any(|v| lower.contains(v));
    let recipient = [
        "to the institution",
        "with the institution",
        "to us",
        "with us",
        "to the customer",
        "with the customer",
        "to customers",
        "with customers",
        "to the client",
        "upon request",
        "on request",
    ]
    .iter()
    .any(|r| lower.contains(r));
    verb && recipient
}

/// Whether a question is conditional on something ("If you have completed a SOC 2 audit,
/// does it include privacy?"): when the condition does not hold, the answer is NA.
pub fn is_conditional(question: &str) -> bool {
    let lower = question.trim().to_lowercase();
    lower.starts_with("if ") || lower.starts_with("where ") && lower.contains(',')
}

/// The workspace fact a question names, if it names one.
fn field_of(lower: &str, words: &[&str]) -> Option<Field> {
    let has = |w: &str| words.contains(&w);
    if has("email") || has("e-mail") || lower.contains("e-mail address") {
        let purpose = if ["security", "incident", "vulnerability", "breach", "abuse"]
            .iter()
            .any(|w| lower.contains(w))
        {
            Purpose::Security
        } else if ["privacy", "data protection", "dpo", "gdpr", "personal data"]
            .iter()
            .any(|w| lower.contains(w))
        {
            Purpose::Privacy
        } else if [
            "accessibility",
            "billing",
            "invoice",
            "support",
            "legal",
            "sales",
            "marketing",
            "hr",
            "human resources",
            "finance",
            "technical",
            "escalation",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            Purpose::Other
        } else {
            Purpose::Business
        };
        return Some(Field::Email(purpose));
    }
    if has("phone") || has("telephone") || has("fax") {
        return Some(Field::Phone);
    }
    if lower.contains("trust page")
        || lower.contains("trust center")
        || lower.contains("trust centre")
    {
        return Some(Field::TrustPage);
    }
    if has("website") || has("url") || lower.contains("web site") || has("homepage") {
        return Some(Field::Website);
    }
    let about_us = [
        "company",
        "organization",
        "organisation",
        "vendor",
        "supplier",
        "business",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if (has("overview") || has("description") || has("profile") || lower.contains("about your"))
        && about_us
        && words.len() <= 6
    {
        return Some(Field::OrganisationOverview);
    }
    if has("address") {
        return Some(Field::Address);
    }
    if has("date") && !has("update") {
        return Some(Field::Date);
    }
    if lower.contains("point of contact")
        || lower.contains("contact person")
        || has("title") && has("name")
    {
        return Some(Field::ContactName);
    }
    if has("name") || has("named") {
        if [
            "contact",
            "person",
            "representative",
            "officer",
            "manager",
            "ciso",
            "dpo",
            "signatory",
            "your name",
            "respondent",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            return Some(Field::ContactName);
        }
        if [
            "product",
            "solution name",
            "service name",
            "application name",
            "software name",
            "platform name",
            "solution",
        ]
        .iter()
        .any(|w| lower.contains(w))
            && !["provider", "vendor", "company", "supplier"]
                .iter()
                .any(|w| lower.contains(w))
        {
            return Some(Field::ProductName);
        }
        if [
            "company",
            "organization",
            "organisation",
            "vendor",
            "supplier",
            "provider",
            "legal",
            "entity",
            "business",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            return Some(Field::OrganisationName);
        }
        return Some(Field::Other);
    }
    if lower.contains("contact") && words.len() <= 6 {
        return Some(Field::ContactName);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_no_open_and_fields() {
        use QuestionKind::*;
        for (q, kind) in [
            ("Do you encrypt data at rest?", YesNo),
            ("Is MFA enforced for administrators?", YesNo),
            ("ISO 27001 certification?", YesNo),
            (
                "Data is encrypted at rest using AES-256 or stronger.",
                YesNo,
            ),
            ("Where are backups stored?", Open),
            ("How is test data managed?", Open),
            ("Please describe your incident response process.", Open),
            ("If yes, list the sub-processors.", Open),
            ("Which regions host customer data?", Open),
            ("Solution Provider Name", Field),
            ("Solution Name", Field),
            ("Vendor security contact email", Field),
            ("Company website", Field),
            ("Primary point of contact (name and title)", Field),
            ("Date of submission", Field),
            ("What is your company's legal name?", Field),
        ] {
            assert_eq!(classify(q).0, kind, "{q}");
        }
    }

    #[test]
    fn other_parties_are_noticed() {
        assert_eq!(
            other_party("Does your cloud solution provider have access to your encryption keys?"),
            Some("cloud solution provider")
        );
        assert_eq!(
            other_party("Is a SOC 2 Type 2 report available for the hosting environment?"),
            Some("hosting environment")
        );
        assert_eq!(other_party("Do you encrypt data at rest?"), None);
    }

    #[test]
    fn fields_say_what_they_want() {
        assert_eq!(
            classify("Solution Provider Name").1,
            Some(Field::OrganisationName)
        );
        assert_eq!(
            classify("Legal name of your company").1,
            Some(Field::OrganisationName)
        );
        assert_eq!(classify("Solution Name").1, Some(Field::ProductName));
        assert_eq!(
            classify("Company overview").1,
            Some(Field::OrganisationOverview)
        );
        assert_eq!(classify("Solution Description").1, Some(Field::Other));
        assert_eq!(classify("Vendor contact name").1, Some(Field::ContactName));
        assert_eq!(classify("Website URL").1, Some(Field::Website));
        assert_eq!(
            classify("Email address for reporting security issues").1,
            Some(Field::Email(Purpose::Security))
        );
        assert_eq!(
            classify("Email address for privacy enquiries").1,
            Some(Field::Email(Purpose::Privacy))
        );
    }
}
