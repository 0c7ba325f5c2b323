//! JUnit XML: one test suite per file, one test case per finding; findings at
//! or above `--fail-on` are failures. A clean run is one passing test case.

use super::Report;
use shipgate_diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in report.diagnostics {
        by_file.entry(d.location.file.as_str()).or_default().push(d);
    }
    let failures = report
        .diagnostics
        .iter()
        .filter(|d| d.level >= report.fail_on)
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    let tests = report.diagnostics.len().max(1);
    writeln!(
        out,
        r#"<testsuites name="shipgate {}" tests="{tests}" failures="{failures}" errors="0">"#,
        xml(report.command)
    )?;
    if by_file.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="1" failures="0" errors="0">"#,
            xml(report.command)
        )?;
        writeln!(
            out,
            r#"    <testcase name="no findings" classname="shipgate.{}"/>"#,
            xml(report.command)
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    for (file, diags) in &by_file {
        let file_failures = diags.iter().filter(|d| d.level >= report.fail_on).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{file_failures}" errors="0">"#,
            xml(file),
            diags.len()
        )?;
        for d in diags {
            let at = d
                .location
                .span
                .map(|s| format!(" at {}:{}", s.start.line, s.start.column))
                .unwrap_or_default();
            write!(
                out,
                r#"    <testcase name="{}{}" classname="{}" file="{}""#,
                xml(&d.code),
                xml(&at),
                xml(file),
                xml(file)
            )?;
            if let Some(span) = d.location.span {
                write!(out, r#" line="{}""#, span.start.line)?;
            }
            out.write_all(b">\n")?;
            let mut body = format!("{}: {}", d.name, super::message_with_places(d, 50));
            if let Some(help) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            if d.level >= report.fail_on {
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}</failure>"#,
                    xml(&d.code),
                    xml(&d.message),
                    xml(&body)
                )?;
            } else {
                writeln!(
                    out,
                    "      <system-out>{}: {}</system-out>",
                    d.level,
                    xml(&body)
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Junit, false);
        assert!(out.contains(r#"failures="1""#), "{out}");
        insta::assert_snapshot!(out);
    }
}
