//! Benchmark: render 50,000 findings in every output format and print a table.
//!
//! Run with `cargo bench -p shipgate-cli --bench render`. The goal (issue 2) is
//! "well under a second" per format; results are recorded in docs/benchmarks.md.

use shipgate_cli::args::Format;
use shipgate_cli::render::{render, Report};
use shipgate_diagnostics::{Diagnostic, Level, Location, Position, RuleMeta, Snippet, Span};
use std::time::{Duration, Instant};

const N: usize = 50_000;

const RULE: RuleMeta = RuleMeta {
    code: "MIG001",
    name: "adding-not-null-column",
    default_level: Level::Error,
    summary: "Adding a NOT NULL column without a default",
    doc: " ## What it flags\n A NOT NULL column without a default.\n",
    opt_in: false,
};

fn findings() -> Vec<Diagnostic> {
    (0..N)
        .map(|i| {
            let line = u32::try_from(i + 1).unwrap();
            let text = format!("ALTER TABLE t{i} ADD COLUMN c{i} text NOT NULL;");
            Diagnostic::new(
                &RULE,
                format!(
                    "adding NOT NULL column `c{i}` without a default fails on a non-empty table"
                ),
                Location::file(format!("migrations/V{}__step.sql", i / 100))
                    .with_span(Span {
                        start: Position { line, column: 1 },
                        end: Position {
                            line,
                            column: u32::try_from(text.len()).unwrap(),
                        },
                    })
                    .with_snippet(Snippet::new(line, text)),
            )
            .with_level([Level::Error, Level::Warning, Level::Info][i % 3])
            .with_help(
                "add the column as nullable, backfill it, then add a validated CHECK constraint",
            )
            .with_property("phase", "expand")
        })
        .collect()
}

fn main() {
    let diagnostics = findings();
    let report = Report {
        command: "lint-migrations",
        diagnostics: &diagnostics,
        rules: &[RULE],
        checked: N / 100,
        checked_noun: "file",
        fail_on: Level::Error,
        files: &[],
    };
    println!("Rendering {N} findings (best of 5 runs, into memory)\n");
    println!("| format | time (ms) | output (MB) |");
    println!("| --- | ---: | ---: |");
    for (name, format, color) in [
        ("text", Format::Text, false),
        ("text (colour)", Format::Text, true),
        ("json", Format::Json, false),
        ("github", Format::Github, false),
        ("sarif", Format::Sarif, false),
        ("junit", Format::Junit, false),
        ("markdown", Format::Markdown, false),
    ] {
        let mut best = Duration::MAX;
        let mut size = 0;
        for _ in 0..5 {
            let mut out = Vec::with_capacity(64 << 20);
            let start = Instant::now();
            render(format, &report, color, false, &mut out).expect("render");
            best = best.min(start.elapsed());
            size = out.len();
        }
        #[allow(clippy::cast_precision_loss)]
        let mb = size as f64 / 1e6;
        println!("| {name} | {:.1} | {mb:.1} |", best.as_secs_f64() * 1e3);
    }
}
