//! `shipgate check-contract` end to end: the fixture pact against the users
//! provider's OpenAPI document, and against a copy where the contract drifted.

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, stdout, workspace_root};

fn fixture(name: &str) -> String {
    workspace_root()
        .join("tests/fixtures/pacts")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn documented_pact_passes() {
    let out = run(shipgate().args([
        "check-contract",
        "--pact",
        &fixture("checkout-ui-users.json"),
        "--openapi",
        &fixture("users-openapi.yaml"),
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn drifted_openapi_is_flagged_with_codes() {
    let api = std::fs::read_to_string(fixture("users-openapi.yaml")).unwrap();
    let drifted = api
        .replace(
            "required: [userId, name, email]",
            "required: [user_id, name, email]",
        )
        .replace("  /users:\n    post:", "  /users:\n    put:");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, drifted).unwrap();
    let out = run(shipgate()
        .args([
            "check-contract",
            "--format",
            "json",
            "--pact",
            &fixture("checkout-ui-users.json"),
            "--openapi",
        ])
        .arg(&path));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CON005", "CON002"], "{doc:#}");
}

#[test]
fn unreadable_openapi_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, "openapi: 3.0.3\npaths: [\n").unwrap();
    let out = run(shipgate()
        .args([
            "check-contract",
            "--pact",
            &fixture("checkout-ui-users.json"),
            "--openapi",
        ])
        .arg(&path));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("openapi.yaml:"), "{}", stderr(&out));
}
