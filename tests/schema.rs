//! The committed JSON Schemas (docs/schema/) match the loader's types.
//! Regenerate with `UPDATE_SCHEMAS=1 cargo test --test schema`.

mod common;

#[test]
fn committed_schemas_are_current() {
    let dir = common::repo().join("docs/schema");
    for (name, schema) in evidence::schema::all() {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = dir.join(name);
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{name} is stale: run UPDATE_SCHEMAS=1 cargo test --test schema"
        );
    }
}

#[test]
fn the_control_schema_knows_the_fields_and_rejects_unknown_ones() {
    let (_, schema) = evidence::schema::all()
        .into_iter()
        .find(|(n, _)| *n == "controls.schema.json")
        .unwrap();
    let control = &schema["$defs"]["Control"];
    assert_eq!(control["additionalProperties"], false);
    for field in [
        "id",
        "title",
        "owner",
        "status",
        "mappings",
        "evidence",
        "responsibility",
        "review",
    ] {
        assert!(control["properties"].get(field).is_some(), "no {field}");
    }
    assert_eq!(control["properties"]["mappings"]["type"], "object");
}
