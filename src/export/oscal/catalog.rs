//! The OSCAL `catalog` of one of our catalogs: groups (headings) and controls (requirements) in
//! the catalog's hierarchy, each with its original ID as the `label` property.
//!
//! Requirement text is included only where our catalog marks it quotable: a quotation of a
//! public text (`verbatim`: NIST, EU) or our own summary of a statute (`summary`: GDPR, DPDP).
//! Catalogs of copyrighted standards (ISO/IEC, AICPA) give IDs and our titles only, as they do
//! everywhere else in `evidence`.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::Doc;
use super::doc::{line, prop};
use crate::catalog::LoadedCatalog;
use crate::catalog::{Requirement, TextKind};

/// The `catalog` object.
pub fn catalog(doc: &Doc, loaded: &LoadedCatalog) -> Value {
    let cat = &loaded.catalog;
    let ids = doc.control_ids(loaded);
    let tree = Tree::new(loaded);
    let mut metadata = doc.metadata(&format!("{} ({})", cat.name, cat.version), false);
    metadata["props"]
        .as_array_mut()
        .expect("metadata props")
        .push(prop("catalog", loaded.id()));
    if let Some(url) = Some(cat.source.trim()).filter(|s| s.starts_with("http")) {
        metadata["links"] =
            json!([{ "href": url, "rel": "reference", "text": line(&cat.publisher) }]);
    }
    metadata["remarks"] = json!(format!(
        "Published by {}. {}\n\nExported by evidence from its catalog `{}`; requirement text is {}.",
        cat.publisher.trim(),
        cat.licence.trim(),
        loaded.id(),
        if tree.any_text(cat.text_kind) {
            "included where the catalog quotes or summarises the official text"
        } else {
            "not included (IDs and our own short titles only)"
        }
    ));
    let mut out = json!({
        "uuid": doc.uuid(&["catalog", loaded.id()]),
        "metadata": metadata,
    });
    let (groups, controls) = tree.children(None, &ids, cat.text_kind, false);
    if !groups.is_empty() {
        out["groups"] = Value::Array(groups);
    }
    if !controls.is_empty() {
        out["controls"] = Value::Array(controls);
    }
    out
}

/// Requirements by parent, in file order.
struct Tree<'c> {
    roots: Vec<&'c Requirement>,
    children: HashMap<&'c str, Vec<&'c Requirement>>,
}

impl<'c> Tree<'c> {
    fn new(loaded: &'c LoadedCatalog) -> Self {
        let known: std::collections::HashSet<&str> = loaded
            .requirements()
            .iter()
            .map(|r| r.id.value.as_str())
            .collect();
        let mut roots = Vec::new();
        let mut children: HashMap<&str, Vec<&Requirement>> = HashMap::new();
        for r in loaded.requirements() {
            match r.parent.as_ref().map(|p| p.value.as_str()) {
                Some(p) if known.contains(p) && p != r.id.value => {
                    children.entry(p).or_default().push(r)
                }
                _ => roots.push(r),
            }
        }
        Self { roots, children }
    }

    fn any_text(&self, default: Option<TextKind>) -> bool {
        self.roots
            .iter()
            .chain(self.children.values().flatten())
            .any(|r| quotable_text(r, default).is_some())
    }

    /// The groups and controls under `parent` (the top level for `None`). With
    /// `headings_as_controls`, headings are listed as controls (class `heading`) with the
    /// requirements under them nested: OSCAL nests no group in a control, and a group holds
    /// either groups or controls (a choice OSCAL 1.2's JSON Schema enforces).
    fn children(
        &self,
        parent: Option<&str>,
        ids: &HashMap<String, String>,
        default: Option<TextKind>,
        headings_as_controls: bool,
    ) -> (Vec<Value>, Vec<Value>) {
        let list = match parent {
            None => &self.roots,
            Some(p) => match self.children.get(p) {
                Some(list) => list,
                None => return (Vec::new(), Vec::new()),
            },
        };
        let mut groups = Vec::new();
        let mut controls = Vec::new();
        for r in list {
            let id = &ids[&r.id.value];
            let mut node = json!({
                "id": id,
                "title": title(r),
                "props": props(r, default),
            });
            if let Some(text) = quotable_text(r, default) {
                node["parts"] = json!([{
                    "id": format!("{id}_smt"),
                    "name": "statement",
                    "prose": text.trim(),
                }]);
            }
            if r.group && !headings_as_controls {
                let (sub_groups, sub_controls) =
                    self.children(Some(&r.id.value), ids, default, false);
                if sub_groups.is_empty() || sub_controls.is_empty() {
                    if !sub_groups.is_empty() {
                        node["groups"] = Value::Array(sub_groups);
                    }
                    if !sub_controls.is_empty() {
                        node["controls"] = Value::Array(sub_controls);
                    }
                } else {
                    // Both headings and requirements under this heading: all become controls,
                    // in file order.
                    let (_, all) = self.children(Some(&r.id.value), ids, default, true);
                    node["controls"] = Value::Array(all);
                }
                groups.push(node);
            } else {
                if r.group {
                    node["class"] = json!("heading");
                }
                let (_, nested) = self.children(Some(&r.id.value), ids, default, true);
                if !nested.is_empty() {
                    node["controls"] = Value::Array(nested);
                }
                controls.push(node);
            }
        }
        (groups, controls)
    }
}

fn title(r: &Requirement) -> String {
    let t = line(&r.title);
    if t.is_empty() { line(&r.id.value) } else { t }
}

fn props(r: &Requirement, default: Option<TextKind>) -> Vec<Value> {
    let mut props = vec![json!({ "name": "label", "value": line(&r.id.value) })];
    if let Some(kind) = r.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        props.push(prop("kind", kind));
    }
    if let Some(kind) = r.text_kind.or(default) {
        props.push(prop("text-kind", kind.as_str()));
    }
    if r.is_informative() {
        props.push(prop("informative", "true"));
    }
    if let Some(date) = r.applies_from {
        props.push(prop("applies-from", &date.to_string()));
    }
    props
}

/// The requirement's text when the catalog marks it quotable (verbatim or our summary of a
/// public text); never for own-words catalogs of copyrighted standards.
fn quotable_text(r: &Requirement, default: Option<TextKind>) -> Option<&str> {
    let text = r.text.as_deref().filter(|t| !t.trim().is_empty())?;
    match r.text_kind.or(default) {
        Some(TextKind::Verbatim | TextKind::Summary) => Some(text),
        Some(TextKind::OwnWords) | None => None,
    }
}
