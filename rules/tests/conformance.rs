//! The Pact specification test cases, data-driven: every
//! `<version>/<request|response|message>/**/*.json` case `{match, comment,
//! expected, actual}` under `SHIPGATE_PACT_SPEC_DIR` (default: the vendored copy
//! in `tests/fixtures/pact-spec`) must get the right verdict. Prints
//! `N passed, M failed` per version.
//!
//! Skipped cases: none. Every case found is run; the test fails if a version
//! directory has no cases at all, so an empty or wrong directory cannot pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use shipgate_rules::pact::{
    match_message, match_request, match_response, HttpRequest, HttpResponse, Message, SpecVersion,
};

fn spec_dir() -> PathBuf {
    match std::env::var_os("SHIPGATE_PACT_SPEC_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pact-spec"),
    }
}

/// Run one case; `Ok(verdict)` or `Err(load error)`.
fn run_case(version: SpecVersion, kind: &str, case: &Value) -> Result<(bool, String), String> {
    let expected = &case["expected"];
    let actual = &case["actual"];
    let mismatches = match kind {
        "request" => {
            let e = HttpRequest::from_json(expected, version, "$.expected")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            let a = HttpRequest::from_json(actual, version, "$.actual")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            match_request(&e, &a, version)
        }
        "response" => {
            let e = HttpResponse::from_json(expected, version, "$.expected")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            let a = HttpResponse::from_json(actual, version, "$.actual")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            match_response(&e, &a)
        }
        "message" => {
            let e = Message::from_json(expected, version, "$.expected")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            let a = Message::from_json(actual, version, "$.actual")
                .map_err(|e| format!("{}: {}", e.path, e.message))?;
            match_message(&e, &a)
        }
        other => return Err(format!("unknown case kind {other}")),
    };
    let detail = mismatches
        .iter()
        .map(|m| format!("{} {}: {}", m.code(), m.path, m.explanation))
        .collect::<Vec<_>>()
        .join("; ");
    Ok((mismatches.is_empty(), detail))
}

#[test]
fn pact_specification_conformance() {
    let root = spec_dir();
    assert!(
        root.is_dir(),
        "pact-spec directory not found: {}",
        root.display()
    );
    let mut failures = Vec::new();
    let mut summary: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for version in [
        SpecVersion::V1,
        SpecVersion::V1_1,
        SpecVersion::V2,
        SpecVersion::V3,
        SpecVersion::V4,
    ] {
        let vdir = root.join(version.dir_name());
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&vdir)
            .into_iter()
            .filter_map(Result::ok)
            .map(walkdir::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no cases under {}", vdir.display());
        let (mut passed, mut failed) = (0, 0);
        for file in files {
            let rel = file.strip_prefix(&vdir).unwrap_or(&file);
            let kind = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or("")
                .to_owned();
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let case: Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let want = case["match"]
                .as_bool()
                .unwrap_or_else(|| panic!("{}: no `match` boolean", file.display()));
            match run_case(version, &kind, &case) {
                Ok((got, _)) if got == want => passed += 1,
                Ok((got, detail)) => {
                    failed += 1;
                    failures.push(format!(
                        "{}/{}: expected match={want}, got match={got} ({}) [{detail}]",
                        version.dir_name(),
                        rel.display(),
                        case["comment"].as_str().unwrap_or("")
                    ));
                }
                Err(e) => {
                    failed += 1;
                    failures.push(format!(
                        "{}/{}: could not load: {e}",
                        version.dir_name(),
                        rel.display()
                    ));
                }
            }
        }
        println!("{}: {passed} passed, {failed} failed", version.dir_name());
        summary.insert(version.dir_name().to_owned(), (passed, failed));
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} conformance case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
