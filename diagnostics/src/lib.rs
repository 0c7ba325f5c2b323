//! The diagnostic model shared by every shipgate checker: the OpenAPI diff,
//! the migration linter and contract verification all report [`Diagnostic`]s.
//!
//! Findings are data. Checkers return them in a `Vec`, never as `Err`;
//! rendering them (text, JSON, SARIF, …) belongs to the CLI and the broker.

mod group;
mod level;
mod location;
mod properties;
mod rule;

pub use group::Occurrence;
pub use level::{Level, ParseLevelError};
pub use location::{LineIndex, Location, Position, Snippet, Span};
pub use properties::{Properties, Text};
pub use rule::{RuleMeta, REQUIRED_DOC_SECTIONS};

use serde::{Deserialize, Serialize};

/// One finding: what goes wrong, where, how bad it is and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable rule code, such as `MIG012` or `OAS007`. Never reused.
    /// (`Text`: the rule's own `&'static str`, no allocation per finding.)
    pub code: Text,
    /// Kebab-case rule name, such as `adding-not-null-column`.
    pub name: Text,
    pub level: Level,
    /// One line: what goes wrong.
    pub message: String,
    /// One line: what to do instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A mechanical fix, when one is known to be safe enough to suggest.
    /// Boxed: few findings have one, and every finding pays for the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
    /// Where the finding is. For a diff this is the location in the revision.
    pub location: Location,
    /// Further locations worth showing, such as the same object in the base version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Extra notes printed after the help line (for example the expand/migrate/contract recipe).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Machine-readable facts about the finding (for example `phase = "contract"`).
    #[serde(default, skip_serializing_if = "Properties::is_empty")]
    pub properties: Properties,
    /// For a finding grouped by cause: every place it reaches (see [`Diagnostic::group`]).
    /// Boxed: most findings are not groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrences: Option<Box<[Occurrence]>>,
}

/// A secondary location with a short label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub label: String,
    pub location: Location,
}

/// A suggested fix: a title and the text edits that apply it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
}

/// Replace the bytes `start..end` of the file with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `location`, at the rule's default level.
    pub fn new(rule: &RuleMeta, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            code: Text::Borrowed(rule.code),
            name: Text::Borrowed(rule.name),
            level: rule.default_level,
            message: message.into(),
            help: None,
            fix: None,
            location,
            related: Vec::new(),
            notes: Vec::new(),
            properties: Properties::new(),
            occurrences: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    #[must_use]
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, label: impl Into<String>, location: Location) -> Self {
        self.related.push(Related {
            label: label.into(),
            location,
        });
        self
    }

    #[must_use]
    pub fn with_property(mut self, key: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.properties.insert(key, value);
        self
    }
}

/// Sort diagnostics by file, then position, then pointer, then code, so output is stable.
/// Compares borrowed keys: no allocation per comparison.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .file
            .cmp(&b.location.file)
            .then_with(|| {
                let pos = |d: &Diagnostic| d.location.span.map(|s| (s.start.line, s.start.column));
                pos(a).cmp(&pos(b))
            })
            .then_with(|| a.location.pointer.cmp(&b.location.pointer))
            .then_with(|| a.code.cmp(&b.code))
    });
}

/// Sort one file's diagnostics by position, then code, keeping the order of
/// equal ones (a stable sort).
///
/// Sorts small keys and then permutes the diagnostics in place, so it needs
/// no scratch copy of the diagnostics themselves: a stable `sort_by` would
/// allocate half the slice again (8 MB for 50,000 findings).
pub fn sort_in_file(diagnostics: &mut [Diagnostic]) {
    let pos = |d: &Diagnostic| d.location.span.map(|s| (s.start.line, s.start.column));
    if diagnostics
        .windows(2)
        .all(|w| (pos(&w[0]), &w[0].code) <= (pos(&w[1]), &w[1].code))
    {
        return;
    }
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (da, db) = (&diagnostics[a], &diagnostics[b]);
        pos(da)
            .cmp(&pos(db))
            .then_with(|| da.code.cmp(&db.code))
            .then(a.cmp(&b))
    });
    // Slot `i` receives the diagnostic now at `order[i]`: follow each cycle once.
    for start in 0..order.len() {
        if order[start] == usize::MAX {
            continue;
        }
        let mut at = start;
        loop {
            let from = std::mem::replace(&mut order[at], usize::MAX);
            if from == start {
                break;
            }
            diagnostics.swap(at, from);
            at = from;
        }
    }
}

/// Counts of diagnostics per level (a group counts once: it is one cause).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.level {
                Level::Error => s.errors += 1,
                Level::Warning => s.warnings += 1,
                Level::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: u32, code: &str) -> Diagnostic {
        let rule = RuleMeta {
            code: "X001",
            name: "x",
            default_level: Level::Error,
            summary: "",
            doc: "",
            opt_in: false,
        };
        let mut d = Diagnostic::new(
            &rule,
            "m",
            Location::file(file).with_span(Span {
                start: Position { line, column: 1 },
                end: Position { line, column: 2 },
            }),
        );
        d.code = code.to_owned().into();
        d
    }

    #[test]
    fn sort_orders_by_file_line_then_code() {
        let mut ds = vec![
            at("b.sql", 1, "A"),
            at("a.sql", 9, "B"),
            at("a.sql", 2, "C"),
            at("a.sql", 2, "A"),
        ];
        sort(&mut ds);
        let keys: Vec<_> = ds
            .iter()
            .map(|d| {
                (
                    d.location.file.as_str(),
                    d.location.span.unwrap().start.line,
                    d.code.as_ref(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("a.sql", 2, "A"),
                ("a.sql", 2, "C"),
                ("a.sql", 9, "B"),
                ("b.sql", 1, "A")
            ]
        );
    }

    #[test]
    fn sort_in_file_is_stable_and_permutes_every_cycle() {
        // Lines in a scrambled order with several cycles, and equal keys whose
        // original order (told apart by the message) must survive.
        let lines = [7, 3, 9, 1, 3, 8, 2, 3, 6, 5, 4, 1];
        let mut ds: Vec<Diagnostic> = lines
            .iter()
            .enumerate()
            .map(|(i, &l)| {
                let mut d = at("a.sql", l, "X");
                d.message = i.to_string();
                d
            })
            .collect();
        sort_in_file(&mut ds);
        let got: Vec<(u32, String)> = ds
            .iter()
            .map(|d| (d.location.span.unwrap().start.line, d.message.clone()))
            .collect();
        let mut want: Vec<(u32, String)> = lines
            .iter()
            .enumerate()
            .map(|(i, &l)| (l, i.to_string()))
            .collect();
        want.sort_by_key(|(l, _)| *l);
        assert_eq!(got, want);
    }
}
