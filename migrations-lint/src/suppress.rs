//! Inline suppressions: `-- shipgate-ignore CODE[,CODE]: reason` (the next
//! statement, or the statement the comment trails) and
//! `-- shipgate-ignore-file CODE[,CODE]: reason` (the whole file). A reason is
//! required. Suppressed findings stay in the report at `info` level with the
//! reason; an ignore that suppresses nothing is itself reported.

use crate::lex::{lex, Tok};
use crate::rules;
use crate::split::split;
use shipgate_diagnostics::{Diagnostic, Level, LineIndex, Location, Position};
use std::collections::HashMap;

#[derive(Debug)]
struct Ignore {
    codes: Vec<String>,
    reason: String,
    /// Positions covered (inclusive); `None` for the whole file.
    range: Option<(Position, Position)>,
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
    let comments: Vec<&crate::lex::Token> =
        toks.iter().filter(|t| t.kind == Tok::Comment).collect();
    for (ci, c) in comments.iter().enumerate() {
        // Where the previous comment ends: a trailing ignore covers what follows it.
        let prev_end = ci.checked_sub(1).map_or(0, |p| comments[p].end);
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
        let range = if file_level {
            None
        } else {
            let pos = loc
                .span
                .map_or(Position { line: 1, column: 1 }, |s| s.start);
            // A trailing comment covers the statements it ends on its line (from the
            // first one ending there, or after the previous comment); otherwise the
            // next statement. `stmts` is in source order: binary searches, so many
            // statements or comments on one line cost no more than on many lines.
            let before = stmts.partition_point(|s| s.end <= c.start);
            let line_start = index.line_start(pos.line).unwrap_or(0);
            let first_on_line = stmts.partition_point(|s| s.end <= line_start.max(prev_end));
            let after = stmts.partition_point(|s| s.start < c.end);
            let at = |o: usize| index.position(src, o);
            Some(if first_on_line < before {
                (at(stmts[first_on_line].start), pos)
            } else if let Some(s) = stmts.get(after) {
                (at(s.start), at(s.end))
            } else {
                let line_end = index
                    .line_start(pos.line + 1)
                    .map_or(src.len(), |e| e.saturating_sub(1));
                (at(line_start), at(line_end))
            })
        };
        ignores.push(Ignore {
            codes,
            reason,
            range,
            loc,
            used: false,
        });
    }
    // Which ignore applies to a finding: the first, in comment order, that names
    // its rule and covers its position. File-level ignores are looked up by rule,
    // statement ones by position (their ranges are statements: disjoint, or the
    // same start for several comments on one statement), so the cost per finding
    // does not grow with the number of ignores.
    let mut file_level: HashMap<String, usize> = HashMap::new();
    let mut ranged: Vec<(Position, Position, usize)> = Vec::new();
    for (i, ig) in ignores.iter().enumerate() {
        match ig.range {
            None => {
                for c in &ig.codes {
                    file_level.entry(c.to_ascii_lowercase()).or_insert(i);
                }
            }
            Some((a, b)) => ranged.push((a, b, i)),
        }
    }
    ranged.sort_by_key(|r| (r.0, r.2));
    for d in &mut diags {
        let names = |ig: &Ignore| {
            ig.codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&d.code) || *c == d.name)
        };
        let mut best = [d.code.to_ascii_lowercase(), d.name.to_string()]
            .iter()
            .filter_map(|k| file_level.get(k).copied())
            .min();
        if let Some(p) = d.location.span.map(|s| s.start) {
            let k = ranged.partition_point(|r| r.0 <= p);
            if let Some(&(group, _, _)) = k.checked_sub(1).map(|j| &ranged[j]) {
                for &(a, b, i) in ranged[..k].iter().rev().take_while(|r| r.0 == group) {
                    if a <= p && p <= b && names(&ignores[i]) && best.is_none_or(|m| i < m) {
                        best = Some(i);
                    }
                }
            }
        }
        if let Some(i) = best {
            let ig = &mut ignores[i];
            ig.used = true;
            d.level = Level::Info;
            d.message = format!("suppressed ({}): {}", ig.reason, d.message);
            d.properties.insert("suppressed", ig.reason.clone());
        }
    }
    for ig in ignores.into_iter().filter(|i| !i.used) {
        extra.push(
            Diagnostic::new(
                &rules::unused_ignore::UnusedIgnore::META,
                format!(
                    "`shipgate-ignore {}` suppresses nothing{}",
                    ig.codes.join(","),
                    if ig.range.is_none() {
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
