//! `shipgate lint-migrations` over the generated real-world-style corpus in
//! `tests/fixtures/migrations/` (six applications, one per layout, 314
//! up-migrations plus down files that must be skipped). Each line where an
//! error or warning is due ends with `-- expect: CODE[,CODE]`; the set of
//! (file, line, code) findings at warning level or above must equal the set of
//! expectations exactly, and nothing may abort.

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, workspace_root};
use std::collections::BTreeSet;
use std::path::Path;

type Key = (String, u64, String);

/// `(file, line, code)` for every `-- expect:` marker in the up-migrations under `dir`.
fn expectations(dir: &Path) -> (BTreeSet<Key>, usize) {
    let mut set = BTreeSet::new();
    let mut files = 0;
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        let name = e.file_name().to_string_lossy().into_owned();
        if !e.file_type().is_file() || !name.ends_with(".sql") || name.contains("down.sql") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(e.path()).expect("read");
        for (i, line) in text.lines().enumerate() {
            if let Some((_, codes)) = line.split_once("-- expect: ") {
                for code in codes.split(',') {
                    set.insert((
                        e.path().display().to_string(),
                        (i + 1) as u64,
                        code.trim().to_owned(),
                    ));
                }
            }
        }
    }
    (set, files)
}

fn lint(dir: &Path) -> (Value, i32) {
    let out = run(shipgate()
        .args(["lint-migrations", "--format", "json"])
        .arg(dir));
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "exit {code}: {}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (json, code)
}

fn check_layout(layout: &str) {
    let dir = workspace_root()
        .join("tests/fixtures/migrations")
        .join(layout);
    let (expected, files) = expectations(&dir);
    assert!(files >= 50, "{layout}: only {files} migrations");
    let (json, code) = lint(&dir);
    assert_eq!(
        json["checked"].as_u64(),
        Some(files as u64),
        "{layout}: every up-migration is linted, no down file"
    );
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let mut actual = BTreeSet::new();
    for d in diags {
        assert!(
            d["properties"]["phase"].is_string(),
            "finding without a phase: {d}"
        );
        let level = d["level"].as_str().unwrap_or("");
        if level == "info" {
            continue;
        }
        actual.insert((
            d["location"]["file"].as_str().unwrap_or("").to_owned(),
            d["location"]["span"]["start"]["line"].as_u64().unwrap_or(0),
            d["code"].as_str().unwrap_or("").to_owned(),
        ));
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{layout}:\nmissing {missing:#?}\nunexpected {unexpected:#?}"
    );
    assert!(
        !expected.is_empty(),
        "{layout}: corpus has dangerous statements"
    );
    assert_eq!(code, 1, "errors block the gate");
}

#[test]
fn flyway_layout() {
    check_layout("flyway");
}

#[test]
fn golang_migrate_layout_skips_down_files() {
    check_layout("golang-migrate");
}

#[test]
fn dbmate_layout_ignores_down_sections() {
    check_layout("dbmate");
}

#[test]
fn sqlx_layout() {
    check_layout("sqlx");
}

#[test]
fn diesel_layout() {
    check_layout("diesel");
}

#[test]
fn numbered_layout_survives_a_truncated_file() {
    check_layout("numbered");
}

#[test]
fn whole_corpus_at_once_has_at_least_300_files() {
    let dir = workspace_root().join("tests/fixtures/migrations");
    let (_, files) = expectations(&dir);
    assert!(files >= 300, "{files}");
    let (json, _) = lint(&dir);
    assert_eq!(json["checked"].as_u64(), Some(files as u64));
}
