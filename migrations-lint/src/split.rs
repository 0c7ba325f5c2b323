//! The statement splitter: groups tokens into statements at top-level `;`,
//! keeps psql meta-commands as their own statements, honours `BEGIN ATOMIC … END`
//! bodies, and stops at a dbmate `-- migrate:down` or goose `-- +goose Down` marker.

use crate::lex::{LexError, Lexer, Tok, Token};

/// One statement: its byte range (first token to the `;`, inclusive) and its
/// tokens without comments or the final `;`.
#[derive(Debug, Clone)]
pub struct RawStmt {
    pub start: usize,
    pub end: usize,
    pub toks: Vec<Token>,
    /// A psql meta-command line.
    pub meta: bool,
}

/// A file split into statements, its comments, and the lexing error that stopped it, if any.
#[derive(Debug, Default)]
pub struct Split {
    pub stmts: Vec<RawStmt>,
    pub comments: Vec<Token>,
    pub error: Option<LexError>,
}

/// Split `src`; every offset is shifted by `base` (for bodies nested in a file).
pub fn split(src: &str, base: usize) -> Split {
    let mut sp = Splitter::new(src, base);
    let stmts = sp.by_ref().collect();
    Split {
        stmts,
        comments: sp.comments,
        error: sp.error,
    }
}

/// A streaming splitter: yields statements one at a time, so only the current
/// statement's tokens are in memory. Comments and the lexing error are
/// available once it is exhausted.
#[derive(Debug)]
pub struct Splitter<'a> {
    src: &'a str,
    base: usize,
    lexer: Lexer<'a>,
    cur: Vec<Token>,
    pending: Option<RawStmt>,
    atomic: bool,
    done: bool,
    pub comments: Vec<Token>,
    pub error: Option<LexError>,
}

impl<'a> Splitter<'a> {
    pub fn new(src: &'a str, base: usize) -> Self {
        Splitter {
            src,
            base,
            lexer: Lexer::new(src),
            cur: Vec::new(),
            pending: None,
            atomic: false,
            done: false,
            comments: Vec::new(),
            error: None,
        }
    }

    fn text(&self, t: &Token) -> &'a str {
        &self.src[t.start - self.base..t.end - self.base]
    }

    /// The statement collected so far, ending at `end`.
    fn take(&mut self, end: usize) -> Option<RawStmt> {
        let first = self.cur.first()?;
        let start = first.start;
        Some(RawStmt {
            start,
            end,
            toks: std::mem::take(&mut self.cur),
            meta: false,
        })
    }
}

impl Iterator for Splitter<'_> {
    type Item = RawStmt;

    fn next(&mut self) -> Option<RawStmt> {
        if let Some(p) = self.pending.take() {
            return Some(p);
        }
        while !self.done {
            let Some(mut t) = self.lexer.next() else {
                self.done = true;
                if let Some(mut e) = self.lexer.error.take() {
                    e.offset += self.base;
                    self.error = Some(e);
                }
                break;
            };
            t.start += self.base;
            t.end += self.base;
            match t.kind {
                Tok::Comment => {
                    let c = self.text(&t);
                    let body = c.trim_start_matches('-').trim();
                    if body.eq_ignore_ascii_case("migrate:down")
                        || body.eq_ignore_ascii_case("+goose down")
                    {
                        self.done = true;
                        break;
                    }
                    self.comments.push(t);
                }
                Tok::Meta => {
                    let meta = RawStmt {
                        start: t.start,
                        end: t.end,
                        toks: vec![t],
                        meta: true,
                    };
                    let end = self.cur.last().map_or(t.start, |l| l.end);
                    match self.take(end) {
                        Some(s) => {
                            self.pending = Some(meta);
                            return Some(s);
                        }
                        None => return Some(meta),
                    }
                }
                Tok::Punct(b';') if !self.atomic => {
                    if let Some(s) = self.take(t.end) {
                        return Some(s);
                    }
                }
                Tok::Punct(b';') => {
                    // Inside BEGIN ATOMIC: the body ends at `END;`.
                    let at_end = self
                        .cur
                        .last()
                        .is_some_and(|l| self.text(l).eq_ignore_ascii_case("end"));
                    if at_end {
                        self.atomic = false;
                        if let Some(s) = self.take(t.end) {
                            return Some(s);
                        }
                    } else {
                        self.cur.push(t);
                    }
                }
                _ => {
                    if t.kind == Tok::Word
                        && self.text(&t).eq_ignore_ascii_case("atomic")
                        && self
                            .cur
                            .last()
                            .is_some_and(|l| self.text(l).eq_ignore_ascii_case("begin"))
                    {
                        self.atomic = true;
                    }
                    self.cur.push(t);
                }
            }
        }
        let end = self.cur.last().map_or(0, |l| l.end);
        self.take(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        split(src, 0)
            .stmts
            .iter()
            .map(|s| &src[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_top_level_semicolons_only() {
        let src = "create function f() returns int as $$ select 1; $$ language sql;\n-- x;\nselect ';' ; \\set x 1\nselect 2";
        assert_eq!(
            texts(src),
            [
                "create function f() returns int as $$ select 1; $$ language sql;",
                "select ';' ;",
                "\\set x 1",
                "select 2"
            ]
        );
    }

    #[test]
    fn begin_atomic_bodies_stay_whole() {
        let src = "create function f() returns int begin atomic select 1; select 2; end; select 3;";
        assert_eq!(texts(src).len(), 2);
    }

    #[test]
    fn dbmate_down_section_is_ignored() {
        let src = "-- migrate:up\ncreate table t (id int);\n-- migrate:down\ndrop table t;\n";
        assert_eq!(texts(src), ["create table t (id int);"]);
    }
}
