//! Where a finding is: a file, a 1-based line/column span, a JSON pointer, a source snippet.

use serde::{Deserialize, Serialize};

/// A 1-based line and column. Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range of source text, `start` inclusive and `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// The source lines a finding points at, for printing with an underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// Line number of the first line of `text`.
    pub line: u32,
    /// One or more whole source lines, without the trailing newline.
    pub text: String,
}

/// Where a finding is. Every part but the file is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Path as the user gave it (or `git-rev:path` for files read through git).
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// JSON pointer (RFC 6901) into an API document or contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    #[must_use]
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    #[must_use]
    pub fn with_snippet(mut self, snippet: Snippet) -> Self {
        self.snippet = Some(snippet);
        self
    }

    /// A location for the byte range `start..end` of `source`, with span and snippet filled in.
    pub fn from_bytes(
        file: impl Into<String>,
        index: &LineIndex,
        source: &str,
        start: usize,
        end: usize,
    ) -> Self {
        let span = Span {
            start: index.position(source, start),
            end: index.position(source, end.max(start)),
        };
        let snippet = index.lines(source, span.start.line, span.end.line.max(span.start.line));
        Location {
            file: file.into(),
            span: Some(span),
            pointer: None,
            snippet: Some(snippet),
        }
    }
}

/// Byte offsets of line starts, for turning byte offsets into line/column quickly.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line/column of byte `offset` (clamped to the source, columns in characters).
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of the start of 1-based `line`.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    /// The text of 1-based lines `first..=last`, without the final newline.
    pub fn lines(&self, source: &str, first: u32, last: u32) -> Snippet {
        let start = self.line_start(first).unwrap_or(source.len());
        let end = self
            .line_start(last + 1)
            .map_or(source.len(), |e| e.saturating_sub(1));
        let text = source.get(start..end.max(start)).unwrap_or("");
        Snippet {
            line: first,
            text: text.trim_end_matches('\r').to_owned(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = "ab\nçd\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(src, 3), Position { line: 2, column: 1 });
        // `d` is after a two-byte character.
        assert_eq!(idx.position(src, 5), Position { line: 2, column: 2 });
        assert_eq!(idx.lines(src, 2, 2).text, "çd");
    }

    #[test]
    fn location_from_bytes_has_snippet() {
        let src = "select 1;\ndrop table t;\n";
        let idx = LineIndex::new(src);
        let loc = Location::from_bytes("m.sql", &idx, src, 10, 23);
        assert_eq!(loc.span.unwrap().start, Position { line: 2, column: 1 });
        assert_eq!(loc.snippet.unwrap().text, "drop table t;");
    }
}
