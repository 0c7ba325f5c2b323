//! Reporting verification results: the human report (failures grouped by
//! interaction, a coloured diff of expected vs actual body, and the closing
//! `N interactions, M failed`), and the conversion to diagnostics for the
//! machine formats.

use std::io::{self, Write};

use shipgate_diagnostics::{Diagnostic, Level, Location};
use shipgate_rules::pact::codes::{self, VerificationError};
use similar::ChangeTag;

use super::{InteractionResult, LoadedPact, Outcome};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

struct Paint {
    on: bool,
}

impl Paint {
    fn p(&self, code: &'static str, s: &str) -> String {
        if self.on {
            format!("{code}{s}{RESET}")
        } else {
            s.to_owned()
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub failed: usize,
    pub pending_failed: usize,
}

pub fn tally(results: &[InteractionResult]) -> Tally {
    let mut t = Tally {
        total: results.len(),
        ..Tally::default()
    };
    for r in results.iter().filter(|r| !r.passed()) {
        if r.pending {
            t.pending_failed += 1;
        } else {
            t.failed += 1;
        }
    }
    t
}

fn given(r: &InteractionResult) -> String {
    if r.states.is_empty() {
        return String::new();
    }
    let states: Vec<String> = r
        .states
        .iter()
        .map(|s| {
            if s.params.is_empty() {
                format!("{:?}", s.name)
            } else {
                format!(
                    "{:?} {}",
                    s.name,
                    serde_json::Value::Object(s.params.clone())
                )
            }
        })
        .collect();
    format!(" given {}", states.join(" and "))
}

/// The summary line: `4 interactions, 1 failed` (+ pending).
pub fn summary_line(t: Tally) -> String {
    let mut s = format!(
        "{} interaction{}, {} failed",
        t.total,
        if t.total == 1 { "" } else { "s" },
        t.failed
    );
    if t.pending_failed > 0 {
        s.push_str(&format!(
            " ({} pending failure{} ignored)",
            t.pending_failed,
            if t.pending_failed == 1 { "" } else { "s" }
        ));
    }
    s
}

/// The per-interaction lines of the human report, written one at a time as
/// interactions finish: `Verifying consumer → provider (source)` before the
/// first line of each pact, then `✓ description given … (GET /x, 12 ms)`.
#[derive(Debug)]
pub struct Progress {
    paint_on: bool,
    last_pact: Option<usize>,
    seen: std::collections::HashSet<usize>,
}

impl Progress {
    pub fn new(color: bool) -> Self {
        Progress {
            paint_on: color,
            last_pact: None,
            seen: std::collections::HashSet::new(),
        }
    }

    fn header(&mut self, out: &mut dyn Write, pacts: &[LoadedPact], pi: usize) -> io::Result<()> {
        let paint = Paint { on: self.paint_on };
        let p = &pacts[pi];
        let pending = if p.pending { " [pending]" } else { "" };
        writeln!(
            out,
            "{} {} → {} {}{pending}",
            paint.p(BOLD, "Verifying"),
            p.pact.consumer,
            p.pact.provider,
            paint.p(DIM, &format!("({})", p.source))
        )?;
        // Notices once per pact, even if its lines interleave with another's.
        if self.seen.insert(pi) {
            for n in &p.notices {
                writeln!(out, "  {}", paint.p(DIM, n))?;
            }
        }
        self.last_pact = Some(pi);
        Ok(())
    }

    /// One finished interaction (and its pact's header when it changes).
    pub fn line(
        &mut self,
        out: &mut dyn Write,
        pacts: &[LoadedPact],
        r: &InteractionResult,
    ) -> io::Result<()> {
        if self.last_pact != Some(r.pact_index) {
            self.header(out, pacts, r.pact_index)?;
        }
        let paint = Paint { on: self.paint_on };
        let mark = match (&r.outcome, r.pending) {
            (Outcome::Passed, _) => paint.p(GREEN, "✓"),
            (_, true) => paint.p(YELLOW, "!"),
            _ => paint.p(RED, "✗"),
        };
        writeln!(
            out,
            "  {mark} {}{} {}",
            r.description,
            given(r),
            paint.p(
                DIM,
                &format!("({}, {} ms)", r.request_line, r.elapsed.as_millis())
            )
        )?;
        for n in &r.notes {
            writeln!(out, "    {}", paint.p(YELLOW, &format!("note: {n}")))?;
        }
        out.flush()
    }

    /// Headers of the pacts that had no interaction to print.
    pub fn finish(&mut self, out: &mut dyn Write, pacts: &[LoadedPact]) -> io::Result<()> {
        for (pi, p) in pacts.iter().enumerate() {
            if p.pact.interactions.is_empty() && !self.seen.contains(&pi) {
                self.header(out, pacts, pi)?;
            }
        }
        Ok(())
    }
}

/// Write the human report: the per-interaction lines (unless `quiet`, or
/// already streamed with [`Progress`]), the failures in detail, and the summary.
pub fn write_text(
    out: &mut dyn Write,
    pacts: &[LoadedPact],
    results: &[InteractionResult],
    color: bool,
    quiet: bool,
) -> io::Result<()> {
    let paint = Paint { on: color };
    if !quiet {
        let mut progress = Progress::new(color);
        for r in results {
            progress.line(out, pacts, r)?;
        }
        progress.finish(out, pacts)?;
    }
    let failures: Vec<&InteractionResult> = results.iter().filter(|r| !r.passed()).collect();
    if !failures.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.p(BOLD, "Failures:"))?;
    }
    for (n, r) in failures.iter().enumerate() {
        let p = &pacts[r.pact_index];
        writeln!(out)?;
        let pending = if r.pending {
            paint.p(YELLOW, " [pending: does not fail the build]")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}) {}{}{pending}",
            n + 1,
            paint.p(BOLD, &r.description),
            given(r)
        )?;
        writeln!(
            out,
            "   {} → {} · {} · {}#/interactions/{}",
            p.pact.consumer, p.pact.provider, r.request_line, p.source, r.interaction_index
        )?;
        match &r.outcome {
            Outcome::Passed => {}
            Outcome::Error(e) => {
                writeln!(out, "   {} {e}", paint.p(RED, VerificationError::META.code))?;
            }
            Outcome::Failed {
                mismatches,
                expected_body,
                actual_body,
            } => {
                for m in mismatches {
                    let at = if m.path.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", m.path)
                    };
                    writeln!(out, "   {}{at}: {}", paint.p(RED, m.code()), m.explanation)?;
                }
                let body_failed = mismatches.iter().any(|m| {
                    matches!(
                        m.kind,
                        shipgate_rules::pact::MismatchKind::Body
                            | shipgate_rules::pact::MismatchKind::BodyType
                    )
                });
                if body_failed {
                    if let (Some(e), Some(a)) = (expected_body, actual_body) {
                        writeln!(
                            out,
                            "   Body diff ({} expected, {} actual):",
                            paint.p(RED, "-"),
                            paint.p(GREEN, "+")
                        )?;
                        write_diff(out, e, a, &paint)?;
                    }
                }
            }
        }
    }
    writeln!(out)?;
    let t = tally(results);
    let line = summary_line(t);
    let line = if t.failed > 0 {
        paint.p(RED, &line)
    } else {
        paint.p(GREEN, &line)
    };
    writeln!(out, "{line}")?;
    Ok(())
}

/// At most this many lines of a body diff are printed.
pub const MAX_DIFF_LINES: usize = 200;

/// The unified diff of expected vs actual, cut after [`MAX_DIFF_LINES`] lines
/// with a count of what was left out (a 60 MB body must not print a 63 MB diff).
fn write_diff(out: &mut dyn Write, expected: &str, actual: &str, paint: &Paint) -> io::Result<()> {
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(5))
        .diff_lines(expected, actual);
    let (mut printed, mut left_out, mut changed_left_out) = (0usize, 0usize, 0usize);
    for group in diff.grouped_ops(3) {
        for op in group {
            for change in diff.iter_changes(&op) {
                if printed >= MAX_DIFF_LINES {
                    left_out += 1;
                    changed_left_out += usize::from(change.tag() != ChangeTag::Equal);
                    continue;
                }
                printed += 1;
                let line = change.value().trim_end_matches('\n');
                match change.tag() {
                    ChangeTag::Delete => writeln!(out, "   {}", paint.p(RED, &format!("-{line}")))?,
                    ChangeTag::Insert => {
                        writeln!(out, "   {}", paint.p(GREEN, &format!("+{line}")))?
                    }
                    ChangeTag::Equal => writeln!(out, "    {line}")?,
                }
            }
        }
    }
    if left_out > 0 {
        writeln!(
            out,
            "   {}",
            paint.p(
                DIM,
                &format!(
                    "… {left_out} more diff lines not shown ({changed_left_out} of them changed)"
                )
            )
        )?;
    }
    Ok(())
}

/// At most this many characters of an expected or actual value go into a
/// diagnostic's properties.
pub const MAX_VALUE_CHARS: usize = 10_000;

/// One diagnostic per mismatch (or per unverifiable interaction). Pending
/// interactions are reported at `info`, so they never reach the gate.
pub fn diagnostics(pacts: &[LoadedPact], results: &[InteractionResult]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in results {
        let p = &pacts[r.pact_index];
        let location = Location::file(p.source.clone())
            .with_pointer(format!("/interactions/{}", r.interaction_index));
        let decorate = |d: Diagnostic| {
            let d = d
                .with_property("consumer", p.pact.consumer.clone())
                .with_property("provider", p.pact.provider.clone())
                .with_property("interaction", r.description.clone())
                .with_property("request", r.request_line.clone())
                .with_property("pending", r.pending.to_string());
            if r.pending {
                d.with_level(Level::Info)
                    .with_note("pending: this failure does not fail the build")
            } else {
                d
            }
        };
        match &r.outcome {
            Outcome::Passed => {}
            Outcome::Error(e) => out.push(decorate(Diagnostic::new(
                &VerificationError::META,
                format!("{}: {e}", r.description),
                location.clone(),
            ))),
            Outcome::Failed { mismatches, .. } => {
                for m in mismatches {
                    let d = Diagnostic::new(
                        codes::meta(m.kind),
                        format!("{}: {}", r.description, m.explanation),
                        location.clone(),
                    )
                    .with_property("path", m.path.clone())
                    .with_property("expected", value_text(&m.expected))
                    .with_property("actual", value_text(&m.actual));
                    out.push(decorate(d));
                }
            }
        }
    }
    out
}

fn value_text(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.len() <= MAX_VALUE_CHARS {
        return text;
    }
    let mut cut = MAX_VALUE_CHARS;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}… ({} more bytes not shown)",
        &text[..cut],
        text.len() - cut
    )
}
