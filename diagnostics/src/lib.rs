//! The diagnostic model shared by every shipgate checker: the OpenAPI diff,
//! the migration linter and contract verification all report [`Diagnostic`]s.
//!
//! Findings are data. Checkers return them in a `Vec`, never as `Err`;
//! rendering them (text, JSON, SARIF, …) belongs to the CLI and the broker.

mod level;
mod location;
mod rule;

pub use level::{Level, ParseLevelError};
pub use location::{LineIndex, Location, Position, Snippet, Span};
pub use rule::{RuleMeta, REQUIRED_DOC_SECTIONS};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One finding: what goes wrong, where, how bad it is and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable rule code, such as `MIG012` or `OAS007`. Never reused.
    pub code: String,
    /// Kebab-case rule name, such as `adding-not-null-column`.
    pub name: String,
    pub level: Level,
    /// One line: what goes wrong.
    pub message: String,
    /// One line: what to do instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A mechanical fix, when one is known to be safe enough to suggest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Where the finding is. For a diff this is the location in the revision.
    pub location: Location,
    /// Further locations worth showing, such as the same object in the base version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Extra notes printed after the help line (for example the expand/migrate/contract recipe).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Machine-readable facts about the finding (for example `phase = "contract"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
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
            code: rule.code.to_owned(),
            name: rule.name.to_owned(),
            level: rule.default_level,
            message: message.into(),
            help: None,
            fix: None,
            location,
            related: Vec::new(),
            notes: Vec::new(),
            properties: BTreeMap::new(),
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
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
    pub fn with_property(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.insert(key.into(), value.into());
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

/// Counts of diagnostics per level.
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
        d.code = code.to_owned();
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
                    d.code.as_str(),
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
}
