//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding.
//!
//! GitHub shows at most 10 annotations of each level per step and drops the
//! rest silently, so at most 10 errors, 10 warnings and 10 notices are
//! annotated: the most important ones (by level, then by how many places a
//! grouped finding reaches). When some are left out, one notice says how many,
//! and they are printed below it as plain log lines, so nothing is lost.

use super::{by_importance, Report};
use shipgate_diagnostics::{Diagnostic, Level};
use std::io::{self, Write};

/// Annotations GitHub shows per level and step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// Places of a grouped finding listed in its annotation.
const PLACES_PER_ANNOTATION: usize = 10;

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let ds = report.diagnostics;
    let count = |level: Level| ds.iter().filter(|d| d.level == level).count();
    let overflow = [Level::Error, Level::Warning, Level::Info]
        .iter()
        .any(|&l| count(l) > ANNOTATIONS_PER_LEVEL);
    // With an overflow, one notice slot is kept for the summary.
    let quota = |level: Level| {
        if overflow && level == Level::Info {
            ANNOTATIONS_PER_LEVEL - 1
        } else {
            ANNOTATIONS_PER_LEVEL
        }
    };
    let mut annotated = vec![false; ds.len()];
    let mut used = [0usize; 3];
    for i in by_importance(ds) {
        let slot = ds[i].level as usize;
        if used[slot] < quota(ds[i].level) {
            used[slot] += 1;
            annotated[i] = true;
        }
    }
    for (d, _) in ds.iter().zip(&annotated).filter(|(_, a)| **a) {
        annotation(d, out)?;
    }
    let left: Vec<&Diagnostic> = ds
        .iter()
        .zip(&annotated)
        .filter(|(_, a)| !**a)
        .map(|(d, _)| d)
        .collect();
    if left.is_empty() {
        return Ok(());
    }
    let by = |level: Level| left.iter().filter(|d| d.level == level).count();
    let parts: Vec<String> = [
        (Level::Error, "error"),
        (Level::Warning, "warning"),
        (Level::Info, "notice"),
    ]
    .iter()
    .filter(|(l, _)| by(*l) > 0)
    .map(|(l, noun)| super::plural(by(*l), noun))
    .collect();
    writeln!(
        out,
        "::notice title={}::{}",
        escape_property(&format!("shipgate {}: more findings", report.command)),
        escape_data(&format!(
            "{} not annotated: GitHub shows {ANNOTATIONS_PER_LEVEL} annotations per level and step. They are listed in the job log below this line.",
            parts.join(", ")
        ))
    )?;
    for d in left {
        writeln!(
            out,
            "{}[{}] {}: {}",
            d.level,
            d.code,
            super::location_label(d),
            super::message_with_places(d, usize::MAX).replace('\n', "\n    ")
        )?;
    }
    Ok(())
}

fn annotation(d: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
    let command = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    write!(
        out,
        "::{command} file={}",
        escape_property(&d.location.file)
    )?;
    if let Some(span) = d.location.span {
        write!(out, ",line={},col={}", span.start.line, span.start.column)?;
        if span.end.line >= span.start.line {
            write!(out, ",endLine={}", span.end.line)?;
            if span.end.line == span.start.line && span.end.column > span.start.column {
                write!(out, ",endColumn={}", span.end.column)?;
            }
        }
    }
    write!(
        out,
        ",title={}::",
        escape_property(&format!("{} {}", d.code, d.name))
    )?;
    let mut message = super::message_with_places(d, PLACES_PER_ANNOTATION);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(out, "{}", escape_data(&message))
}

/// Escape a message per the workflow-command rules.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;
    use shipgate_diagnostics::Level;

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Github, false);
        assert!(
            out.starts_with("::error file=migrations/V2__email.sql,line=3,col=19"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn snapshot_grouped() {
        let out = sample::render_grouped(Format::Github);
        assert!(
            out.contains("(reaches 12 places)%0A- `GET /users/0`"),
            "{out}"
        );
        assert!(out.contains("… and 2 more"), "{out}");
        insta::assert_snapshot!(out);
    }

    /// See: issue 13, "OpenAPI diff" item 6 (GitHub shows 10 annotations per level and step).
    #[test]
    fn issue_13_at_most_ten_annotations_per_level_the_most_important_first() {
        let base = sample::diagnostics();
        let mut diags = Vec::new();
        for i in 0..25 {
            for (j, level) in [Level::Error, Level::Warning, Level::Info]
                .iter()
                .enumerate()
            {
                let mut d = base[j].clone().with_level(*level);
                d.message = format!("{level} {i}");
                diags.push(d);
            }
        }
        // One grouped warning, last in order but reaching the most places.
        let mut group = sample::grouped().remove(0);
        group.level = Level::Warning;
        diags.push(group);
        let report = sample::report(&diags);
        let mut out = Vec::new();
        super::render(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let count = |prefix: &str| out.lines().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(count("::error "), 10, "{out}");
        assert_eq!(count("::warning "), 10, "{out}");
        assert_eq!(count("::notice "), 10, "{out}"); // 9 findings + the summary
        assert!(
            out.contains("::warning file=api/openapi.yaml"),
            "the group is annotated: {out}"
        );
        assert!(
            out.contains("15 errors, 16 warnings, 16 notices not annotated"),
            "{out}"
        );
        // Everything left out is still in the log, once.
        assert_eq!(count("error[MIG001]"), 15, "{out}");
        assert!(
            out.contains("warning[OAS001]") && out.contains("info[MIG001]"),
            "{out}"
        );
    }
}
