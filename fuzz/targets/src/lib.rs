//! The bodies of shipgate's fuzz targets: each takes arbitrary bytes, feeds
//! them to one parser or checker the way the CLI or the broker would, and
//! panics only when the code under test does (or when an invariant stated
//! here is broken). The cargo-fuzz binaries in `../fuzz_targets/` and the
//! stable harness (`src/bin/fuzz-stable.rs`) both call these, so the two run
//! the same code.
//!
//! Inputs that are not UTF-8 are handed over lossily converted, as the CLI's
//! readers would refuse them before parsing anyway.

use chrono::NaiveDate;
use shipgate_migrations_lint as lint;
use shipgate_rules::openapi::{self, Document, Spec};
use shipgate_rules::pact::{
    match_message, match_request, match_response, parse_pact, HttpRequest, HttpResponse,
    InteractionKind, Message, Pact, SpecVersion,
};
use std::borrow::Cow;

/// The broker's nested query parser, compiled from the broker's own source
/// file: it depends on `form_urlencoded` and `std` only, and building the
/// whole broker (sqlx, axum, tokio) with coverage instrumentation would cost
/// CI minutes for no extra code under test.
#[path = "../../../broker/src/nested_query.rs"]
#[allow(dead_code)]
mod nested_query_impl;

/// Every target, by name, for the stable harness and `.ci/fuzz`.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("sql_lint", sql_lint),
    ("openapi_load", openapi_load),
    ("openapi_diff", openapi_diff),
    ("pact_load", pact_load),
    ("pact_match", pact_match),
    ("nested_query", nested_query),
];

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The SQL lexer, splitter and the whole migration linter (every rule,
/// sqlparser validation, suppressions). The input is cut at NUL bytes into
/// up to four migration files linted in order, so that rules that look at
/// the history (a table created in one file, altered in the next) run too.
pub fn sql_lint(data: &[u8]) {
    let text = text(data);
    let _ = lint::lex::lex(&text);
    let _ = lint::split::split(&text, 0);
    let files: Vec<lint::SourceFile> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(i, part)| lint::SourceFile {
            path: format!("V{}__fuzz.sql", i + 1),
            text: part.to_string(),
            report: true,
            change_set: i,
            edited_at_line: None,
        })
        .collect();
    let _ = lint::lint(&files, &lint::Options::default());
    let in_tx = lint::Options {
        assume_in_transaction: true,
        dialect: lint::Dialect::MySql,
        ..lint::Options::default()
    };
    let _ = lint::lint(&files[..1], &in_tx);
}

/// The OpenAPI loader (JSON when the text starts with `{` or `[`, YAML
/// otherwise; Swagger 2.0 conversion; `$ref` checking), then a diff of the
/// document against itself, which must find no breaking change.
pub fn openapi_load(data: &[u8]) {
    let text = text(data);
    let Ok(spec) = openapi::load_str("fuzz.yaml", &text) else {
        return;
    };
    let _ = spec.bundle();
    let same = diff(&spec, &spec);
    let breaking: Vec<_> = same
        .iter()
        .filter(|d| d.level == shipgate_rules::diagnostics::Level::Error)
        .collect();
    assert!(
        breaking.is_empty(),
        "a document diffed against itself has breaking changes: {breaking:?}"
    );
}

/// The diff of two fuzzed documents: the input is cut at its first NUL byte
/// into the base and the revision (either may be JSON or YAML).
pub fn openapi_diff(data: &[u8]) {
    let text = text(data);
    let (base, rev) = text.split_once('\0').unwrap_or((&text, ""));
    let load = |name: &str, text: &str| -> Option<Spec> {
        let doc = Document::parse(name, name, text.to_owned()).ok()?;
        let spec = Spec::new(doc);
        // Unresolvable refs are reported by the CLI and never reach the diff.
        spec.check_refs().ok()?;
        Some(spec)
    };
    let (Some(base), Some(rev)) = (load("base.yaml", base), load("rev.yaml", rev)) else {
        return;
    };
    let _ = diff(&base, &rev);
    let _ = diff(&rev, &base);
}

fn diff(base: &Spec, rev: &Spec) -> Vec<shipgate_rules::diagnostics::Diagnostic> {
    let mut opts = openapi::DiffOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"));
    opts.deprecation_days = [0, 0, 30, 180];
    openapi::diff(base, rev, &opts)
}

/// The pact loader (v1 to v4), then the matcher on the interactions it
/// loaded, each against each (up to four): a pact file's own examples are
/// fuzzed expectations and fuzzed actual traffic at once. A pact that loads
/// must also survive a write and a re-read (the broker serves what it stored).
pub fn pact_load(data: &[u8]) {
    let text = text(data);
    let Ok(pact) = parse_pact(&text) else {
        return;
    };
    let written = pact.to_value();
    let again = Pact::from_value(&written)
        .unwrap_or_else(|e| panic!("a loaded pact does not re-load once written: {e:?}"));
    assert_eq!(
        again.to_value(),
        written,
        "writing a re-loaded pact changes it"
    );
    let interactions: Vec<_> = pact.interactions.iter().take(4).collect();
    for e in &interactions {
        for a in &interactions {
            match (&e.kind, &a.kind) {
                (
                    InteractionKind::Http {
                        request: eq,
                        response: er,
                    },
                    InteractionKind::Http {
                        request: aq,
                        response: ar,
                    },
                ) => {
                    let _ = match_request(eq, aq, pact.spec);
                    let _ = match_response(er, ar);
                }
                (InteractionKind::AsyncMessage(em), InteractionKind::AsyncMessage(am)) => {
                    let _ = match_message(em, am);
                }
                (
                    InteractionKind::SyncMessage { request: eq, .. },
                    InteractionKind::SyncMessage { request: aq, .. },
                ) => {
                    let _ = match_message(eq, aq);
                }
                _ => {}
            }
        }
    }
}

/// The matcher on a Pact specification test case, `{expected, actual}`:
/// both sides are read as a request, a response and a message, for each
/// specification version, and matched.
pub fn pact_match(data: &[u8]) {
    let Ok(case) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let (expected, actual) = (&case["expected"], &case["actual"]);
    for spec in [
        SpecVersion::V1,
        SpecVersion::V1_1,
        SpecVersion::V2,
        SpecVersion::V3,
        SpecVersion::V4,
    ] {
        if let (Ok(e), Ok(a)) = (
            HttpRequest::from_json(expected, spec, "$.expected"),
            HttpRequest::from_json(actual, spec, "$.actual"),
        ) {
            let _ = match_request(&e, &a, spec);
        }
        if let (Ok(e), Ok(a)) = (
            HttpResponse::from_json(expected, spec, "$.expected"),
            HttpResponse::from_json(actual, spec, "$.actual"),
        ) {
            let _ = match_response(&e, &a);
        }
        if let (Ok(e), Ok(a)) = (
            Message::from_json(expected, spec, "$.expected"),
            Message::from_json(actual, spec, "$.actual"),
        ) {
            let _ = match_message(&e, &a);
        }
    }
}

/// The broker's Rack-style nested query parser (`q[][pacticipant]=A&…`), as
/// the matrix and can-i-deploy routes call it on the raw query string.
pub fn nested_query(data: &[u8]) {
    let text = text(data);
    let q = nested_query_impl::NestedQuery::parse(&text);
    for name in q.lists.keys() {
        for entry in q.list(name) {
            assert!(!entry.is_empty(), "an empty entry in list {name}");
        }
    }
    let _ = q.get("latestby");
}
