//! JSON output: a stable, versioned document (schema in `docs/output.md`).

use super::Report;
use serde::Serialize;
use shipgate_diagnostics::{Diagnostic, Summary};
use std::io::{self, Write};

/// Bumped on any incompatible change to the JSON document (see the changelog in
/// `docs/output.md`). Version 2 added grouped findings (`occurrences`).
pub const JSON_SCHEMA_VERSION: u32 = 2;

/// The oldest version `--output-version` still writes (removed one release after
/// the next version, per `docs/output.md`).
pub const OLDEST_JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    command: &'a str,
    fail_on: shipgate_diagnostics::Level,
    checked: usize,
    summary: Summary,
    /// Per-file summaries (lint-migrations); omitted for commands without them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    files: &'a [super::FileSummary],
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub fn render(report: &Report<'_>, version: u32, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version,
        tool: Tool {
            name: "shipgate",
            version: env!("CARGO_PKG_VERSION"),
        },
        command: report.command,
        fail_on: report.fail_on,
        checked: report.checked,
        summary: report.summary(),
        files: report.files,
        diagnostics: &[],
    };
    // Everything but the findings, ending in `"diagnostics": []\n}`.
    let head = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
    let diagnostics = report.diagnostics;
    if diagnostics.is_empty() {
        out.write_all(&head)?;
        return out.write_all(b"\n");
    }
    let head = head
        .strip_suffix(b"[]\n}")
        .ok_or_else(|| io::Error::other("diagnostics must be the last field"))?;
    out.write_all(head)?;
    out.write_all(b"[")?;
    // Every element starts with `,`; the array's first must not.
    let mut first = true;
    super::batched(diagnostics, out, element_run, |part| {
        let part = if first { &part[1..] } else { part };
        first = false;
        part
    })?;
    out.write_all(b"\n  ]\n}\n")
}

/// `diagnostics` as array elements of the document (`,\n    {…}` each),
/// pretty printed at depth two.
fn element_run(diagnostics: &[Diagnostic], out: &mut Vec<u8>) -> io::Result<()> {
    for d in diagnostics {
        out.extend_from_slice(b",\n    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested::at_depth(2));
        d.serialize(&mut ser).map_err(io::Error::other)?;
    }
    Ok(())
}

/// serde_json's `PrettyFormatter` (two-space indent), starting at a given
/// depth, so a value can be rendered on its own exactly as it would appear
/// nested inside the whole document.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn at_depth(depth: usize) -> Self {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = b"                                                                ";
        w.write_all(b"\n")?;
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(c)
    }

    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Json, false);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["version"], 2);
        assert_eq!(value["summary"]["errors"], 1);
        insta::assert_snapshot!(out.replace(env!("CARGO_PKG_VERSION"), "[VERSION]"));
    }

    /// Grouped findings keep every occurrence; `--output-version 1` writes them
    /// as the findings they stand for, and says version 1.
    #[test]
    fn groups_keep_their_occurrences_and_version_1_ungroups_them() {
        let out = sample::render_grouped(Format::Json);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 2);
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
        let group = &v["diagnostics"][0];
        assert_eq!(group["message"], "`User.email` was removed");
        assert_eq!(group["occurrences"].as_array().unwrap().len(), 12);
        assert_eq!(group["occurrences"][11]["properties"]["path"], "/users/11");
        assert_eq!(group["properties"]["method"], "GET");
        let diags = sample::grouped();
        let report = sample::report(&diags);
        let mut v1 = Vec::new();
        crate::render::render_as(Format::Json, &report, false, false, 1, &mut v1).unwrap();
        let v1: serde_json::Value = serde_json::from_slice(&v1).unwrap();
        assert_eq!(v1["version"], 1);
        let list = v1["diagnostics"].as_array().unwrap();
        assert_eq!(list.len(), 12);
        assert!(list.iter().all(|d| d.get("occurrences").is_none()));
        assert_eq!(
            list[3]["message"],
            "`GET /users/3`: response property `email` (200, application/json) was removed"
        );
        assert_eq!(list[3]["properties"]["path"], "/users/3");
        assert_eq!(list[3]["properties"]["method"], "GET");
        assert_eq!(v1["summary"]["errors"], 12);
    }

    /// The batched, multi-threaded rendering writes exactly what serde_json's
    /// pretty printer writes for the whole document, across batch boundaries
    /// and for nested arrays, objects, empty collections and escapes.
    #[test]
    fn batched_rendering_matches_serde_pretty_on_the_whole_document() {
        let base = crate::render::sample::diagnostics();
        for n in [0, 1, 3, 511, 512, 513, 2049] {
            let diags: Vec<_> = base.iter().cycle().take(n).cloned().collect();
            let report = crate::render::sample::report(&diags);
            let mut ours = Vec::new();
            super::render(&report, super::JSON_SCHEMA_VERSION, &mut ours).unwrap();
            let doc = super::Document {
                version: super::JSON_SCHEMA_VERSION,
                tool: super::Tool {
                    name: "shipgate",
                    version: env!("CARGO_PKG_VERSION"),
                },
                command: report.command,
                fail_on: report.fail_on,
                checked: report.checked,
                summary: report.summary(),
                files: report.files,
                diagnostics: &diags,
            };
            let mut want = serde_json::to_vec_pretty(&doc).unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(want).unwrap(),
                "{n} diagnostics"
            );
        }
    }
}
