//! Embeds the built-in catalogs (frameworks/), crosswalks (frameworks/crosswalks/), the
//! baseline control library (controls/), the collector library (collectors/) and the report
//! templates (templates/) in the binary, so
//! that `evidence` works from anywhere without its source tree. Each folder becomes a list of (relative path, contents) pairs.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    let mut code = String::new();
    embed(&mut code, "BUILTIN_CATALOGS", "frameworks");
    embed(&mut code, "BUILTIN_CROSSWALKS", "frameworks/crosswalks");
    embed(&mut code, "BASELINE_CONTROLS", "controls");
    embed(&mut code, "BASELINE_SCOPE", "controls/scope");
    embed(&mut code, "BASELINE_ANSWERS", "answers");
    embed(&mut code, "COLLECTOR_LIBRARY", "collectors");
    embed(&mut code, "BUILTIN_TEMPLATES", "templates");
    fs::write(out, code).expect("write embedded.rs");
}

fn embed(code: &mut String, name: &str, dir: &str) {
    println!("cargo:rerun-if-changed={dir}");
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join(dir);
    let mut files: Vec<_> = fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_embedded(p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    writeln!(code, "pub static {name}: &[(&str, &str)] = &[").expect("write to string");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = format!(
            "{dir}/{}",
            path.file_name().expect("file").to_string_lossy()
        );
        writeln!(code, "    ({rel:?}, include_str!({:?})),", path.display()).expect("write");
    }
    writeln!(code, "];").expect("write to string");
}

fn is_embedded(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "j2" | "jinja" | "md" | "html" | "txt" | "csv")
    ) && path.file_name().and_then(|n| n.to_str()) != Some("README.md")
}
