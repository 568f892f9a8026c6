//! Speaking the sheet's language: short answers and ownership in the words the buyer used.
//!
//! A buyer's sheet may want "Y"/"N", "Yes"/"No"/"N/A", or "Compliant"/"Partially compliant".
//! The values already in the answer column say which; without any, CAIQ's Yes/No/NA is used.
//! Ownership uses CAIQ's SSRM terms when the sheet has an SSRM column, plain words otherwise.

use serde::Serialize;

use crate::model::control::ResponsibilityOwner;

/// What a short answer means, whatever the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Meaning {
    Yes,
    No,
    NotApplicable,
    Partial,
}

/// The words for each meaning in one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    yes: String,
    no: String,
    not_applicable: String,
    /// Only when the sheet offers one: otherwise a partial control needs review.
    partial: Option<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self {
            yes: "Yes".into(),
            no: "No".into(),
            not_applicable: "NA".into(),
            partial: None,
        }
    }
}

impl Vocabulary {
    /// Learn the words from values already in the answer column: the first spelling of each
    /// meaning wins; meanings not seen keep CAIQ's word.
    pub fn learn<S: AsRef<str>>(existing: impl IntoIterator<Item = S>) -> Self {
        let mut vocabulary = Self::default();
        let mut seen = Vec::new();
        for value in existing {
            let value = value.as_ref().trim();
            let Some(meaning) = classify(value) else {
                continue;
            };
            if seen.contains(&meaning) {
                continue;
            }
            seen.push(meaning);
            let word = value.to_string();
            match meaning {
                Meaning::Yes => vocabulary.yes = word,
                Meaning::No => vocabulary.no = word,
                Meaning::NotApplicable => vocabulary.not_applicable = word,
                Meaning::Partial => vocabulary.partial = Some(word),
            }
        }
        vocabulary
    }

    /// The word for `meaning`, if the sheet has one.
    pub fn word(&self, meaning: Meaning) -> Option<&str> {
        match meaning {
            Meaning::Yes => Some(&self.yes),
            Meaning::No => Some(&self.no),
            Meaning::NotApplicable => Some(&self.not_applicable),
            Meaning::Partial => self.partial.as_deref(),
        }
    }

    /// Every word, for a drop-down list in XLSX output.
    pub fn words(&self) -> Vec<&str> {
        let mut words = vec![
            self.yes.as_str(),
            self.no.as_str(),
            self.not_applicable.as_str(),
        ];
        words.extend(self.partial.as_deref());
        words
    }
}

/// What a short answer someone wrote means, if it is one we know.
pub fn classify(value: &str) -> Option<Meaning> {
    let key: String = value
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match key.as_str() {
        "yes" | "y" | "true" | "compliant" | "implemented" | "in place" => Meaning::Yes,
        "no" | "n" | "false" | "non compliant" | "not compliant" | "not implemented" => Meaning::No,
        "na" | "n a" | "not applicable" => Meaning::NotApplicable,
        "partial" | "partially" | "partly" | "partially compliant" | "partially implemented" => {
            Meaning::Partial
        }
        _ => return None,
    })
}

/// Who owns a control, as the JSON output says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ownership {
    Provider,
    Customer,
    Shared,
}

impl From<ResponsibilityOwner> for Ownership {
    fn from(owner: ResponsibilityOwner) -> Self {
        match owner {
            ResponsibilityOwner::Provider => Self::Provider,
            ResponsibilityOwner::Customer => Self::Customer,
            ResponsibilityOwner::Shared => Self::Shared,
        }
    }
}

impl Ownership {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Customer => "customer",
            Self::Shared => "shared",
        }
    }

    /// CAIQ's SSRM Control Ownership values.
    pub fn ssrm(self) -> &'static str {
        match self {
            Self::Provider => "CSP-owned",
            Self::Customer => "CSC-owned",
            Self::Shared => "Shared CSP and CSC",
        }
    }

    /// Plain words for sheets without the SSRM vocabulary.
    pub fn plain(self) -> &'static str {
        match self {
            Self::Provider => "Provider",
            Self::Customer => "Customer",
            Self::Shared => "Shared",
        }
    }

    /// Several controls: one owner if they agree, shared otherwise.
    pub fn combine(owners: impl IntoIterator<Item = Self>) -> Option<Self> {
        let mut combined = None;
        for owner in owners {
            combined = match combined {
                None => Some(owner),
                Some(previous) if previous == owner => Some(owner),
                Some(_) => Some(Self::Shared),
            };
        }
        combined
    }
}

/// Whether an ownership column speaks CAIQ's SSRM vocabulary: its header says so, or its
/// values are SSRM terms.
pub fn is_ssrm<'a>(header: &str, existing: impl IntoIterator<Item = &'a str>) -> bool {
    header.to_lowercase().contains("ssrm")
        || existing.into_iter().any(|v| {
            let v = v.trim().to_lowercase();
            v == "csp-owned" || v == "csc-owned" || v.starts_with("shared csp")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_the_sheets_spelling() {
        let v = Vocabulary::learn(["", "Y", "y", "N", "Partially compliant", "?"]);
        assert_eq!(v.word(Meaning::Yes), Some("Y"));
        assert_eq!(v.word(Meaning::No), Some("N"));
        assert_eq!(v.word(Meaning::NotApplicable), Some("NA"));
        assert_eq!(v.word(Meaning::Partial), Some("Partially compliant"));
        assert_eq!(Vocabulary::learn::<&str>([]).word(Meaning::Partial), None);
    }

    #[test]
    fn ownership_combines() {
        use Ownership::*;
        assert_eq!(Ownership::combine([Provider, Provider]), Some(Provider));
        assert_eq!(Ownership::combine([Provider, Customer]), Some(Shared));
        assert_eq!(Ownership::combine([]), None);
    }
}
