//! JSON Schemas of the workspace's YAML files, so that editors can complete and check them
//! (e.g. `# yaml-language-server: $schema=…` at the top of a file). The schemas are generated
//! from the same types the loader uses and committed under `docs/schema/`; a test fails when
//! they are stale.

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::catalog::{Catalog, Crosswalk};
use crate::model::collector::CollectorFile;
use crate::model::processing::ProcessingFile;
use crate::model::risk::RiskFile;
use crate::model::system::SystemFile;
use crate::model::trustpage::TrustFile;
use crate::model::{ControlFile, ScopeFile};

/// (file name under docs/schema/, schema) for every YAML file kind.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "controls.schema.json",
            schema_of::<ControlFile>("controls/*.yaml: the control matrix"),
        ),
        (
            "scope.schema.json",
            schema_of::<ScopeFile>("scope/*.yaml: applicability decisions for one framework"),
        ),
        (
            "trust.schema.json",
            schema_of::<TrustFile>("trust/*.yaml: the public trust page"),
        ),
        (
            "processing.schema.json",
            schema_of::<ProcessingFile>(
                "processing/*.yaml: processing activities (GDPR Art. 30, DPDP)",
            ),
        ),
        (
            "systems.schema.json",
            schema_of::<SystemFile>("systems/*.yaml: the AI-system register"),
        ),
        (
            "risks.schema.json",
            schema_of::<RiskFile>("risks/*.yaml: the risk register"),
        ),
        (
            "collectors.schema.json",
            schema_of::<CollectorFile>("collectors/*.yaml: commands that produce evidence"),
        ),
        (
            "catalog.schema.json",
            schema_of::<Catalog>("frameworks/*.yaml: a framework catalog"),
        ),
        (
            "crosswalk.schema.json",
            schema_of::<Crosswalk>("frameworks/crosswalks/*.yaml: a crosswalk"),
        ),
    ]
}

fn schema_of<T: JsonSchema>(title: &str) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.to_value()
}
