//! End-to-end tests of `shipgate diff` with the real binary: files, git
//! revisions, external `$ref`s, output formats, configuration and bad input.

use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(code: &str) -> PathBuf {
    shipgate_e2e::workspace_root()
        .join("rules/tests/fixtures/diff")
        .join(code)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const USERS_V1: &str = "openapi: 3.0.3
info: {title: Users, version: 1.0.0}
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The user.
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/User'}
";

const SCHEMAS_V1: &str = "User:
  type: object
  required: [id, email]
  properties:
    id: {type: integer}
    email: {type: string}
";

const SCHEMAS_V2: &str = "User:
  type: object
  required: [id]
  properties:
    id: {type: integer}
";

#[test]
fn text_output_names_the_change_and_both_locations() {
    let dir = fixture("OAS029");
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--date",
        "2026-06-01",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("diff_text_oas029", stdout(&out));
}

#[test]
fn json_output_has_pointer_line_column_and_base_location() {
    let dir = fixture("OAS015");
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "OAS015");
    assert_eq!(d["location"]["file"], "revision.yaml");
    assert_eq!(
        d["location"]["pointer"],
        "/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/id"
    );
    assert_eq!(d["location"]["span"]["start"]["line"], 24);
    assert_eq!(d["location"]["span"]["start"]["column"], 19);
    assert_eq!(d["related"][0]["location"]["file"], "base.yaml");
}

#[test]
fn git_revisions_and_external_refs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    write(dir, "api/openapi.yaml", USERS_V1);
    write(dir, "api/schemas.yaml", SCHEMAS_V1);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "v1"]);
    // Unchanged: clean.
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "main:api/openapi.yaml",
        "api/openapi.yaml",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // The referenced file changes: the removal is found through the ref, in both readers.
    write(dir, "api/schemas.yaml", SCHEMAS_V2);
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "main:api/openapi.yaml",
        "api/openapi.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "OAS029");
    assert_eq!(d["location"]["file"], "api/schemas.yaml");
    assert_eq!(d["related"][0]["location"]["file"], "main:api/schemas.yaml");
    assert_eq!(d["related"][0]["location"]["span"]["start"]["line"], 6);
}

#[test]
fn bad_input_exits_2_with_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "good.yaml", USERS_V1);
    write(dir, "schemas.yaml", SCHEMAS_V1);
    write(dir, "bad.yaml", "openapi: 3.0.3\npaths:\n  /a: [1, 2\n");
    write(
        dir,
        "bad.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {,}\n}\n",
    );
    write(dir, "notapi.yaml", "name: my service\nreplicas: 3\n");
    write(
        dir,
        "badref.yaml",
        &USERS_V1.replace("schemas.yaml#/User", "#/components/schemas/Nope"),
    );
    let cases: [(&[&str], &str); 5] = [
        (&["bad.yaml", "good.yaml"], "bad.yaml:4:1: invalid YAML"),
        (
            &["good.yaml", "bad.json"],
            "bad.json:3:13: invalid JSON: expected a string key",
        ),
        (
            &["notapi.yaml", "good.yaml"],
            "notapi.yaml:1:1: not an OpenAPI document",
        ),
        (
            &["good.yaml", "badref.yaml"],
            "badref.yaml:13:24: unresolvable $ref `#/components/schemas/Nope`",
        ),
        (
            &["nosuchrev:api.yaml", "good.yaml"],
            "nosuchrev:api.yaml: cannot read it through git",
        ),
    ];
    for (args, expect) in cases {
        let out = run(shipgate().current_dir(dir).arg("diff").args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expect),
            "{args:?}: expected `{expect}` in:\n{}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn changelog_lists_compatible_changes_too() {
    let dir = fixture("OAS106");
    let out = run(shipgate()
        .current_dir(&dir)
        .args(["diff", "base.yaml", "revision.yaml"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("OAS106"), "{}", stdout(&out));
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--changelog",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "OAS106");
    // --fail-on info makes the changelog block.
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--changelog",
        "--fail-on",
        "info",
    ]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn warnings_block_only_with_fail_on_warning() {
    let dir = fixture("OAS030");
    let out = run(shipgate()
        .current_dir(&dir)
        .args(["diff", "base.yaml", "revision.yaml"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("OAS030"));
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--fail-on",
        "warning",
    ]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn path_filters() {
    let dir = fixture("OAS029");
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--exclude-path",
        "^/users",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--match-path",
        "^/orders",
    ]));
    assert_eq!(out.status.code(), Some(0));
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--match-path",
        "^/users/",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let out = run(shipgate().current_dir(&dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--match-path",
        "(",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--match-path `(` is not a valid regular expression"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ignore_entries_need_a_reason_and_expire() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for f in ["base.yaml", "revision.yaml"] {
        std::fs::copy(fixture("OAS029").join(f), dir.join(f)).unwrap();
    }
    let entry = |expires: &str| {
        format!("[[diff.ignore]]\nmethod = \"GET\"\npath = \"/users/{{userId}}\"\ncode = \"OAS029\"\nreason = \"no client reads email (checked 2026-05)\"\nexpires = \"{expires}\"\n")
    };
    write(dir, "shipgate.toml", &entry("2026-12-31"));
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--date",
        "2026-06-01",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("1 finding(s) acknowledged"),
        "{}",
        stderr(&out)
    );
    // After the expiry date the finding is back, with a warning.
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "base.yaml",
        "revision.yaml",
        "--date",
        "2027-01-15",
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("expired on 2026-12-31"),
        "{}",
        stderr(&out)
    );
    // A reason is required.
    write(
        dir,
        "shipgate.toml",
        "[[diff.ignore]]\nmethod = \"GET\"\npath = \"/users/{id}\"\ncode = \"OAS029\"\n",
    );
    let out = run(shipgate()
        .current_dir(dir)
        .args(["diff", "base.yaml", "revision.yaml"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("shipgate.toml:1:1") && stderr(&out).contains("reason"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deprecation_days_come_from_config() {
    let dir = fixture("OAS003");
    let out = run(shipgate()
        .current_dir(&dir)
        .args(["diff", "base.yaml", "revision.yaml"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "no minimum configured: {}",
        stdout(&out)
    );
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "shipgate.toml",
        "[diff.deprecation-days]\nstable = 90\nbeta = 30\n",
    );
    let out = run(shipgate().current_dir(&dir).args([
        "--config",
        tmp.path().join("shipgate.toml").to_str().unwrap(),
        "diff",
        "base.yaml",
        "revision.yaml",
    ]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("OAS003"));
}

#[test]
fn composed_mode_matches_documents_by_service_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (side, code) in [("base", "base.yaml"), ("revision", "revision.yaml")] {
        std::fs::create_dir_all(dir.join(side)).unwrap();
        std::fs::copy(
            fixture("OAS029").join(code),
            dir.join(side).join("users.yaml"),
        )
        .unwrap();
        std::fs::copy(
            fixture("OAS010").join("base.yaml"),
            dir.join(side).join("accounts.yaml"),
        )
        .unwrap();
    }
    // A service that disappears: all its operations are removed.
    std::fs::copy(
        fixture("OAS001").join("base.yaml"),
        dir.join("base").join("billing.yaml"),
    )
    .unwrap();
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "base",
        "revision",
        "--composed",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["properties"]["service"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("billing".to_owned(), "OAS001".to_owned()),
            ("billing".to_owned(), "OAS001".to_owned()),
            ("users".to_owned(), "OAS029".to_owned())
        ]
    );
}

#[test]
fn composed_mode_matches_differently_named_files_by_title_or_x_service_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let read = |code: &str, side: &str| std::fs::read_to_string(fixture(code).join(side)).unwrap();
    // Same `info.title`, different file names: matched by the title.
    write(dir, "base/users.yaml", &read("OAS029", "base.yaml"));
    write(
        dir,
        "revision/users-v2.yaml",
        &read("OAS029", "revision.yaml"),
    );
    // Different titles, same `x-service-name`: matched by it.
    let accounts = read("OAS010", "base.yaml").replace(
        "  title: Users API\n",
        "  title: Accounts\n  x-service-name: accounts\n",
    );
    write(dir, "base/acct.yaml", &accounts);
    write(
        dir,
        "revision/accounts-service.yaml",
        &accounts.replace("title: Accounts\n", "title: Accounts (renamed)\n"),
    );
    let out = run(shipgate().current_dir(dir).args([
        "diff",
        "base",
        "revision",
        "--composed",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["properties"]["service"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, [("users-api".to_owned(), "OAS029".to_owned())]);
}

#[test]
fn a_missing_git_revision_or_path_names_both_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "api.yaml",
        &std::fs::read_to_string(fixture("OAS029").join("base.yaml")).unwrap(),
    );
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "v1"]);
    let cases: [(&str, &str); 2] = [
        ("nosuch:api.yaml", "nosuch:api.yaml: cannot read it through git: invalid object name 'nosuch'"),
        ("main:nosuch.yaml", "main:nosuch.yaml: cannot read it through git: path 'nosuch.yaml' does not exist in 'main'"),
    ];
    for (arg, expect) in cases {
        let out = run(shipgate().current_dir(dir).args(["diff", arg, "api.yaml"]));
        assert_eq!(out.status.code(), Some(2), "{arg}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expect),
            "{arg}: expected `{expect}` in:\n{}",
            stderr(&out)
        );
    }
}
