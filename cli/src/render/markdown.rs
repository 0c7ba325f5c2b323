//! Markdown for a PR comment: a one-line verdict and a compact table.
//!
//! A GitHub comment holds at most 65,536 characters, so the comment is kept
//! under [`BUDGET`]: rows are written most important first (level, then how
//! many places a grouped finding reaches), the places of a group and each
//! finding's help are folded into `<details>`, and when rows no longer fit, a
//! last line says how many findings were left out.

use super::{by_importance, plural, Report};
use shipgate_diagnostics::{Diagnostic, Level};
use std::io::{self, Write};

/// GitHub's limit on a comment's length, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// What the comment may use: the limit less room for a header or footer that
/// a workflow adds around it.
pub const BUDGET: usize = GITHUB_COMMENT_LIMIT - 4_096;

/// Places of a grouped finding listed in its row.
const PLACES_PER_ROW: usize = 25;

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let blocking = report.diagnostics.iter().any(|d| d.level >= report.fail_on);
    let verdict = if blocking {
        "❌ blocked"
    } else {
        "✅ passed"
    };
    let head = format!(
        "### shipgate {}: {verdict}\n\n{}, {}, {} in {}.\n\n",
        report.command,
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(report.checked, report.checked_noun),
    );
    out.write_all(head.as_bytes())?;
    if report.diagnostics.is_empty() {
        return Ok(());
    }
    let table = "| Level | Rule | Location | Finding |\n| --- | --- | --- | --- |\n";
    out.write_all(table.as_bytes())?;
    // Room for the "left out" line, whatever its numbers.
    let mut used = head.chars().count() + table.chars().count() + 200;
    let mut written = 0;
    for i in by_importance(report.diagnostics) {
        let line = row(&report.diagnostics[i]);
        let len = line.chars().count();
        if used + len > BUDGET {
            break;
        }
        used += len;
        written += 1;
        out.write_all(line.as_bytes())?;
    }
    let left: Vec<&Diagnostic> = by_importance(report.diagnostics)
        .into_iter()
        .skip(written)
        .map(|i| &report.diagnostics[i])
        .collect();
    if !left.is_empty() {
        let by = |level: Level| left.iter().filter(|d| d.level == level).count();
        writeln!(
            out,
            "\n**{} left out** to fit a GitHub comment ({} errors, {} warnings, {} infos); `--format json` or the job log lists every finding.",
            plural(left.len(), "more finding"),
            by(Level::Error),
            by(Level::Warning),
            by(Level::Info),
        )?;
    }
    Ok(())
}

/// One table row, ending in a newline.
fn row(d: &Diagnostic) -> String {
    let level = match d.level {
        Level::Error => "🔴 error",
        Level::Warning => "🟡 warning",
        Level::Info => "🔵 info",
    };
    let mut finding = cell(&d.message);
    if let Some(reach) = super::reach(d) {
        let (shown, left) = super::places(d, PLACES_PER_ROW);
        finding.push_str(&format!("<details><summary>{reach}</summary>"));
        for p in shown {
            finding.push_str("<br>• ");
            finding.push_str(&cell(p));
        }
        if left > 0 {
            finding.push_str(&format!("<br>… and {left} more"));
        }
        finding.push_str("</details>");
    }
    if let Some(help) = &d.help {
        finding.push_str("<br>_help:_ ");
        finding.push_str(&cell(help));
    }
    format!(
        "| {level} | `{}` {} | `{}` | {finding} |\n",
        d.code,
        cell(&d.name),
        cell(&super::location_label(d)).replace('`', "'"),
    )
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
    use shipgate_diagnostics::Diagnostic;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Markdown, false);
        assert!(out.contains("❌ blocked"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn snapshot_grouped() {
        let out = sample::render_grouped(Format::Markdown);
        assert!(
            out.contains("<details><summary>reaches 12 places</summary>"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    /// See: issue 13, "OpenAPI diff" item 6 (a PR comment holds 65,536 characters).
    #[test]
    fn issue_13_a_huge_report_stays_under_the_comment_limit_and_says_what_was_left_out() {
        let base = sample::diagnostics();
        let mut diags: Vec<Diagnostic> = (0..5_000)
            .map(|i| {
                let mut d = base[i % 3].clone();
                d.message = format!("{} #{i}", d.message);
                d
            })
            .collect();
        diags.extend(sample::grouped());
        let report = sample::report(&diags);
        let mut out = Vec::new();
        super::render(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let chars = out.chars().count();
        assert!(chars < super::GITHUB_COMMENT_LIMIT, "{chars} characters");
        assert!(chars > super::BUDGET / 2, "the budget is used: {chars}");
        let rows = out.lines().filter(|l| l.starts_with("| ")).count() - 2; // header, separator
        let left = 5_001 - rows;
        assert!(
            out.contains(&format!("**{left} more findings left out**")),
            "{}",
            &out[out.len() - 400..]
        );
        // The most important come first: the 1,667 errors fill every row.
        let errors = out.lines().filter(|l| l.starts_with("| 🔴 error")).count();
        assert_eq!(errors, rows, "{}", &out[..2_000]);
    }
}
