//! A workspace written to a temporary directory from a few in-code files, and its assessment:
//! the input of the unit tests of the modules that read an assessment (rules, coverage,
//! reports). Files not given take a default: an `evidence.toml` in scope of `mini`, and the
//! `mini` catalog with requirements M-1 and M-2 (under group G) and roles provider and deployer.

use jiff::civil::Date;

use crate::assessment::Assessment;
use crate::workspace::Workspace;

/// The date the unit tests assess as of.
pub(crate) const TODAY: Date = jiff::civil::date(2026, 11, 22);

const DEFAULTS: &[(&str, &str)] = &[
    (
        "evidence.toml",
        "[organisation]\nname = \"Fixture Ltd\"\n\n[scope]\nframeworks = [\"mini\"]\n",
    ),
    (
        "frameworks/mini.yaml",
        "id: mini\nname: Mini framework for tests\nversion: \"1\"\npublisher: evidence test suite\n\
         source: tests\nlicence: Written for the tests.\nroles:\n  - id: provider\n    title: Provider\n\
         \x20 - id: deployer\n    title: Deployer\nrequirements:\n  - id: G\n    title: Group\n    group: true\n\
         \x20 - id: M-1\n    title: First requirement\n    parent: G\n\
         \x20 - id: M-2\n    title: Second requirement\n    parent: G\n",
    ),
];

/// A loaded workspace and its assessment on [`TODAY`]; the directory lives as long as it does.
#[derive(Debug)]
pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub ws: Workspace,
    pub assessment: Assessment,
}

/// Write `files` (path, text) over the defaults, load the workspace and assess it.
pub(crate) fn workspace(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().expect("temporary directory");
    let given = |path: &str| files.iter().any(|(p, _)| *p == path);
    let defaults = DEFAULTS.iter().filter(|(path, _)| !given(path));
    for (path, text) in defaults.chain(files) {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let ws = Workspace::load(dir.path()).unwrap_or_else(|e| panic!("fixture loads: {e:?}"));
    let assessment = Assessment::new(&ws, TODAY);
    Fixture {
        _dir: dir,
        ws,
        assessment,
    }
}
