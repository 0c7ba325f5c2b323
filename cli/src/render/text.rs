//! Human-readable output: header, location arrow, source line with an
//! underline, help and notes, then a summary line. Coloured on request.

use super::{plural, Report};
use shipgate_diagnostics::{Diagnostic, Level};
use std::io::{self, Write};

/// Places of a grouped finding listed under it.
const PLACES_SHOWN: usize = 10;

struct Paint {
    on: bool,
}

impl Paint {
    fn start(&self, out: &mut dyn Write, code: &str) -> io::Result<()> {
        if self.on {
            write!(out, "\x1b[{code}m")?;
        }
        Ok(())
    }

    fn end(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.on {
            out.write_all(b"\x1b[0m")?;
        }
        Ok(())
    }

    fn level_style(level: Level) -> &'static str {
        match level {
            Level::Error => "1;31",
            Level::Warning => "1;33",
            Level::Info => "1;36",
        }
    }
}

pub fn render(
    report: &Report<'_>,
    color: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { on: color };
    let each = |ds: &[Diagnostic], buf: &mut Vec<u8>| {
        ds.iter().try_for_each(|d| diagnostic(d, &paint, buf))
    };
    super::batched(report.diagnostics, out, each, |part| part)?;
    if !quiet {
        files(report, &paint, out)?;
        summary(report, &paint, out)?;
    }
    Ok(())
}

fn diagnostic(d: &Diagnostic, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let style = Paint::level_style(d.level);
    paint.start(out, style)?;
    write!(out, "{}[{}]", d.level, d.code)?;
    paint.end(out)?;
    paint.start(out, "1")?;
    writeln!(out, " {}: {}", d.name, d.message.replace('\n', " "))?;
    paint.end(out)?;

    let line_no = d.location.snippet.as_ref().map_or(0, |s| s.line);
    let width = digits(line_no.max(d.location.span.map_or(0, |s| s.end.line)));
    let pad = " ".repeat(width);
    paint.start(out, "34")?;
    write!(out, "{pad}--> ")?;
    paint.end(out)?;
    writeln!(out, "{}", super::location_label(d))?;

    if let Some(snippet) = &d.location.snippet {
        paint.start(out, "34")?;
        writeln!(out, "{pad} |")?;
        paint.end(out)?;
        // A long line was cut to a window: `…` marks the cut.
        let cut = snippet.column > 1;
        for (i, text) in snippet.text.lines().enumerate() {
            let n = snippet.line as usize + i;
            paint.start(out, "34")?;
            write!(out, "{n:>width$} | ")?;
            paint.end(out)?;
            if i == 0 && cut {
                out.write_all("…".as_bytes())?;
            }
            writeln!(out, "{text}")?;
            if i == 0 {
                if let Some(mut span) = d.location.span {
                    // Columns relative to the window (the `…` takes one).
                    let shift = snippet.column.saturating_sub(1 + u32::from(cut));
                    span.start.column = span.start.column.saturating_sub(shift).max(1);
                    if span.end.line == span.start.line {
                        span.end.column = span.end.column.saturating_sub(shift).max(1);
                    }
                    let shown = if cut {
                        std::borrow::Cow::Owned(format!("…{text}"))
                    } else {
                        std::borrow::Cow::Borrowed(text)
                    };
                    underline(&shown, span, width, style, paint, out)?;
                }
            }
        }
    }
    if let (Some(ptr), Some(_)) = (&d.location.pointer, d.location.span) {
        writeln!(out, "{pad} = at {ptr}")?;
    }
    for related in &d.related {
        writeln!(
            out,
            "{pad} = {}: {}",
            related.label,
            related_label(&related.location)
        )?;
    }
    if let Some(reach) = super::reach(d) {
        writeln!(out, "{pad} = {reach}:")?;
        let (shown, left) = super::places(d, PLACES_SHOWN);
        for p in shown {
            writeln!(out, "{pad}     {p}")?;
        }
        if left > 0 {
            writeln!(
                out,
                "{pad}     … and {left} more (`--format json` lists every one)"
            )?;
        }
    }
    if let Some(help) = &d.help {
        paint.start(out, "1")?;
        write!(out, "{pad} = help")?;
        paint.end(out)?;
        writeln!(out, ": {help}")?;
    }
    if let Some(fix) = &d.fix {
        writeln!(out, "{pad} = fix: {}", fix.title)?;
    }
    for note in &d.notes {
        for (i, line) in note.lines().enumerate() {
            if i == 0 {
                writeln!(out, "{pad} = note: {line}")?;
            } else {
                writeln!(out, "{pad}         {line}")?;
            }
        }
    }
    for (k, v) in &d.properties {
        writeln!(out, "{pad} = {k}: {v}")?;
    }
    out.write_all(b"\n")
}

fn underline(
    text: &str,
    span: shipgate_diagnostics::Span,
    width: usize,
    style: &str,
    paint: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let chars = text.chars().count();
    let start = (span.start.column as usize).saturating_sub(1).min(chars);
    let end = if span.end.line == span.start.line {
        (span.end.column as usize).saturating_sub(1).min(chars)
    } else {
        chars
    };
    let len = end.saturating_sub(start).max(1);
    // Keep tabs so the caret lines up under tab-indented SQL.
    let lead: String = text
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    write!(out, "{:width$} | {lead}", "")?;
    paint.start(out, style)?;
    write!(out, "{}", "^".repeat(len))?;
    paint.end(out)?;
    out.write_all(b"\n")
}

fn related_label(loc: &shipgate_diagnostics::Location) -> String {
    match (loc.span, &loc.pointer) {
        (Some(s), Some(p)) => format!("{}:{}:{} ({p})", loc.file, s.start.line, s.start.column),
        (Some(s), None) => format!("{}:{}:{}", loc.file, s.start.line, s.start.column),
        (None, Some(p)) => format!("{}#{p}", loc.file),
        (None, None) => loc.file.clone(),
    }
}

/// One line per file, clean ones too: `V2__x.sql: contract, 3 statements, 1 error`.
fn files(report: &Report<'_>, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    for f in report.files {
        paint.start(out, "1")?;
        write!(out, "{}", f.path)?;
        paint.end(out)?;
        write!(out, ":")?;
        if let Some(phase) = f.phase {
            write!(out, " {phase},")?;
        }
        write!(out, " {}", plural(f.statements, "statement"))?;
        let s = f.summary;
        if s.total() == 0 {
            write!(out, ", no findings")?;
        } else {
            for (n, noun) in [
                (s.errors, "error"),
                (s.warnings, "warning"),
                (s.infos, "info"),
            ] {
                if n > 0 {
                    write!(out, ", {}", plural(n, noun))?;
                }
            }
        }
        if let Some(marker) = f.no_transaction_marker {
            write!(out, " (no transaction: `{marker}`)")?;
        }
        out.write_all(b"\n")?;
    }
    if !report.files.is_empty() {
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn summary(report: &Report<'_>, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let checked = plural(report.checked, report.checked_noun);
    if s.total() == 0 {
        paint.start(out, "1;32")?;
        write!(out, "No findings")?;
        paint.end(out)?;
        return writeln!(out, " in {checked}.");
    }
    let blocking = report
        .diagnostics
        .iter()
        .filter(|d| d.level >= report.fail_on)
        .count();
    writeln!(
        out,
        "Found {}, {}, {} in {checked}; {} at or above --fail-on {}.",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        blocking,
        report.fail_on,
    )
}

fn digits(n: u32) -> usize {
    n.max(1).ilog10() as usize + 1
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    #[test]
    fn snapshot_plain() {
        insta::assert_snapshot!(sample::render(Format::Text, false));
    }

    #[test]
    fn snapshot_grouped() {
        let out = sample::render_grouped(Format::Text);
        assert!(out.contains("= reaches 12 places:"), "{out}");
        assert!(out.contains("… and 2 more"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn snapshot_coloured() {
        let out = sample::render(Format::Text, true);
        assert!(out.contains("\x1b[1;31merror[MIG001]"), "{out}");
        insta::assert_snapshot!(out.replace('\x1b', "<ESC>"));
    }

    /// Rendering in parallel batches writes the findings in order, exactly as
    /// one sequential pass would, across batch boundaries.
    #[test]
    fn batched_rendering_matches_one_sequential_pass() {
        let base = sample::diagnostics();
        for color in [false, true] {
            let diags: Vec<_> = base.iter().cycle().take(2049).cloned().collect();
            let report = sample::report(&diags);
            let mut ours = Vec::new();
            super::render(&report, color, false, &mut ours).unwrap();
            let paint = super::Paint { on: color };
            let mut want = Vec::new();
            for d in &diags {
                super::diagnostic(d, &paint, &mut want).unwrap();
            }
            super::files(&report, &paint, &mut want).unwrap();
            super::summary(&report, &paint, &mut want).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
