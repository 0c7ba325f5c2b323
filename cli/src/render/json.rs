//! JSON output: a stable, versioned document (schema in `docs/output.md`).

use super::Report;
use serde::Serialize;
use shipgate_diagnostics::{Diagnostic, Summary};
use std::io::{self, Write};

/// Bumped on any incompatible change to the JSON document.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    command: &'a str,
    fail_on: shipgate_diagnostics::Level,
    checked: usize,
    summary: Summary,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: JSON_SCHEMA_VERSION,
        tool: Tool {
            name: "shipgate",
            version: env!("CARGO_PKG_VERSION"),
        },
        command: report.command,
        fail_on: report.fail_on,
        checked: report.checked,
        summary: report.summary(),
        diagnostics: report.diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Json, false);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["summary"]["errors"], 1);
        insta::assert_snapshot!(out.replace(env!("CARGO_PKG_VERSION"), "[VERSION]"));
    }
}
