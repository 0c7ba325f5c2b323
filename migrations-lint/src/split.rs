//! The statement splitter: groups tokens into statements at top-level `;`,
//! keeps psql meta-commands as their own statements, honours `BEGIN ATOMIC … END`
//! bodies, and stops at a dbmate `-- migrate:down` or goose `-- +goose Down` marker.

use crate::lex::{lex, LexError, Tok, Token};

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
    let (mut toks, error) = lex(src);
    if base != 0 {
        for t in &mut toks {
            t.start += base;
            t.end += base;
        }
    }
    let error = error.map(|mut e| {
        e.offset += base;
        e
    });
    let mut out = Split {
        error,
        ..Split::default()
    };
    let mut cur: Vec<Token> = Vec::new();
    let mut atomic = false;
    let flush = |cur: &mut Vec<Token>, end: usize, out: &mut Split| {
        if let Some(first) = cur.first() {
            out.stmts.push(RawStmt {
                start: first.start,
                end,
                toks: std::mem::take(cur),
                meta: false,
            });
        }
    };
    let text = |t: &Token| &src[t.start - base..t.end - base];
    for t in toks {
        match t.kind {
            Tok::Comment => {
                let c = text(&t);
                let body = c.trim_start_matches('-').trim();
                if body.eq_ignore_ascii_case("migrate:down")
                    || body.eq_ignore_ascii_case("+goose down")
                {
                    break;
                }
                out.comments.push(t);
            }
            Tok::Meta => {
                let end = cur.last().map_or(t.start, |l| l.end);
                flush(&mut cur, end, &mut out);
                out.stmts.push(RawStmt {
                    start: t.start,
                    end: t.end,
                    toks: vec![t],
                    meta: true,
                });
            }
            Tok::Punct(b';') if !atomic => flush(&mut cur, t.end, &mut out),
            Tok::Punct(b';') => {
                // Inside BEGIN ATOMIC: the body ends at `END;`.
                if cur
                    .last()
                    .is_some_and(|l| text(l).eq_ignore_ascii_case("end"))
                {
                    atomic = false;
                    flush(&mut cur, t.end, &mut out);
                } else {
                    cur.push(t);
                }
            }
            _ => {
                if t.kind == Tok::Word
                    && text(&t).eq_ignore_ascii_case("atomic")
                    && cur
                        .last()
                        .is_some_and(|l| text(l).eq_ignore_ascii_case("begin"))
                {
                    atomic = true;
                }
                cur.push(t);
            }
        }
    }
    let end = cur.last().map_or(0, |l| l.end);
    flush(&mut cur, end, &mut out);
    out
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
