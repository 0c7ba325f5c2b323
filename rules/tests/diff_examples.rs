//! Data-driven test over every rule's example pair in `tests/fixtures/diff/<CODE>/`:
//! the pair produces its rule (and no other warning or error), and each side
//! diffed against itself produces nothing.

use chrono::NaiveDate;
use shipgate_diagnostics::{Diagnostic, Level};
use shipgate_rules::openapi::{diff, load_str, registry, DiffOptions};
use std::path::Path;

fn options(dir: &Path) -> DiffOptions {
    let mut opts = DiffOptions::new(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    if let Ok(text) = std::fs::read_to_string(dir.join("options.json")) {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if let Some(days) = v.get("deprecation_days").and_then(|d| d.as_array()) {
            for (i, d) in days.iter().enumerate() {
                opts.deprecation_days[i] = u32::try_from(d.as_u64().unwrap()).unwrap();
            }
        }
    }
    opts
}

fn run(dir: &Path, a: &str, b: &str) -> Vec<Diagnostic> {
    let read = |f: &str| {
        let p = dir.join(f);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        load_str(f, &text).unwrap_or_else(|e| panic!("{e}"))
    };
    diff(&read(a), &read(b), &options(dir))
}

fn summary(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| format!("  {} {} {}\n", d.code, d.level, d.message))
        .collect()
}

#[test]
fn every_rule_has_an_example_pair_that_produces_exactly_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut failures = Vec::new();
    for rule in registry() {
        let dir = root.join(rule.code);
        if !dir.join("base.yaml").is_file() || !dir.join("revision.yaml").is_file() {
            failures.push(format!(
                "{}: no example pair in {}",
                rule.code,
                dir.display()
            ));
            continue;
        }
        let found = run(&dir, "base.yaml", "revision.yaml");
        if !found.iter().any(|d| d.code == rule.code) {
            failures.push(format!(
                "{}: the pair does not produce it; found:\n{}",
                rule.code,
                summary(&found)
            ));
        }
        let others: Vec<Diagnostic> = found
            .iter()
            .filter(|d| d.code != rule.code && d.level > Level::Info)
            .cloned()
            .collect();
        if !others.is_empty() {
            failures.push(format!(
                "{}: the pair also produces:\n{}",
                rule.code,
                summary(&others)
            ));
        }
        for side in ["base.yaml", "revision.yaml"] {
            let same = run(&dir, side, side);
            if !same.is_empty() {
                failures.push(format!(
                    "{}: {side} against itself produces:\n{}",
                    rule.code,
                    summary(&same)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn findings_point_into_the_revision_and_the_base() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/OAS029");
    let found = run(&dir, "base.yaml", "revision.yaml");
    let d = found.iter().find(|d| d.code == "OAS029").unwrap();
    assert_eq!(
        d.message,
        "`GET /users/{id}`: response property `email` (200, application/json) was removed"
    );
    assert_eq!(d.location.file, "revision.yaml");
    let span = d.location.span.expect("revision location has a line");
    assert_eq!(span.start.line, 23, "{:?}", d.location);
    let base = &d.related[0].location;
    assert_eq!(base.file, "base.yaml");
    assert_eq!(
        base.pointer.as_deref(),
        Some("/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/email")
    );
    assert_eq!(base.span.unwrap().start.line, 28);
    assert!(d.help.as_deref().unwrap().contains("deprecate"));
    assert_eq!(d.properties.get("method"), Some("GET"));
    assert_eq!(d.properties.get("path"), Some("/users/{id}"));
    // Where the change sits, for the broker's "does a consumer rely on it" test.
    assert_eq!(d.properties.get("part"), Some("response-body"));
    assert_eq!(d.properties.get("status"), Some("200"));
    assert_eq!(d.properties.get("property"), Some("email"));
}

#[test]
fn rule_table_is_sound() {
    let rules = registry();
    let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), rules.len(), "a code is used twice");
    for r in &rules {
        assert!(
            r.missing_doc_sections().is_empty(),
            "{} lacks {:?}",
            r.code,
            r.missing_doc_sections()
        );
        // Breaking rules are OAS0xx, changelog rules OAS1xx at info level.
        assert_eq!(
            r.code.starts_with("OAS1"),
            r.default_level == Level::Info,
            "{}",
            r.code
        );
    }
}
