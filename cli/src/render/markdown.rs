//! Markdown for a PR comment: a one-line verdict and a compact table.

use super::{plural, Report};
use shipgate_diagnostics::Level;
use std::io::{self, Write};

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let blocking = report.diagnostics.iter().any(|d| d.level >= report.fail_on);
    let verdict = if blocking {
        "❌ blocked"
    } else {
        "✅ passed"
    };
    writeln!(
        out,
        "### shipgate {}: {verdict}\n\n{}, {}, {} in {}.\n",
        report.command,
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(report.checked, report.checked_noun),
    )?;
    if report.diagnostics.is_empty() {
        return Ok(());
    }
    writeln!(out, "| Level | Rule | Location | Finding |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for d in report.diagnostics {
        let level = match d.level {
            Level::Error => "🔴 error",
            Level::Warning => "🟡 warning",
            Level::Info => "🔵 info",
        };
        let mut finding = cell(&d.message);
        if let Some(help) = &d.help {
            finding.push_str("<br>_help:_ ");
            finding.push_str(&cell(help));
        }
        writeln!(
            out,
            "| {level} | `{}` {} | `{}` | {finding} |",
            d.code,
            cell(&d.name),
            cell(&super::location_label(d)).replace('`', "'"),
        )?;
    }
    Ok(())
}

/// Escape text for a table cell: pipes, newlines, and HTML-ish characters.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Markdown, false);
        assert!(out.contains("❌ blocked"), "{out}");
        insta::assert_snapshot!(out);
    }
}
