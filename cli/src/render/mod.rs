//! Renderers for findings: text, JSON, GitHub annotations, SARIF, JUnit, Markdown,
//! GitLab Code Quality.
//!
//! Every renderer writes a [`Report`] to a `Write` through a buffer; none
//! allocate per finding beyond escaping, so 50,000 findings render in
//! milliseconds.

mod github;
mod gitlab;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

use crate::args::{Format, GlobalArgs};
use crate::config::Config;
use crate::ExitStatus;
use serde::Serialize;
use shipgate_diagnostics::{Diagnostic, Level, RuleMeta, Summary};
use std::io::{self, Write};

pub use json::{JSON_SCHEMA_VERSION, OLDEST_JSON_SCHEMA_VERSION};

/// Output settings resolved from flags, environment, config and defaults.
#[derive(Debug, Clone)]
pub struct OutputContext {
    pub format: Format,
    pub fail_on: Level,
    pub color: bool,
    pub quiet: bool,
    pub verbose: u8,
    /// `--output-version`: the JSON document version to write (older ones also
    /// render findings ungrouped in every format).
    pub output_version: u32,
}

impl OutputContext {
    pub fn new(global: &GlobalArgs, config: &Config) -> Self {
        OutputContext {
            format: global
                .format
                .or(config.file.output.format)
                .unwrap_or(Format::Text),
            fail_on: global
                .fail_on
                .or(config.file.output.fail_on)
                .unwrap_or(Level::Error),
            color: crate::terminal::use_color(global.color),
            quiet: global.quiet,
            verbose: global.verbose,
            output_version: global.output_version.unwrap_or(JSON_SCHEMA_VERSION),
        }
    }

    /// Exit status for a set of findings: 1 when any is at or above `--fail-on`.
    pub fn status_for(&self, diagnostics: &[Diagnostic]) -> ExitStatus {
        if diagnostics.iter().any(|d| d.level >= self.fail_on) {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

/// Everything a renderer needs.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The subcommand that produced the findings, such as `lint-migrations`.
    pub command: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// Metadata for the rules that may appear (SARIF lists them); may be empty.
    pub rules: &'a [RuleMeta],
    /// How many files (or documents, or interactions) were checked.
    pub checked: usize,
    /// What `checked` counts, singular: "file", "document", "interaction".
    pub checked_noun: &'a str,
    pub fail_on: Level,
    /// One line per checked file, for commands that summarise each (lint-migrations:
    /// every file's phase, with or without findings); empty for the others.
    pub files: &'a [FileSummary],
}

/// What one checked file is, in the text summary and the JSON `files` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: String,
    /// Migrations: `expand`, `migrate` or `contract`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<&'static str>,
    /// Statements (migrations) or other units the file holds.
    pub statements: usize,
    /// This file's findings per level.
    pub summary: Summary,
    /// Migrations: the runner marker that turned transaction wrapping off for the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_transaction_marker: Option<&'static str>,
}

impl Report<'_> {
    pub fn summary(&self) -> Summary {
        Summary::of(self.diagnostics)
    }
}

/// Render `report` to `out` in `format` (the current output version).
pub fn render(
    format: Format,
    report: &Report<'_>,
    color: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    render_as(format, report, color, quiet, JSON_SCHEMA_VERSION, out)
}

/// Render `report` to `out` in `format`, as output version `version`: version 1
/// (kept for one release) has no grouped findings, so groups are written as the
/// findings they stand for, in every format.
pub fn render_as(
    format: Format,
    report: &Report<'_>,
    color: bool,
    quiet: bool,
    version: u32,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ungrouped: Vec<Diagnostic>;
    let mut report = *report;
    if version < 2
        && report
            .diagnostics
            .iter()
            .any(|d| !d.occurrences().is_empty())
    {
        ungrouped = report
            .diagnostics
            .iter()
            .flat_map(|d| d.clone().ungroup())
            .collect();
        report.diagnostics = &ungrouped;
    }
    let report = &report;
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    match format {
        Format::Text => text::render(report, color, quiet, &mut out)?,
        Format::Json => json::render(report, version, &mut out)?,
        Format::Github => github::render(report, &mut out)?,
        Format::Sarif => sarif::render(report, &mut out)?,
        Format::Junit => junit::render(report, &mut out)?,
        Format::Markdown => markdown::render(report, &mut out)?,
        Format::Gitlab => gitlab::render(report, &mut out)?,
    }
    out.flush()
}

/// Render `diagnostics` with `each` on every core, a batch at a time (so
/// memory stays bounded), and write the pieces to `out` in order, each passed
/// through `adjust` first. `each` must render a slice exactly as it would
/// render its findings one after another.
pub(crate) fn batched<F, A>(
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
    each: F,
    mut adjust: A,
) -> io::Result<()>
where
    F: Fn(&[Diagnostic], &mut Vec<u8>) -> io::Result<()> + Sync,
    A: FnMut(&[u8]) -> &[u8],
{
    const PER_THREAD: usize = 512;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let run = |part: &[Diagnostic]| -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(part.len() * 1536);
        each(part, &mut buf)?;
        Ok(buf)
    };
    for batch in diagnostics.chunks(PER_THREAD * threads) {
        let parts: Vec<io::Result<Vec<u8>>> = if batch.len() <= PER_THREAD {
            vec![run(batch)]
        } else {
            std::thread::scope(|s| {
                let mut chunks = batch.chunks(PER_THREAD);
                let first = chunks.next().unwrap_or_default();
                let rest: Vec<_> = chunks.map(|c| s.spawn(move || run(c))).collect();
                let mut parts = vec![run(first)];
                parts.extend(rest.into_iter().map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(io::Error::other("rendering panicked")))
                }));
                parts
            })
        };
        for part in parts {
            out.write_all(adjust(&part?))?;
        }
    }
    Ok(())
}

/// Render to stdout and return the gate's exit status.
pub fn emit(ctx: &OutputContext, report: &Report<'_>) -> anyhow::Result<ExitStatus> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    render_as(
        ctx.format,
        report,
        ctx.color,
        ctx.quiet,
        ctx.output_version,
        &mut lock,
    )?;
    Ok(ctx.status_for(report.diagnostics))
}

/// `1 error` / `2 errors`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `reaches 4 places` for a grouped finding; `None` for an ungrouped one.
pub(crate) fn reach(d: &Diagnostic) -> Option<String> {
    let n = d.occurrences().len();
    (n > 0).then(|| format!("reaches {}", plural(n, "place")))
}

/// The messages of the places a grouped finding reaches, at most `max` of them,
/// and how many were left out.
pub(crate) fn places(d: &Diagnostic, max: usize) -> (Vec<&str>, usize) {
    let all = d.occurrences();
    let shown: Vec<&str> = all.iter().take(max).map(|o| o.message.as_str()).collect();
    let left = all.len() - shown.len();
    (shown, left)
}

/// A grouped finding's message with the places it reaches, one per line
/// (`- …`), at most `max`, for formats with a single text field; an ungrouped
/// finding's message as is.
pub(crate) fn message_with_places(d: &Diagnostic, max: usize) -> String {
    let Some(reach) = reach(d) else {
        return d.message.clone();
    };
    let mut out = format!("{} ({reach})", d.message);
    let (shown, left) = places(d, max);
    for p in shown {
        out.push_str("\n- ");
        out.push_str(p);
    }
    if left > 0 {
        out.push_str(&format!(
            "\n- … and {left} more (`--format json` lists every one)"
        ));
    }
    out
}

/// Findings by importance, most important first: level, then how many places a
/// group reaches, then their order (for renderers that can show only some).
pub(crate) fn by_importance(diagnostics: &[Diagnostic]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&diagnostics[a], &diagnostics[b]);
        y.level
            .cmp(&x.level)
            .then(y.weight().cmp(&x.weight()))
            .then(a.cmp(&b))
    });
    order
}

/// `file:line:col`, or `file` with a JSON pointer, or just the file.
pub(crate) fn location_label(d: &Diagnostic) -> String {
    location_label_of(&d.location)
}

/// `file:line:col`, or `file` with a JSON pointer, or just the file.
pub(crate) fn location_label_of(loc: &shipgate_diagnostics::Location) -> String {
    match (loc.span, &loc.pointer) {
        (Some(span), _) => format!("{}:{}:{}", loc.file, span.start.line, span.start.column),
        (None, Some(ptr)) => format!("{}#{ptr}", loc.file),
        (None, None) => loc.file.clone(),
    }
}

#[cfg(test)]
pub(crate) mod sample {
    //! Sample findings shared by the renderer snapshot tests.
    use shipgate_diagnostics::{
        Diagnostic, Edit, Fix, Level, Location, Position, RuleMeta, Snippet, Span,
    };

    pub const RULES: [RuleMeta; 2] = [
        RuleMeta {
            code: "MIG001",
            name: "adding-not-null-column",
            default_level: Level::Error,
            summary: "Adding a NOT NULL column without a default",
            doc: " ## What it flags\n Adding a NOT NULL column.\n",
            opt_in: false,
        },
        RuleMeta {
            code: "OAS001",
            name: "response-property-removed",
            default_level: Level::Error,
            summary: "A response property was removed",
            doc: " ## What it flags\n A removed property.\n",
            opt_in: false,
        },
    ];

    pub fn diagnostics() -> Vec<Diagnostic> {
        let sql = "ALTER TABLE users ADD COLUMN email text NOT NULL;";
        vec![
            Diagnostic::new(
                &RULES[0],
                "adding NOT NULL column `email` without a default fails on a non-empty table",
                Location::file("migrations/V2__email.sql")
                    .with_span(Span {
                        start: Position { line: 3, column: 19 },
                        end: Position { line: 3, column: 49 },
                    })
                    .with_snippet(Snippet::new(3, sql)),
            )
            .with_help("add the column as nullable, backfill it, then add a validated CHECK constraint")
            .with_fix(Fix {
                title: "Drop NOT NULL".to_owned(),
                edits: vec![Edit {
                    start: 40,
                    end: 49,
                    replacement: String::new(),
                }],
            })
            .with_property("phase", "expand"),
            Diagnostic::new(
                &RULES[1],
                "`GET /users/{id}`: response property `email` (200, application/json) was removed",
                Location::file("api/openapi.yaml")
                    .with_pointer("/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties")
                    .with_span(Span {
                        start: Position { line: 40, column: 15 },
                        end: Position { line: 40, column: 25 },
                    }),
            )
            .with_help("keep `email` in the response, or deprecate it with a sunset date first")
            .with_level(Level::Warning)
            .with_related(
                "in the base version",
                Location::file("main:api/openapi.yaml").with_pointer(
                    "/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/email",
                ),
            ),
            Diagnostic::new(
                &RULES[0],
                "a note with \"quotes\", <angle> & | pipes, and a\nsecond line",
                Location::file("migrations/V3__odd, name.sql"),
            )
            .with_level(Level::Info),
        ]
    }

    /// A finding grouped by cause, reaching 12 places (a shared schema change).
    pub fn grouped() -> Vec<Diagnostic> {
        let parts: Vec<Diagnostic> = (0..12)
            .map(|i| {
                Diagnostic::new(
                    &RULES[1],
                    format!("`GET /users/{i}`: response property `email` (200, application/json) was removed"),
                    Location::file("api/openapi.yaml")
                        .with_pointer("/components/schemas/User/properties")
                        .with_span(Span {
                            start: Position { line: 80, column: 7 },
                            end: Position { line: 80, column: 7 },
                        }),
                )
                .with_help("keep `email` in the response, or deprecate it with a sunset date first")
                .with_property("method", "GET")
                .with_property("path", format!("/users/{i}"))
            })
            .collect();
        vec![Diagnostic::group(parts, "`User.email` was removed")]
    }

    pub fn render_grouped(format: crate::args::Format) -> String {
        let diags = grouped();
        let mut report = report(&diags);
        report.command = "diff";
        report.checked_noun = "document";
        report.checked = 1;
        let mut out = Vec::new();
        super::render(format, &report, false, false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    pub fn report<'a>(diagnostics: &'a [Diagnostic]) -> super::Report<'a> {
        super::Report {
            command: "lint-migrations",
            diagnostics,
            rules: &RULES,
            checked: 3,
            checked_noun: "file",
            fail_on: Level::Error,
            files: &[],
        }
    }

    pub fn render(format: crate::args::Format, color: bool) -> String {
        let diags = diagnostics();
        let mut out = Vec::new();
        super::render(format, &report(&diags), color, false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}
