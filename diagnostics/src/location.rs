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
    /// Column (1-based, in characters) where `text` starts in its first line: 1
    /// unless a long line was cut to a window around the finding.
    #[serde(default = "first_column", skip_serializing_if = "is_first_column")]
    pub column: u32,
    /// One or more source lines, without the trailing newline. Lines longer than
    /// [`Snippet::MAX_LINE_BYTES`] are cut (the first to a window around the span,
    /// see `column`), and at most [`Snippet::MAX_LINES`] lines are kept.
    pub text: String,
}

fn first_column() -> u32 {
    1
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_first_column(c: &u32) -> bool {
    *c == 1
}

impl Snippet {
    /// Longest line kept whole, in bytes; longer ones are cut to this many.
    pub const MAX_LINE_BYTES: usize = 240;
    /// Bytes kept before the span when the first line is cut.
    pub const CONTEXT_BEFORE: usize = 60;
    /// Most lines kept: a finding on a long statement shows its beginning.
    pub const MAX_LINES: u32 = 16;

    /// A snippet of whole lines starting at `line`, column 1.
    pub fn new(line: u32, text: impl Into<String>) -> Self {
        Snippet {
            line,
            column: 1,
            text: text.into(),
        }
    }
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
        let snippet = index.snippet(source, start.min(source.len()), span);
        Location {
            file: file.into(),
            span: Some(span),
            pointer: None,
            snippet: Some(snippet),
        }
    }
}

/// Byte offsets of line starts, for turning byte offsets into line/column quickly.
///
/// Long lines also get a mark every [`LineIndex::MARK_EVERY`] bytes (its byte offset
/// and character column), so a position costs at most that many bytes of counting
/// however long its line is: a 10 MB one-line file is not quadratic to locate in.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, 0-based column)` at char boundaries inside long lines, sorted.
    marks: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Bytes between two column marks in a long line.
    pub const MARK_EVERY: usize = 4096;

    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([source.len() + 1]);
        for (&start, next) in starts.iter().zip(ends) {
            let end = next - 1;
            if end - start <= Self::MARK_EVERY {
                continue;
            }
            let (mut at, mut column) = (start, 0);
            while at + Self::MARK_EVERY < end {
                let mut next = at + Self::MARK_EVERY;
                while !source.is_char_boundary(next) {
                    next += 1;
                }
                column += source[at..next].chars().count();
                marks.push((next, column));
                at = next;
            }
        }
        LineIndex { starts, marks }
    }

    /// 1-based line/column of byte `offset` (clamped to the source, columns in characters).
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // The nearest mark at or before `offset` in the same line, else the line start.
        let (from, base) = match self.marks.partition_point(|m| m.0 <= offset) {
            0 => (start, 0),
            k if self.marks[k - 1].0 > start => self.marks[k - 1],
            _ => (start, 0),
        };
        let column = base
            + source
                .get(from..offset)
                .map_or(offset - from, |s| s.chars().count());
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The snippet for a finding at byte `start` (at `span`): its lines, each cut to
    /// [`Snippet::MAX_LINE_BYTES`], the first around the span, at most
    /// [`Snippet::MAX_LINES`] of them. Bounded, so findings on long lines stay small.
    pub fn snippet(&self, source: &str, start: usize, span: Span) -> Snippet {
        let first = span.start.line;
        let last = span
            .end
            .line
            .max(first)
            .min(first.saturating_add(Snippet::MAX_LINES - 1));
        let line_end = |line: u32| -> usize {
            self.line_start(line + 1)
                .map_or(source.len(), |e| e.saturating_sub(1))
        };
        let floor = |mut i: usize| {
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let mut text = String::new();
        let mut column = 1;
        for line in first..=last {
            let (Some(ls), le) = (self.line_start(line), line_end(line)) else {
                break;
            };
            let le = le.max(ls);
            let (mut from, mut to) = (ls, le);
            if to - from > Snippet::MAX_LINE_BYTES {
                if line == first {
                    from = floor(
                        start
                            .clamp(ls, le)
                            .saturating_sub(Snippet::CONTEXT_BEFORE)
                            .max(ls),
                    );
                    column = self.position(source, from).column;
                }
                to = floor((from + Snippet::MAX_LINE_BYTES).min(le));
            }
            if line != first {
                text.push('\n');
            }
            text.push_str(source.get(from..to).unwrap_or("").trim_end_matches('\r'));
        }
        Snippet {
            line: first,
            column,
            text,
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
        Snippet::new(first, text.trim_end_matches('\r'))
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

#[cfg(test)]
mod long_line_tests {
    use super::*;

    /// Columns from the marks agree with counting from the line start, across
    /// mark boundaries and multi-byte characters.
    #[test]
    fn marks_give_the_same_columns_as_counting() {
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { "é;" } else { "ab;" })
            .collect();
        let src = format!("x\n{line}\n{line}");
        let idx = LineIndex::new(&src);
        assert!(!idx.marks.is_empty());
        for offset in (0..src.len())
            .filter(|&o| src.is_char_boundary(o))
            .step_by(97)
        {
            let start = src[..offset].rfind('\n').map_or(0, |n| n + 1);
            let want = src[start..offset].chars().count() as u32 + 1;
            assert_eq!(idx.position(&src, offset).column, want, "offset {offset}");
        }
    }

    /// A finding on a long line gets a window of it, with the column it starts at.
    #[test]
    fn snippets_of_long_lines_are_windows() {
        let src = "select 1;".repeat(10_000);
        let idx = LineIndex::new(&src);
        let at = 9 * 5000;
        let loc = Location::from_bytes("m.sql", &idx, &src, at, at + 9);
        let snippet = loc.snippet.unwrap();
        assert!(snippet.text.len() <= Snippet::MAX_LINE_BYTES);
        assert_eq!(snippet.column as usize, at - Snippet::CONTEXT_BEFORE + 1);
        let span = loc.span.unwrap();
        let rel = (span.start.column - snippet.column) as usize;
        assert_eq!(&snippet.text[rel..rel + 9], "select 1;");
        // Short lines are whole, at column 1, and the JSON omits the column.
        let loc = Location::from_bytes("m.sql", &idx, "ab\ncd", 3, 4);
        assert_eq!(loc.snippet.as_ref().unwrap().column, 1);
        let json = serde_json::to_string(&loc.snippet).unwrap();
        assert!(!json.contains("column"), "{json}");
        // A statement over many lines shows its first ones.
        let many = "a\n".repeat(100);
        let idx = LineIndex::new(&many);
        let loc = Location::from_bytes("m.sql", &idx, &many, 0, many.len());
        assert_eq!(
            loc.snippet.unwrap().text.lines().count(),
            Snippet::MAX_LINES as usize
        );
    }
}
