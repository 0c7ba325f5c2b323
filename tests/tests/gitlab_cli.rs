//! `--format gitlab` end to end: the real binary's Code Quality reports for
//! `lint-migrations`, `diff` and `check-contract`, validated against the JSON
//! Schema written from GitLab's documented fields, with fingerprints that stay
//! the same across runs and when a finding only moves to another line.

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, stdout, workspace_root};
use std::path::Path;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        workspace_root().join("cli/tests/fixtures/gitlab-code-quality.schema.json"),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Run shipgate with `--format gitlab` in `dir`, check the exit code, validate
/// the report and return it.
fn report(dir: &Path, args: &[&str], code: i32) -> Vec<Value> {
    let out = run(shipgate()
        .current_dir(dir)
        .args(args)
        .args(["--format", "gitlab"]));
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)));
    let errors: Vec<String> = validator()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid report:\n{}", errors.join("\n"));
    doc.as_array().unwrap().clone()
}

fn fingerprints(issues: &[Value]) -> Vec<String> {
    issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lint_migrations_report_is_valid_and_fingerprints_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("db/migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(
        migrations.join("V1__users.sql"),
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    )
    .unwrap();
    let v2 = "ALTER TABLE users RENAME COLUMN name TO full_name;\nCREATE INDEX users_name ON users (full_name);\n";
    std::fs::write(migrations.join("V2__rename.sql"), v2).unwrap();
    let args = ["lint-migrations", "./db/migrations"];
    let first = report(dir.path(), &args, 1);
    assert!(first.len() >= 2, "{first:#?}");
    let codes: Vec<&str> = first
        .iter()
        .map(|i| i["check_name"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"MIG008"), "{codes:?}");
    let rename = first.iter().find(|i| i["check_name"] == "MIG008").unwrap();
    assert_eq!(rename["location"]["path"], "db/migrations/V2__rename.sql");
    assert_eq!(rename["location"]["lines"]["begin"], 1);
    assert_eq!(rename["severity"], "major");
    // Unique, and the same on a second run.
    let mut unique = fingerprints(&first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len());
    assert_eq!(
        fingerprints(&report(dir.path(), &args, 1)),
        fingerprints(&first)
    );
    // Two comment lines above move every finding down; the fingerprints stay.
    std::fs::write(
        migrations.join("V2__rename.sql"),
        format!("-- the rename\n-- and its index\n{v2}"),
    )
    .unwrap();
    let moved = report(dir.path(), &args, 1);
    let rename = moved.iter().find(|i| i["check_name"] == "MIG008").unwrap();
    assert_eq!(rename["location"]["lines"]["begin"], 3);
    assert_eq!(fingerprints(&moved), fingerprints(&first));
}

#[test]
fn diff_report_is_valid() {
    let fixtures = workspace_root().join("rules/tests/fixtures/diff/OAS001");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures.join("base.yaml"), dir.path().join("base.yaml")).unwrap();
    std::fs::copy(
        fixtures.join("revision.yaml"),
        dir.path().join("revision.yaml"),
    )
    .unwrap();
    let issues = report(dir.path(), &["diff", "base.yaml", "revision.yaml"], 1);
    assert!(
        issues.iter().any(|i| i["check_name"] == "OAS001"),
        "{issues:#?}"
    );
    assert!(issues
        .iter()
        .all(|i| i["location"]["path"] == "revision.yaml" || i["location"]["path"] == "base.yaml"));
    // A clean comparison is an empty array, not nothing.
    assert!(report(dir.path(), &["diff", "base.yaml", "base.yaml"], 0).is_empty());
}

#[test]
fn check_contract_report_is_valid() {
    let pacts = workspace_root().join("tests/fixtures/pacts");
    let api = std::fs::read_to_string(pacts.join("users-openapi.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openapi.yaml"),
        api.replace("  /users:\n    post:", "  /users:\n    put:"),
    )
    .unwrap();
    std::fs::copy(
        pacts.join("checkout-ui-users.json"),
        dir.path().join("pact.json"),
    )
    .unwrap();
    let issues = report(
        dir.path(),
        &[
            "check-contract",
            "--pact",
            "pact.json",
            "--openapi",
            "openapi.yaml",
        ],
        1,
    );
    assert!(!issues.is_empty());
}
