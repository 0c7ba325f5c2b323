//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding.

use super::Report;
use shipgate_diagnostics::Level;
use std::io::{self, Write};

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics {
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
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(out, "{}", escape_data(&message))?;
    }
    Ok(())
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

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Github, false);
        assert!(
            out.starts_with("::error file=migrations/V2__email.sql,line=3,col=19"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }
}
