//! What every OSCAL document of one export shares: stable UUIDs, tokens for IDs, metadata with
//! the owners' roles, and evidence files as back-matter resources with their SHA-256 hashes.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};
use uuid::Uuid;

use super::{ExportError, NS, OSCAL_VERSION, Options};
use crate::assessment::{Assessment, EvidenceItem, EvidenceState};
use crate::catalog::LoadedCatalog;
use crate::workspace::Workspace;

/// The root of every UUID `evidence` derives: a fixed name, so that UUIDs do not depend on the
/// machine or the run.
const ROOT_NAME: &[u8] = b"evidence-cli OSCAL export";

/// The context of one export.
#[derive(Debug)]
pub struct Doc<'a> {
    pub ws: &'a Workspace,
    pub assessment: &'a Assessment,
    pub options: &'a Options,
    /// Version-5 namespace of this organisation.
    namespace: Uuid,
    /// Each control owner, as written, and the OSCAL role ID made from it.
    roles: BTreeMap<String, String>,
}

impl<'a> Doc<'a> {
    pub fn new(ws: &'a Workspace, assessment: &'a Assessment, options: &'a Options) -> Self {
        let root = Uuid::new_v5(&Uuid::NAMESPACE_OID, ROOT_NAME);
        let namespace = Uuid::new_v5(&root, ws.config.organisation.name.as_bytes());
        let mut roles = BTreeMap::new();
        let mut used = HashSet::new();
        let owners = assessment.controls.iter().map(|c| c.owner.as_deref());
        for owner in crate::coverage::distinct_owners(owners) {
            roles.insert(owner.to_string(), unique(&mut used, token(owner)));
        }
        Self {
            ws,
            assessment,
            options,
            namespace,
            roles,
        }
    }

    /// A stable UUID for what `parts` name (a model, then IDs).
    pub fn uuid(&self, parts: &[&str]) -> String {
        Uuid::new_v5(&self.namespace, parts.join("\u{1f}").as_bytes()).to_string()
    }

    /// The `metadata` of a document: title, version (the workspace's `[report] version`, else
    /// the assessment date), the organisation as a party, and with `owners` the control owners as
    /// roles.
    pub fn metadata(&self, title: &str, owners: bool) -> Value {
        let org = &self.ws.config.organisation;
        let mut party = json!({
            "uuid": self.uuid(&["party", "organisation"]),
            "type": "organization",
            "name": line(&org.name),
        });
        if let Some(website) = org.website.as_deref().filter(|w| is_uri(w)) {
            party["links"] = json!([{ "href": website.trim(), "rel": "homepage" }]);
        }
        let version = self
            .ws
            .config
            .report
            .version
            .as_deref()
            .map(line)
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| self.assessment.date.to_string());
        let mut metadata = json!({
            "title": line(title),
            "last-modified": self.options.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "version": version,
            "oscal-version": OSCAL_VERSION,
            "props": [prop("assessment-date", &self.assessment.date.to_string())],
            "parties": [party],
        });
        if owners && !self.roles.is_empty() {
            metadata["roles"] = self
                .roles
                .iter()
                .map(|(owner, id)| json!({ "id": id, "title": line(owner) }))
                .collect();
        }
        metadata
    }

    /// The role ID of a control owner.
    pub fn role_of(&self, owner: &str) -> Option<&str> {
        self.roles.get(owner).map(String::as_str)
    }

    /// `responsible-roles` for these owners (each once), or `None` when there is none.
    pub fn responsible_roles<'o>(
        &self,
        owners: impl IntoIterator<Item = &'o str>,
    ) -> Option<Value> {
        let mut ids: Vec<&str> = owners.into_iter().filter_map(|o| self.role_of(o)).collect();
        ids.sort_unstable();
        ids.dedup();
        (!ids.is_empty()).then(|| ids.iter().map(|id| json!({ "role-id": id })).collect())
    }

    /// The OSCAL control ID of each requirement of `catalog`: its ID as a token, made unique.
    pub fn control_ids(&self, catalog: &LoadedCatalog) -> HashMap<String, String> {
        let mut used = HashSet::new();
        catalog
            .requirements()
            .iter()
            .map(|r| (r.id.value.clone(), unique(&mut used, token(&r.id.value))))
            .collect()
    }

    /// The UUID of the back-matter resource of a control's evidence item.
    pub fn evidence_uuid(&self, control: &str, index: usize) -> String {
        self.uuid(&["evidence", control, &index.to_string()])
    }

    /// The back-matter resource of one evidence item: its path and SHA-256 hash (an `rlink`),
    /// its state and collected date. Confidential evidence is named but neither located nor
    /// hashed, as every report shows it: "available on request".
    pub fn evidence_resource(
        &self,
        control: &str,
        index: usize,
        item: &EvidenceItem,
    ) -> Result<Value, ExportError> {
        let mut props = vec![prop("evidence-state", item.state.as_str())];
        if let Some(collected) = item.collected {
            props.push(prop("collected", &collected.to_string()));
        }
        if let Some(stale_on) = item.stale_on {
            props.push(prop("stale-on", &stale_on.to_string()));
        }
        props.push(prop("control", control));
        let mut resource = json!({
            "uuid": self.evidence_uuid(control, index),
            "props": props,
        });
        if item.confidential {
            resource["title"] = json!(format!("Confidential evidence of {control}"));
            resource["description"] =
                json!("Confidential evidence: available on request, not published.");
            return Ok(resource);
        }
        resource["title"] = json!(line(&format!("Evidence {}", item.path)));
        let mut rlink = json!({ "href": href(item.file().unwrap_or(&item.path)) });
        if let Some(hash) = self.sha256(item)? {
            rlink["hashes"] = json!([{ "algorithm": "SHA-256", "value": hash }]);
        }
        resource["rlinks"] = json!([rlink]);
        Ok(resource)
    }

    /// The SHA-256 of an evidence file that is there to hash (not missing, not a directory,
    /// not outside the workspace).
    fn sha256(&self, item: &EvidenceItem) -> Result<Option<String>, ExportError> {
        if matches!(
            item.state,
            EvidenceState::Missing
                | EvidenceState::NotAFile
                | EvidenceState::BrokenLink
                | EvidenceState::OutsideWorkspace
        ) {
            return Ok(None);
        }
        let Some(file) = item.file() else {
            return Ok(None);
        };
        let path = self.ws.root.join(file);
        let hash_error = |source| ExportError::Hash {
            path: file.to_string(),
            source,
        };
        let file = std::fs::File::open(&path).map_err(hash_error)?;
        let digested = crate::hash::sha256_reader(file).map_err(hash_error)?;
        Ok(Some(crate::hash::hex(&digested.sha256)))
    }
}

/// An `evidence` property (in our namespace). Values are made single-line, as OSCAL requires.
pub fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": line(value) })
}

/// A string made into an OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`), lower-case:
/// `Art. 32(1)(a)` becomes `art.-32-1-a`, `GOVERN 1.1` `govern-1.1`.
pub fn token(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            if !(c == '-' && out.ends_with('-')) {
                out.push(c.to_ascii_lowercase());
            }
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with(['-', '.']) {
        out.pop();
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// `token`, with `_2`, `_3`, … appended while it is already taken.
fn unique(used: &mut HashSet<String>, token: String) -> String {
    let mut candidate = token.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{token}_{n}");
        n += 1;
    }
    candidate
}

/// Text on one line, as OSCAL string and markup-line fields require (no line breaks, no
/// leading or trailing space).
pub fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A relative path as a URI reference: spaces and other characters a URI cannot hold are
/// percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_uri(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("https://") || t.starts_with("http://")) && !t.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_ids_become_oscal_tokens() {
        assert_eq!(token("Art. 32(1)(a)"), "art.-32-1-a");
        assert_eq!(token("GOVERN 1.1"), "govern-1.1");
        assert_eq!(token("A.6.2.4"), "a.6.2.4");
        assert_eq!(token("CC6.1"), "cc6.1");
        assert_eq!(token("8(5)"), "_8-5");
        assert_eq!(token("GV.OC-01"), "gv.oc-01");
        assert_eq!(token(""), "_");
    }

    #[test]
    fn taken_tokens_get_a_suffix() {
        let mut used = HashSet::new();
        assert_eq!(unique(&mut used, "a".into()), "a");
        assert_eq!(unique(&mut used, "a".into()), "a_2");
        assert_eq!(unique(&mut used, "a".into()), "a_3");
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(href("evidence/a b/ü.pdf"), "evidence/a%20b/%C3%BC.pdf");
    }
}
