//! The stable codes of bundle failures, and the failure type that carries them.
//!
//! Every way a bundle command can fail has one kebab-case code. A code belongs to one of two
//! classes: [`Class::Invalid`] (the bundle is not what it claims to be: exit 1) or
//! [`Class::Unusable`] (the command could not run on this input: exit 2). Codes are part of the
//! product: scripts match on them, and `docs/bundle-format.md` lists each with its meaning. Never
//! rename one; add a new one instead.

use std::fmt;

/// Whether a failure says "this bundle is invalid" or "the command could not run".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The bundle was read and found wanting (exit code 1).
    Invalid,
    /// The input could not be used: missing file, bad key, bad arguments (exit code 2).
    Unusable,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, $class:ident; )*) => {
        /// A stable failure code. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case text of the code, as printed and documented.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            pub fn class(self) -> Class {
                match self { $(Code::$variant => Class::$class,)* }
            }

            /// One line of documentation (the doc comment of the variant).
            pub fn doc(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    // --- layout -----------------------------------------------------------------------------
    /// The bundle lacks manifest.json, signatures/ or files/, or a tar member is outside the single top-level folder.
    LayoutInvalid = "layout-invalid", Invalid;
    /// An entry the format does not allow (anything beside manifest.json, signatures/ and files/).
    UnexpectedEntry = "unexpected-entry", Invalid;
    /// A symbolic link, hard link, device, FIFO or socket where a regular file or directory must be.
    NotARegularFile = "not-a-regular-file", Invalid;
    /// Two entries (tar members or signature files) with the same name.
    DuplicateEntry = "duplicate-entry", Invalid;
    /// The tar file is truncated, has a bad header checksum or an unreadable header.
    TarMalformed = "tar-malformed", Invalid;
    /// The tar uses a feature the format excludes (GNU extensions, global or unknown pax records, base-256 numbers).
    TarUnsupported = "tar-unsupported", Invalid;
    /// Tar members are out of order: manifest.json and signatures/ must come before files/.
    TarOrder = "tar-order", Invalid;
    /// A tar header or the archive's end differs from what the writer produces from the manifest (type flag, mode 0644/0755, mtime = created_at, owner, name form, top folder named after the file, end padding).
    TarMetadata = "tar-metadata", Invalid;
    // --- manifest ---------------------------------------------------------------------------
    /// There is no manifest.json.
    ManifestMissing = "manifest-missing", Invalid;
    /// manifest.json is larger than the format allows.
    ManifestTooLarge = "manifest-too-large", Invalid;
    /// manifest.json is not canonical JSON (sorted keys, 2-space indent, one trailing LF, integers only, no control characters).
    ManifestNotCanonical = "manifest-not-canonical", Invalid;
    /// manifest.json has a field the format does not define.
    ManifestUnknownField = "manifest-unknown-field", Invalid;
    /// manifest.json is not JSON, lacks a field, or has a value of the wrong form.
    ManifestInvalid = "manifest-invalid", Invalid;
    // --- signatures -------------------------------------------------------------------------
    /// A file in signatures/ is not named `<64 lowercase hex>.sig`.
    SignatureNameInvalid = "signature-name-invalid", Invalid;
    /// A signature file is larger than the format allows.
    SignatureTooLarge = "signature-too-large", Invalid;
    /// A signature file is not base64 of 64 bytes followed by one newline.
    SignatureMalformed = "signature-malformed", Invalid;
    /// More signature files than the format allows.
    TooManySignatures = "too-many-signatures", Invalid;
    /// A signature under a trusted key's id does not verify: the manifest or the signature was altered.
    BadSignature = "bad-signature", Invalid;
    /// Fewer distinct trusted keys signed the manifest than the threshold requires.
    ThresholdNotMet = "threshold-not-met", Invalid;
    // --- paths ------------------------------------------------------------------------------
    /// A path starts with `/`.
    PathAbsolute = "path-absolute", Invalid;
    /// A path has a `..` component.
    PathTraversal = "path-traversal", Invalid;
    /// A path has an empty or `.` component, or is too long.
    PathInvalidComponent = "path-invalid-component", Invalid;
    /// A path has a backslash, a control, bidi or format character, or a character Windows forbids.
    PathInvalidCharacter = "path-invalid-character", Invalid;
    /// A path is not in Unicode normalisation form C.
    PathNotNfc = "path-not-nfc", Invalid;
    /// A path component is a Windows reserved name (CON, NUL, COM1, …) or ends in a dot or space.
    PathReservedName = "path-reserved-name", Invalid;
    /// Two paths are equal after case folding and compatibility normalisation.
    PathCaseCollision = "path-case-collision", Invalid;
    /// The same path is listed twice, or a listed file is also the directory of another.
    PathDuplicate = "path-duplicate", Invalid;
    /// The manifest's files are not sorted by path.
    FilesNotSorted = "files-not-sorted", Invalid;
    // --- contents ---------------------------------------------------------------------------
    /// A file in files/ that the manifest does not list.
    UnlistedFile = "unlisted-file", Invalid;
    /// A directory in files/ that holds no listed file.
    UnlistedDirectory = "unlisted-directory", Invalid;
    /// A file the manifest lists that files/ does not hold.
    MissingFile = "missing-file", Invalid;
    /// A file's size differs from the manifest.
    SizeMismatch = "size-mismatch", Invalid;
    /// A file's SHA-256 differs from the manifest.
    HashMismatch = "hash-mismatch", Invalid;
    // --- time and expectations ---------------------------------------------------------------
    /// The bundle expired before the verification time.
    Expired = "expired", Invalid;
    /// The bundle claims to have been created after the verification time.
    CreatedInFuture = "created-in-future", Invalid;
    /// The bundle's sequence number is below `--min-sequence` (a rollback).
    SequenceTooLow = "sequence-too-low", Invalid;
    /// The bundle's id is not the one expected.
    WrongBundleId = "wrong-bundle-id", Invalid;
    /// `evidence check` found errors and `--allow-findings` was not given.
    CheckFailed = "check-failed", Invalid;
    // --- could not run ----------------------------------------------------------------------
    /// The bundle path does not exist or is neither a directory nor a `.tar` file.
    BundleNotFound = "bundle-not-found", Unusable;
    /// A file could not be read or written.
    Io = "io-error", Unusable;
    /// A key file could not be read or is not an Ed25519 key in PEM.
    KeyInvalid = "key-invalid", Unusable;
    /// A public key is of small order (a weak key that would accept forgeries).
    WeakPublicKey = "weak-public-key", Unusable;
    /// The trusted-keys file is malformed.
    TrustedKeysInvalid = "trusted-keys-invalid", Unusable;
    /// The arguments do not make sense together (threshold above the number of keys, bad time, …).
    Usage = "usage", Unusable;
    /// The bundle input (files to collect, metadata) is unusable.
    InputInvalid = "input-invalid", Unusable;
    /// A file to bundle lies outside the workspace (through a symbolic link, `..` or an absolute path), or is not a regular file; `--allow-findings` never overrides this.
    InputOutsideWorkspace = "input-outside-workspace", Unusable;
    /// A source file changed while the bundle was being written.
    InputChanged = "input-changed", Unusable;
    /// The output path exists; nothing is ever overwritten.
    OutputExists = "output-exists", Unusable;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A bundle command failed: a code, the file or key involved (if any), and an explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Failure {
    pub code: Code,
    /// The file (relative to the bundle), key id or path the failure is about.
    pub subject: Option<String>,
    pub message: String,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            subject: None,
            message: message.into(),
        }
    }

    pub fn about(code: Code, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            subject: Some(subject.into()),
            message: message.into(),
        }
    }

    pub fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Self::about(
            Code::Io,
            path.display().to_string(),
            crate::files::io_reason(err),
        )
    }

    pub fn class(&self) -> Class {
        self.code.class()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Subjects and messages carry names from untrusted input: never print them raw.
        let message = crate::terminal::escape(&self.message);
        match &self.subject {
            Some(s) => write!(
                f,
                "[{}] {}: {}",
                self.code,
                crate::terminal::escape(s),
                message
            ),
            None => write!(f, "[{}] {}", self.code, message),
        }
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{s} is not kebab-case"
            );
            assert!(!code.doc().is_empty(), "{s} has no documentation");
        }
    }
}
