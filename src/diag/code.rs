//! The registry of diagnostic codes: every problem `evidence` reports has one stable kebab-case
//! code, whatever part of the tool found it. CI systems and users key on codes (a user writes a
//! check rule's code in `evidence.toml` `[rules]`), so a code is never renamed or reused.
//!
//! Codes come in areas: [`InputCode`] for files the tool cannot understand (exit 2), check rules
//! ([`Rule`], findings about a workspace that parses), and bundle verification failures
//! ([`BundleCode`]). [`Code::all`] lists every one; a test keeps them unique and documented.

use std::fmt;

use crate::bundle::Code as BundleCode;
use crate::check::Rule;

macro_rules! input_codes {
    ($( $variant:ident = $code:literal, $summary:literal; )*) => {
        /// Why a file could not be understood. Each stops the command (exit 2).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum InputCode { $( $variant, )* }

        impl InputCode {
            pub const ALL: &'static [InputCode] = &[ $( InputCode::$variant, )* ];

            /// The stable kebab-case code.
            pub fn code(self) -> &'static str {
                match self { $( InputCode::$variant => $code, )* }
            }

            /// One line on what the code means (README table).
            pub fn summary(self) -> &'static str {
                match self { $( InputCode::$variant => $summary, )* }
            }
        }
    };
}

input_codes! {
    UnreadableFile = "unreadable-file",
        "A file cannot be read as text: not UTF-8, a second byte-order mark, empty, or not a regular file.";
    Syntax = "syntax",
        "A YAML, TOML, JSON, XML or CSV file is not well-formed at the place shown.";
    UnknownField = "unknown-field",
        "A key the file's format does not define (often a typo); unknown keys are never ignored.";
    DuplicateKey = "duplicate-key",
        "The same key twice in one mapping or table.";
    MissingField = "missing-field",
        "A key the format requires is absent.";
    InvalidValue = "invalid-value",
        "A value of the wrong kind or outside what is allowed (a date not written YYYY-MM-DD, an unknown status, a score off the scale).";
    UnsafeYaml = "unsafe-yaml",
        "A YAML tag (`!!binary`, `!python/object`) or merge key (`<<`), which hand-written workspace files never need.";
    DuplicateDefinition = "duplicate-definition",
        "A catalog requirement, an answer-library entry or a layout column is defined twice.";
    DanglingReference = "dangling-reference",
        "A catalog, crosswalk, answer library or workspace file names something that does not exist (a parent requirement, a catalog, a rule, a control).";
    InconsistentDefinition = "inconsistent-definition",
        "Parts of one definition contradict each other (a recurring evidence source declared as a single file, a requirement with text but no text kind).";
    SheetLayout = "sheet-layout",
        "A questionnaire sheet has no header row or columns that a layout can find, or the layout names columns the sheet lacks.";
    EvidenceLog = "evidence-log",
        "A line of the evidence log (log.jsonl) is malformed.";
}

impl InputCode {
    /// The code of a serde deserialiser's message (YAML, TOML and JSON word them alike); a
    /// message that names no serde problem is a syntax error.
    pub fn of_serde_message(message: &str) -> Self {
        let message = message.to_ascii_lowercase();
        let has = |words: &str| message.contains(words);
        if has("unknown field") {
            Self::UnknownField
        } else if has("duplicate") {
            Self::DuplicateKey
        } else if has("missing field") {
            Self::MissingField
        } else if message.starts_with("expected ")
            || has("invalid type")
            || has("invalid value")
            || has("unknown variant")
            || has("invalid length")
            || has("expected a date")
            || has("expected a list")
            || has("expected a mapping")
            || has("not allowed here")
        {
            Self::InvalidValue
        } else {
            Self::Syntax
        }
    }
}

/// Any diagnostic's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A check rule: a finding about a workspace.
    Rule(Rule),
    /// A file that could not be understood.
    Input(InputCode),
    /// A bundle that failed verification.
    Bundle(BundleCode),
}

impl Code {
    /// Every code of every area, rules first.
    pub fn all() -> impl Iterator<Item = Code> {
        let rules = Rule::ALL.iter().map(|&r| Code::Rule(r));
        let inputs = InputCode::ALL.iter().map(|&c| Code::Input(c));
        let bundle = BundleCode::ALL.iter().map(|&c| Code::Bundle(c));
        rules.chain(inputs).chain(bundle)
    }

    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Rule(r) => r.code(),
            Code::Input(c) => c.code(),
            Code::Bundle(c) => c.as_str(),
        }
    }

    /// The check rule, when this is one.
    pub fn rule(self) -> Option<Rule> {
        match self {
            Code::Rule(r) => Some(r),
            _ => None,
        }
    }
}

impl From<Rule> for Code {
    fn from(rule: Rule) -> Self {
        Code::Rule(rule)
    }
}

impl From<InputCode> for Code {
    fn from(code: InputCode) -> Self {
        Code::Input(code)
    }
}

impl From<BundleCode> for Code {
    fn from(code: BundleCode) -> Self {
        Code::Bundle(code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_of_every_area_is_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::all() {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert!(
                crate::catalog::is_kebab_case(code.as_str()),
                "{code} is not kebab-case"
            );
        }
        assert!(seen.len() > Rule::ALL.len() + InputCode::ALL.len());
    }

    #[test]
    fn serde_messages_get_the_code_of_their_problem() {
        let cases = [
            (
                "unknown field `ownr`, expected one of `id`",
                InputCode::UnknownField,
            ),
            ("duplicate mapping key: title", InputCode::DuplicateKey),
            ("missing field `owner`", InputCode::MissingField),
            (
                "unknown variant `done`, expected one of",
                InputCode::InvalidValue,
            ),
            (
                "expected a date as YYYY-MM-DD (invalid date)",
                InputCode::InvalidValue,
            ),
            ("expected string scalar", InputCode::InvalidValue),
            ("did not find expected ',' or ']'", InputCode::Syntax),
        ];
        for (message, code) in cases {
            assert_eq!(InputCode::of_serde_message(message), code, "{message}");
        }
    }

    #[test]
    fn input_summaries_are_sentences() {
        for &code in InputCode::ALL {
            assert!(code.summary().ends_with('.'), "{}", code.code());
        }
    }
}
