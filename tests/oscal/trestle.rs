//! Running compliance-trestle: the project a test imports into, and the import, which
//! validates a document against trestle's OSCAL model.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A compliance-trestle program that runs (`trestle version`), or `None`: a failure in CI, a
/// skipped test elsewhere.
pub fn find_trestle(program: Option<OsString>, install: &str) -> Option<OsString> {
    let found = program.filter(|p| {
        Command::new(p)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let what = format!("compliance-trestle (.ci/run installs it: {install})");
    super::required_in_ci(found.is_some(), &what);
    found
}

pub fn trestle(program: &OsStr, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run trestle")
}

/// A new trestle project and, beside it, a directory for the exports (trestle refuses to import
/// a file from inside its own project), in a temporary directory that lives as long as the
/// first value.
pub fn trestle_project(program: &OsStr) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    let exports = tmp.path().join("exports");
    std::fs::create_dir(&root).unwrap();
    std::fs::create_dir(&exports).unwrap();
    let init = trestle(program, &root, &["init"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    (tmp, root, exports)
}

/// `trestle import -f FILE -o NAME` in the project at `root`, which validates the document.
pub fn trestle_import(program: &OsStr, root: &Path, file: &Path, name: &str) {
    let import = trestle(
        program,
        root,
        &["import", "-f", file.to_str().unwrap(), "-o", name],
    );
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&import.stdout),
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(
        import.status.success() && !output.contains("ERROR"),
        "trestle import of {} failed:\n{output}",
        file.display()
    );
}
