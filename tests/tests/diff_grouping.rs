//! Findings grouped by cause, the versioned output contract and outputs that
//! fit where they go, through the real binary (issue 13, "OpenAPI diff" items
//! 4–6): one change to a shared component is one finding listing every place
//! it reaches, `--output-version 1` writes the ungrouped findings, filters and
//! ignore entries apply place by place, and GitHub annotations and Markdown
//! comments stay within GitHub's limits for every command.
//!
//! See: issue 13 ("Accuracy on real-world inputs…"), section "OpenAPI diff".

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `n` operations `GET /things/{i}`, each returning `Thing`, whose `size` has `size_type`.
fn shared(n: usize, size_type: &str) -> String {
    let mut doc = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..n {
        let _ = write!(
            doc,
            "  /things/{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n"
        );
    }
    let _ = write!(
        doc,
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        size: {{type: {size_type}}}\n"
    );
    doc
}

/// `n` operations, each with its own inline change (no grouping possible).
fn separate(n: usize, rev: bool) -> String {
    let mut doc = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    let t = if rev { "integer" } else { "string" };
    for i in 0..n {
        let _ = write!(
            doc,
            "  /items/{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{id{i}: {{type: {t}}}}}}}\n"
        );
    }
    doc
}

fn diff(dir: &Path, args: &[&str]) -> Output {
    run(shipgate()
        .current_dir(dir)
        .args(["diff", "base.yaml", "rev.yaml", "--date", "2026-06-01"])
        .args(args))
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

#[test]
fn issue_13_a_shared_component_change_is_one_finding_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", &shared(30, "string"));
    write(dir.path(), "rev.yaml", &shared(30, "integer"));

    let out = diff(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["version"], 2);
    let ds = v["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{v:#}");
    assert_eq!(
        ds[0]["message"],
        "`Thing.size` type changed from `string` to `integer`"
    );
    assert_eq!(v["summary"]["errors"], 1);
    let places = ds[0]["occurrences"].as_array().unwrap();
    assert_eq!(places.len(), 30);
    assert_eq!(places[29]["properties"]["path"], "/things/29");
    assert_eq!(
        places[29]["message"],
        "`GET /things/29`: response property `size` (200, application/json) type changed from `string` to `integer`"
    );

    // Version 1: the 30 findings, as before.
    let out = diff(dir.path(), &["--format", "json", "--output-version", "1"]);
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 30);
    assert_eq!(v["summary"]["errors"], 30);
    assert!(v["diagnostics"][0].get("occurrences").is_none());
    let out = run(shipgate()
        .current_dir(dir.path())
        .env("SHIPGATE_OUTPUT_VERSION", "3")
        .args(["diff", "base.yaml", "rev.yaml"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // Text, GitHub, Markdown and SARIF show the group.
    let text = stdout(&diff(dir.path(), &[]));
    assert!(text.contains("`Thing.size` type changed"), "{text}");
    assert!(text.contains("= reaches 30 places:"), "{text}");
    assert!(text.contains("… and 20 more"), "{text}");
    let github = stdout(&diff(dir.path(), &["--format", "github"]));
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(github.contains("(reaches 30 places)"), "{github}");
    let markdown = stdout(&diff(dir.path(), &["--format", "markdown"]));
    assert!(
        markdown.contains("<details><summary>reaches 30 places</summary>"),
        "{markdown}"
    );
    let sarif: Value =
        serde_json::from_slice(&diff(dir.path(), &["--format", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert!(results[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("(reaches 30 places)"));
}

#[test]
fn issue_13_filters_and_ignore_entries_apply_place_by_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", &shared(5, "string"));
    write(dir.path(), "rev.yaml", &shared(5, "integer"));
    // --match-path keeps the places it matches.
    let v = json(&diff(
        dir.path(),
        &["--format", "json", "--match-path", "^/things/[0-2]$"],
    ));
    let places = v["diagnostics"][0]["occurrences"].as_array().unwrap();
    assert_eq!(places.len(), 3, "{v:#}");
    // One place left: an ordinary finding again.
    let v = json(&diff(
        dir.path(),
        &["--format", "json", "--match-path", "^/things/4$"],
    ));
    let d = &v["diagnostics"][0];
    assert!(d.get("occurrences").is_none(), "{v:#}");
    assert_eq!(d["properties"]["path"], "/things/4");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("`GET /things/4`"));
    // An ignore entry for one operation removes that place only.
    write(
        dir.path(),
        "shipgate.toml",
        "[[diff.ignore]]\npath = \"/things/0\"\nmethod = \"GET\"\ncode = \"OAS015\"\nreason = \"the type is new\"\n",
    );
    let out = diff(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 finding(s) acknowledged"),
        "{}",
        stderr(&out)
    );
    let v = json(&out);
    let places = v["diagnostics"][0]["occurrences"].as_array().unwrap();
    assert_eq!(places.len(), 4, "{v:#}");
    assert!(places
        .iter()
        .all(|p| p["properties"]["path"] != "/things/0"));
}

#[test]
fn issue_13_github_annotations_stay_within_ten_per_level() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", &separate(40, false));
    write(dir.path(), "rev.yaml", &separate(40, true));
    let out = diff(dir.path(), &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let errors = text.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(errors, 10, "{text}");
    assert!(
        text.contains("30 errors not annotated: GitHub shows 10 annotations per level"),
        "{text}"
    );
    // The rest are in the log.
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("error[OAS015]"))
            .count(),
        30,
        "{text}"
    );
}

#[test]
fn issue_13_markdown_fits_a_github_comment_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", &separate(1500, false));
    write(dir.path(), "rev.yaml", &separate(1500, true));
    let out = diff(dir.path(), &["--format", "markdown"]);
    let md = stdout(&out);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(
        md.contains("more findings left out"),
        "{}",
        &md[md.len() - 300..]
    );

    // lint-migrations goes through the same renderers.
    let mut sql = String::new();
    for i in 0..600 {
        let _ = writeln!(sql, "ALTER TABLE t{i} ADD COLUMN c integer NOT NULL;");
    }
    write(dir.path(), "migrations/V1__many.sql", &sql);
    let lint = |format: &str| {
        run(shipgate().current_dir(dir.path()).args([
            "lint-migrations",
            "migrations",
            "--format",
            format,
        ]))
    };
    let md = stdout(&lint("markdown"));
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(
        md.contains("more findings left out"),
        "{}",
        &md[md.len().saturating_sub(300)..]
    );
    let gh = stdout(&lint("github"));
    assert!(
        gh.lines().filter(|l| l.starts_with("::error ")).count() <= 10,
        "{gh}"
    );
    assert!(gh.contains("not annotated"), "{gh}");
}
