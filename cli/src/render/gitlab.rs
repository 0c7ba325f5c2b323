//! GitLab Code Quality: the JSON array GitLab reads from a job's
//! `artifacts:reports:codequality` file and shows in the merge request.
//!
//! Each finding becomes `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`, the fields GitLab documents (its other
//! Code Climate fields are ignored by GitLab, so none are written). The
//! fingerprint is what GitLab compares between the base and the merge request
//! pipeline to tell new findings from fixed ones, so it must not change when a
//! finding only moves: it hashes the rule, the file, the JSON pointer, the
//! source line's text and the message, never the line number. Identical
//! findings in one file get an ordinal so that every fingerprint is unique.

use super::Report;
use serde::Serialize;
use sha2::{Digest, Sha256};
use shipgate_diagnostics::{Diagnostic, Level};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut seen: HashMap<[u8; 32], u32> = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|d| {
            let base = fingerprint_input(d);
            let key: [u8; 32] = Sha256::digest(base.as_bytes()).into();
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            let digest = if *n == 1 {
                key
            } else {
                Sha256::digest(format!("{base}\0#{n}").as_bytes()).into()
            };
            Issue {
                description: description(d),
                check_name: &d.code,
                fingerprint: hex(&digest[..16]),
                severity: severity(d.level),
                location: IssueLocation {
                    path: path(&d.location.file),
                    lines: Lines {
                        begin: d.location.span.map_or(1, |s| s.start.line.max(1)),
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// GitLab's scale is info, minor, major, critical, blocker. An error blocks
/// the gate, so it is `major`; shipgate has no finer grades to fill the rest.
fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Info => "info",
    }
}

/// `name: message`, then the help, on one line each.
fn description(d: &Diagnostic) -> String {
    // A grouped finding lists the places it reaches (the fingerprint keeps only
    // the cause, so a new place does not make it a new finding).
    let mut s = format!("{}: {}", d.name, super::message_with_places(d, 25));
    if let Some(help) = &d.help {
        s.push_str("\nhelp: ");
        s.push_str(help);
    }
    s
}

/// A path relative to the repository, without the `./` GitLab does not want.
fn path(file: &str) -> &str {
    let mut p = file;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

/// What identifies a finding regardless of where its line moved to.
fn fingerprint_input(d: &Diagnostic) -> String {
    let loc = &d.location;
    let snippet = loc.snippet.as_ref().map_or("", |s| s.text.trim());
    format!(
        "{}\0{}\0{}\0{}\0{}",
        d.code,
        path(&loc.file),
        loc.pointer.as_deref().unwrap_or(""),
        snippet,
        d.message
    )
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;
    use serde_json::Value;

    /// A JSON Schema written from GitLab's documented Code Quality fields
    /// (source and date in `cli/tests/fixtures/README.md`).
    const SCHEMA: &str = include_str!("../../tests/fixtures/gitlab-code-quality.schema.json");

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    }

    #[test]
    fn validates_against_the_code_quality_schema() {
        let out: Value = serde_json::from_str(&sample::render(Format::Gitlab, false)).unwrap();
        let errors: Vec<String> = validator()
            .iter_errors(&out)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "invalid:\n{}", errors.join("\n"));
        assert_eq!(out.as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn the_schema_rejects_what_gitlab_would_not_read() {
        let v = validator();
        for bad in [
            r#"{"description":"x"}"#,
            r#"[{"description":"x","check_name":"A","fingerprint":"f","severity":"fatal","location":{"path":"a","lines":{"begin":1}}}]"#,
            r#"[{"description":"x","check_name":"A","fingerprint":"f","severity":"major","location":{"path":"./a","lines":{"begin":1}}}]"#,
            r#"[{"description":"x","check_name":"A","fingerprint":"f","severity":"major","location":{"path":"a"}}]"#,
        ] {
            assert!(!v.is_valid(&serde_json::from_str(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_stay_unique() {
        let mut diags = sample::diagnostics();
        let first = |diags: &[shipgate_diagnostics::Diagnostic]| {
            let mut out = Vec::new();
            super::render(&sample::report(diags), &mut out).unwrap();
            serde_json::from_slice::<Value>(&out).unwrap()
        };
        let before = first(&diags);
        // The same finding, moved ten lines down by an unrelated edit.
        if let Some(span) = diags[0].location.span.as_mut() {
            span.start.line += 10;
            span.end.line += 10;
        }
        let after = first(&diags);
        assert_eq!(before[0]["fingerprint"], after[0]["fingerprint"]);
        assert_eq!(after[0]["location"]["lines"]["begin"], 13);
        // A duplicate finding gets a fingerprint of its own.
        diags.push(diags[0].clone());
        let dup = first(&diags);
        assert_ne!(dup[0]["fingerprint"], dup[3]["fingerprint"]);
        assert_eq!(dup[0]["fingerprint"], before[0]["fingerprint"]);
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(sample::render(Format::Gitlab, false));
    }
}
