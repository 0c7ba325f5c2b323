//! Inline suppressions: `-- shipgate-ignore CODE[,CODE]: reason` (the next
//! statement, or the statement the comment trails) and
//! `-- shipgate-ignore-file CODE[,CODE]: reason` (the whole file). A reason is
//! required. Suppressed findings stay in the report at `info` level with the
//! reason; an ignore that suppresses nothing is itself reported.

use crate::lex::{lex, Tok};
use crate::rules;
use crate::split::split;
use shipgate_diagnostics::{Diagnostic, Level, LineIndex, Location};

#[derive(Debug)]
struct Ignore {
    codes: Vec<String>,
    reason: String,
    /// Line range covered; `None` for the whole file.
    lines: Option<(u32, u32)>,
    loc: Location,
    used: bool,
}

/// Apply the file's ignore comments to `diags`.
pub(crate) fn apply(
    path: &str,
    src: &str,
    index: &LineIndex,
    mut diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if !src.contains("shipgate-ignore") {
        return diags;
    }
    let (toks, _) = lex(src);
    let stmts = split(src, 0).stmts;
    let mut ignores = Vec::new();
    let mut extra = Vec::new();
    let known = rules::registry();
    for c in toks.iter().filter(|t| t.kind == Tok::Comment) {
        let text = c.text(src);
        let body = text
            .trim_start_matches("--")
            .trim_start_matches("/*")
            .trim_end_matches("*/")
            .trim();
        let (file_level, rest) = if let Some(r) = body.strip_prefix("shipgate-ignore-file") {
            (true, r)
        } else if let Some(r) = body.strip_prefix("shipgate-ignore") {
            (false, r)
        } else {
            continue;
        };
        let loc = Location::from_bytes(path, index, src, c.start, c.end);
        let (codes, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let reason = reason.trim().to_owned();
        let codes: Vec<String> = codes
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let unknown: Vec<&String> = codes
            .iter()
            .filter(|c| {
                !known
                    .iter()
                    .any(|r| r.code.eq_ignore_ascii_case(c) || r.name == c.as_str())
            })
            .collect();
        if codes.is_empty() || reason.is_empty() || !unknown.is_empty() {
            let why = if codes.is_empty() {
                "names no rule".to_owned()
            } else if !unknown.is_empty() {
                format!(
                    "names unknown rule(s) {}",
                    unknown
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                "has no reason".to_owned()
            };
            extra.push(
                Diagnostic::new(
                    &rules::malformed_ignore::MalformedIgnore::META,
                    format!("this ignore comment {why}, so it suppresses nothing"),
                    loc,
                )
                .with_help("write `-- shipgate-ignore MIG016: why this is safe here`"),
            );
            continue;
        }
        let lines = if file_level {
            None
        } else {
            let line = index.position(src, c.start).line;
            // A trailing comment covers the statement it ends; otherwise the next statement.
            // `stmts` is in source order: binary-search instead of scanning per comment.
            let before = stmts.partition_point(|s| s.end <= c.start);
            let on_line = |s: &&crate::split::RawStmt| {
                index.position(src, s.end.saturating_sub(1)).line == line
            };
            let first_on_line = stmts[..before].iter().rev().take_while(on_line).last();
            let after = stmts.partition_point(|s| s.start < c.end);
            let target = first_on_line.or_else(|| stmts.get(after));
            match target {
                Some(s) => Some((
                    index.position(src, s.start).line,
                    index.position(src, s.end).line,
                )),
                None => Some((line, line)),
            }
        };
        ignores.push(Ignore {
            codes,
            reason,
            lines,
            loc,
            used: false,
        });
    }
    for d in &mut diags {
        let line = d.location.span.map_or(0, |s| s.start.line);
        for ig in &mut ignores {
            let in_range = ig.lines.is_none_or(|(a, b)| line >= a && line <= b);
            if in_range
                && ig
                    .codes
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&d.code) || *c == d.name)
            {
                ig.used = true;
                d.level = Level::Info;
                d.message = format!("suppressed ({}): {}", ig.reason, d.message);
                d.properties.insert("suppressed", ig.reason.clone());
                break;
            }
        }
    }
    for ig in ignores.into_iter().filter(|i| !i.used) {
        extra.push(
            Diagnostic::new(
                &rules::unused_ignore::UnusedIgnore::META,
                format!(
                    "`shipgate-ignore {}` suppresses nothing{}",
                    ig.codes.join(","),
                    if ig.lines.is_none() {
                        " in this file"
                    } else {
                        " on the next statement"
                    }
                ),
                ig.loc,
            )
            .with_help("remove the comment, or move it directly above the statement it is for"),
        );
    }
    diags.extend(extra);
    diags
}
