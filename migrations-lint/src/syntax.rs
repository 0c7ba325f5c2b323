//! The strict syntax check: decides, without sqlparser, whether a statement of
//! the shapes migrations use most is valid PostgreSQL, and recognises some SQL
//! that PostgreSQL rejects (a missing `;` between two statements, a misspelt
//! keyword after a column type).
//!
//! The classifier ([`crate::classify`]) is lenient on purpose: it reads facts
//! and never fails. This check is its strict twin. It follows PostgreSQL's
//! grammar (`gram.y`) for a subset: `ALTER TABLE` with the common column and
//! constraint actions, `CREATE [UNIQUE] INDEX`, `CREATE TABLE (…)`, `UPDATE`,
//! `DELETE`, `DROP TABLE|INDEX`, and the expressions they contain. It answers
//! [`Syntax::Valid`] only when every token was read by a rule of that subset,
//! [`Syntax::Invalid`] only at places where it knows every continuation
//! PostgreSQL accepts, and [`Syntax::Unknown`] otherwise: those statements go
//! to sqlparser, as every statement did before.

use crate::lex::{Tok, Token};

/// The check's answer for one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// Valid PostgreSQL: no need to ask sqlparser.
    Valid,
    /// PostgreSQL rejects it; `at` is the byte offset of the offending token.
    Invalid { at: usize, message: String },
    /// Not decided here.
    Unknown,
}

/// Check one statement's tokens (comments and the final `;` excluded).
pub fn check(src: &str, toks: &[Token]) -> Syntax {
    let mut p = P { src, t: toks, i: 0 };
    match p.statement() {
        Ok(()) => Syntax::Valid,
        Err(Stop::Invalid(i, message)) => Syntax::Invalid {
            at: toks
                .get(i)
                .map_or_else(|| toks.last().map_or(0, |t| t.end), |t| t.start),
            message,
        },
        Err(Stop::Unknown) => match missing_semicolon(src, toks) {
            Some((i, message)) => Syntax::Invalid {
                at: toks[i].start,
                message,
            },
            None => Syntax::Unknown,
        },
    }
}

/// Statements whose text may legitimately contain another statement's first
/// words: schema elements, rule actions, `BEGIN ATOMIC` bodies, `WITH`, ….
fn embeds_statements(src: &str, toks: &[Token]) -> bool {
    let w = |i: usize, k: &str| toks.get(i).is_some_and(|t| t.is_kw(src, k));
    if w(0, "CREATE") {
        let j = if w(1, "OR") && w(2, "REPLACE") { 3 } else { 1 };
        return [
            "SCHEMA",
            "RULE",
            "FUNCTION",
            "PROCEDURE",
            "TRIGGER",
            "CONSTRAINT",
            "EVENT",
        ]
        .iter()
        .any(|k| w(j, k));
    }
    !toks.first().is_some_and(|t| {
        t.kind == Tok::Word
            && !["WITH", "EXPLAIN", "PREPARE", "DO"]
                .iter()
                .any(|k| t.is_kw(src, k))
    })
}

/// Words after `CREATE` that start a statement.
const CREATABLE: &[&str] = &[
    "TABLE",
    "INDEX",
    "UNIQUE",
    "VIEW",
    "SEQUENCE",
    "TYPE",
    "EXTENSION",
    "FUNCTION",
    "PROCEDURE",
    "TRIGGER",
    "SCHEMA",
    "MATERIALIZED",
    "OR",
    "DOMAIN",
    "POLICY",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "AGGREGATE",
    "ROLE",
    "PUBLICATION",
    "RULE",
];

/// Token-level: a line that starts with another statement's first words
/// (`CREATE INDEX`, `ALTER TABLE`, `DROP TABLE`, `INSERT INTO`, `DELETE FROM`,
/// `UPDATE t SET`, `TRUNCATE TABLE`) inside a statement that cannot contain
/// one. Returns the token index and the message.
pub fn missing_semicolon(src: &str, toks: &[Token]) -> Option<(usize, String)> {
    if toks.len() < 3 || embeds_statements(src, toks) {
        return None;
    }
    for i in 1..toks.len() {
        let t = &toks[i];
        if t.kind != Tok::Word || !src[toks[i - 1].end..t.start].contains('\n') {
            continue;
        }
        let prev = &toks[i - 1];
        if [
            "ON", "FOR", "OR", "THEN", "DO", "ALSO", "INSTEAD", "AS", "BEFORE", "AFTER", "OF",
            "GRANT", "REVOKE",
        ]
        .iter()
        .any(|k| prev.is_kw(src, k))
        {
            continue;
        }
        if starts_statement(src, toks, i) && depth_zero(toks, i) {
            return Some((i, missing_message(src, toks, i)));
        }
    }
    None
}

/// Whether tokens `i..` read as the first words of a statement.
fn starts_statement(src: &str, toks: &[Token], i: usize) -> bool {
    let w = |o: usize, k: &str| toks.get(i + o).is_some_and(|t| t.is_kw(src, k));
    (w(0, "CREATE") && CREATABLE.iter().any(|k| w(1, k)))
        || (w(0, "ALTER") && w(1, "TABLE"))
        || (w(0, "DROP") && w(1, "TABLE"))
        || (w(0, "TRUNCATE") && w(1, "TABLE"))
        || (w(0, "INSERT") && w(1, "INTO"))
        || (w(0, "DELETE") && w(1, "FROM"))
        || (w(0, "UPDATE")
            && toks
                .get(i + 1)
                .is_some_and(|t| matches!(t.kind, Tok::Word | Tok::QuotedIdent))
            && (w(2, "SET") || w(1, "ONLY")))
}

/// Whether token `i` is outside all parentheses.
fn depth_zero(toks: &[Token], i: usize) -> bool {
    let mut depth = 0i32;
    for t in &toks[..i] {
        match t.kind {
            Tok::Punct(b'(' | b'[') => depth += 1,
            Tok::Punct(b')' | b']') => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

fn missing_message(src: &str, toks: &[Token], i: usize) -> String {
    let words: Vec<String> = toks[i..]
        .iter()
        .take(2)
        .map(|t| t.text(src).to_owned())
        .collect();
    format!(
        "`{}` starts another statement, but no `;` ends the one before it",
        words.join(" ")
    )
}

/// Why the check stopped.
enum Stop {
    /// Outside the subset this check knows.
    Unknown,
    /// PostgreSQL rejects the token at this index, for this reason.
    Invalid(usize, String),
}

type R = Result<(), Stop>;

/// PostgreSQL's reserved keywords (`gram.y`, PostgreSQL 17): never a bare name.
const RESERVED: &[&str] = &[
    "ALL",
    "ANALYSE",
    "ANALYZE",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASC",
    "ASYMMETRIC",
    "BOTH",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "CONSTRAINT",
    "CREATE",
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DEFAULT",
    "DEFERRABLE",
    "DESC",
    "DISTINCT",
    "DO",
    "ELSE",
    "END",
    "EXCEPT",
    "FALSE",
    "FETCH",
    "FOR",
    "FOREIGN",
    "FROM",
    "GRANT",
    "GROUP",
    "HAVING",
    "IN",
    "INITIALLY",
    "INTERSECT",
    "INTO",
    "LATERAL",
    "LEADING",
    "LIMIT",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NOT",
    "NULL",
    "OFFSET",
    "ON",
    "ONLY",
    "OR",
    "ORDER",
    "PLACING",
    "PRIMARY",
    "REFERENCES",
    "RETURNING",
    "SELECT",
    "SESSION_USER",
    "SOME",
    "SYMMETRIC",
    "SYSTEM_USER",
    "TABLE",
    "THEN",
    "TO",
    "TRAILING",
    "TRUE",
    "UNION",
    "UNIQUE",
    "USER",
    "USING",
    "VARIADIC",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// Type/function-name keywords: a function or type name, never a column name.
const TYPE_FUNC_NAME: &[&str] = &[
    "AUTHORIZATION",
    "BINARY",
    "COLLATION",
    "CONCURRENTLY",
    "CROSS",
    "CURRENT_SCHEMA",
    "FREEZE",
    "FULL",
    "ILIKE",
    "INNER",
    "IS",
    "ISNULL",
    "JOIN",
    "LEFT",
    "LIKE",
    "NATURAL",
    "NOTNULL",
    "OUTER",
    "OVERLAPS",
    "RIGHT",
    "SIMILAR",
    "TABLESAMPLE",
    "VERBOSE",
];

/// Column-name keywords: a column name, but a function or type name only
/// through grammar rules of their own (`int`, `coalesce(…)`, `EXTRACT(… FROM …)`).
const COL_NAME: &[&str] = &[
    "BETWEEN",
    "BIGINT",
    "BIT",
    "BOOLEAN",
    "CHAR",
    "CHARACTER",
    "COALESCE",
    "DEC",
    "DECIMAL",
    "EXISTS",
    "EXTRACT",
    "FLOAT",
    "GREATEST",
    "GROUPING",
    "INOUT",
    "INT",
    "INTEGER",
    "INTERVAL",
    "JSON",
    "JSON_ARRAY",
    "JSON_ARRAYAGG",
    "JSON_EXISTS",
    "JSON_OBJECT",
    "JSON_OBJECTAGG",
    "JSON_QUERY",
    "JSON_SCALAR",
    "JSON_SERIALIZE",
    "JSON_TABLE",
    "JSON_VALUE",
    "LEAST",
    "MERGE_ACTION",
    "NATIONAL",
    "NCHAR",
    "NONE",
    "NORMALIZE",
    "NULLIF",
    "NUMERIC",
    "OUT",
    "OVERLAY",
    "POSITION",
    "PRECISION",
    "REAL",
    "ROW",
    "SETOF",
    "SMALLINT",
    "SUBSTRING",
    "TIME",
    "TIMESTAMP",
    "TREAT",
    "TRIM",
    "VALUES",
    "VARCHAR",
    "XMLATTRIBUTES",
    "XMLCONCAT",
    "XMLELEMENT",
    "XMLEXISTS",
    "XMLFOREST",
    "XMLNAMESPACES",
    "XMLPARSE",
    "XMLPI",
    "XMLROOT",
    "XMLSERIALIZE",
    "XMLTABLE",
];

/// Words that may follow a column's type in a column definition (constraints,
/// options, and the words of multi-word types this check does not read).
const AFTER_COLUMN_TYPE: &[&str] = &[
    // `CHARACTER SET name` after a character type, left to sqlparser.
    "CHARACTER",
    "CONSTRAINT",
    "NOT",
    "NULL",
    "CHECK",
    "DEFAULT",
    "GENERATED",
    "UNIQUE",
    "PRIMARY",
    "REFERENCES",
    "COLLATE",
    "DEFERRABLE",
    "INITIALLY",
    "STORAGE",
    "COMPRESSION",
    "ENFORCED",
    "NO",
    "VALID",
    "WITH",
    "WITHOUT",
    "OPTIONS",
    "VARYING",
    "PRECISION",
    "ZONE",
    "TIME",
    "ARRAY",
    "YEAR",
    "MONTH",
    "DAY",
    "HOUR",
    "MINUTE",
    "SECOND",
    "TO",
    "IDENTITY",
];

/// First words of statements: one of these where a statement may end means a missing `;`.
const STATEMENT_START: &[&str] = &[
    "ALTER", "CREATE", "DROP", "INSERT", "UPDATE", "DELETE", "SELECT", "TRUNCATE", "GRANT",
    "REVOKE", "COMMENT", "VACUUM", "REINDEX", "CLUSTER", "ANALYZE", "BEGIN", "COMMIT",
];

fn is_any(src: &str, t: &Token, list: &[&str]) -> bool {
    t.kind == Tok::Word && {
        let s = t.text(src);
        list.iter().any(|k| s.eq_ignore_ascii_case(k))
    }
}

/// A parser over one statement's tokens.
struct P<'a> {
    src: &'a str,
    t: &'a [Token],
    i: usize,
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.t.get(self.i)
    }
    fn at(&self, off: usize) -> Option<&'a Token> {
        self.t.get(self.i + off)
    }
    fn kw(&self, k: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(self.src, k))
    }
    fn eat(&mut self, k: &str) -> bool {
        let hit = self.kw(k);
        if hit {
            self.i += 1;
        }
        hit
    }
    fn eat_seq(&mut self, ks: &[&str]) -> bool {
        let all = ks
            .iter()
            .enumerate()
            .all(|(o, k)| self.at(o).is_some_and(|t| t.is_kw(self.src, k)));
        if all {
            self.i += ks.len();
        }
        all
    }
    fn expect(&mut self, k: &str) -> R {
        if self.eat(k) {
            Ok(())
        } else {
            Err(Stop::Unknown)
        }
    }
    fn punct(&self, c: u8) -> bool {
        self.peek().is_some_and(|t| t.kind == Tok::Punct(c))
    }
    fn eat_punct(&mut self, c: u8) -> bool {
        let hit = self.punct(c);
        if hit {
            self.i += 1;
        }
        hit
    }
    fn expect_punct(&mut self, c: u8) -> R {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(Stop::Unknown)
        }
    }
    fn op(&self, s: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == Tok::Op && t.text(self.src) == s)
    }
    fn any(&self, list: &[&str]) -> bool {
        self.peek().is_some_and(|t| is_any(self.src, t, list))
    }

    /// The statement may end here: nothing follows, or a missing `;` before another statement.
    fn end(&self) -> R {
        match self.peek() {
            None => Ok(()),
            Some(t) if is_any(self.src, t, STATEMENT_START) => {
                let message = if starts_statement(self.src, self.t, self.i) {
                    missing_message(self.src, self.t, self.i)
                } else {
                    format!(
                        "`{}` cannot follow here: a `,` or a `;` is missing before it",
                        t.text(self.src).to_ascii_uppercase()
                    )
                };
                Err(Stop::Invalid(self.i, message))
            }
            Some(_) => Err(Stop::Unknown),
        }
    }

    /// A word that is a plain name: not reserved, not `$1`.
    fn plain_word(&self, t: &Token, extra: &[&str]) -> bool {
        t.kind == Tok::Word
            && !t.text(self.src).starts_with('$')
            && !is_any(self.src, t, RESERVED)
            && !is_any(self.src, t, extra)
    }

    /// `ColId`: an identifier, an unreserved or a column-name keyword.
    fn colid(&mut self) -> R {
        match self.peek() {
            Some(t)
                if matches!(t.kind, Tok::QuotedIdent | Tok::Placeholder)
                    || self.plain_word(t, TYPE_FUNC_NAME) =>
            {
                self.i += 1;
                Ok(())
            }
            _ => Err(Stop::Unknown),
        }
    }

    /// `[catalog.][schema.]name`.
    fn qname(&mut self) -> R {
        self.colid()?;
        for _ in 0..2 {
            if !self.eat_punct(b'.') {
                break;
            }
            self.colid()?;
        }
        Ok(())
    }

    /// `( name [, …] )`.
    fn name_list(&mut self) -> R {
        self.expect_punct(b'(')?;
        loop {
            self.colid()?;
            if !self.eat_punct(b',') {
                break;
            }
        }
        self.expect_punct(b')')
    }

    fn statement(&mut self) -> R {
        if self.eat("ALTER") {
            self.expect("TABLE")?;
            return self.alter_table();
        }
        if self.eat("CREATE") {
            if self.kw("UNIQUE") || self.kw("INDEX") {
                return self.create_index();
            }
            self.expect("TABLE")?;
            return self.create_table();
        }
        if self.eat("UPDATE") {
            return self.update();
        }
        if self.eat("DELETE") {
            return self.delete();
        }
        if self.eat("DROP") {
            return self.drop();
        }
        Err(Stop::Unknown)
    }

    fn alter_table(&mut self) -> R {
        self.eat_seq(&["IF", "EXISTS"]);
        self.eat("ONLY");
        self.qname()?;
        if self.op("*") {
            self.i += 1;
        }
        if self.eat("RENAME") {
            // RENAME is a statement of its own: one action, no list.
            if self.eat("CONSTRAINT") {
                self.colid()?;
                self.expect("TO")?;
            } else if !self.eat("TO") {
                self.eat("COLUMN");
                self.colid()?;
                self.expect("TO")?;
            }
            self.colid()?;
            return self.end();
        }
        loop {
            self.action()?;
            if !self.eat_punct(b',') {
                break;
            }
        }
        self.end()
    }

    fn action(&mut self) -> R {
        if self.eat("ADD") {
            if self.any(&["CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN"]) {
                self.table_constraint(true)?;
                return Ok(());
            }
            self.eat("COLUMN");
            self.eat_seq(&["IF", "NOT", "EXISTS"]);
            return self.column_def();
        }
        if self.eat("DROP") {
            if !self.eat("CONSTRAINT") {
                self.eat("COLUMN");
            }
            self.eat_seq(&["IF", "EXISTS"]);
            self.colid()?;
            if !self.eat("CASCADE") {
                self.eat("RESTRICT");
            }
            return Ok(());
        }
        if self.eat("ALTER") {
            self.eat("COLUMN");
            self.colid()?;
            if self.eat_seq(&["SET", "DATA", "TYPE"]) || self.eat("TYPE") {
                self.type_name()?;
                if self.eat("COLLATE") {
                    self.qname()?;
                }
                if self.eat("USING") {
                    self.expr(false)?;
                }
                return Ok(());
            }
            if self.eat_seq(&["SET", "DEFAULT"]) {
                return self.expr(true);
            }
            if self.eat_seq(&["DROP", "DEFAULT"])
                || self.eat_seq(&["SET", "NOT", "NULL"])
                || self.eat_seq(&["DROP", "NOT", "NULL"])
            {
                return Ok(());
            }
            return Err(Stop::Unknown);
        }
        if self.eat("VALIDATE") {
            self.expect("CONSTRAINT")?;
            return self.colid();
        }
        Err(Stop::Unknown)
    }

    /// `name type [column constraints]`.
    fn column_def(&mut self) -> R {
        self.colid()?;
        let ty = self.i;
        self.type_name()?;
        if let Some(t) = self.peek() {
            if t.kind == Tok::Word
                && !is_any(self.src, t, AFTER_COLUMN_TYPE)
                && !is_any(self.src, t, STATEMENT_START)
            {
                let ty: Vec<&str> = self.t[ty..self.i]
                    .iter()
                    .map(|t| t.text(self.src))
                    .collect();
                return Err(Stop::Invalid(
                    self.i,
                    format!(
                        "`{}` cannot follow the column type `{}`: a keyword is misspelt or a comma is missing",
                        t.text(self.src),
                        ty.join(" ")
                    ),
                ));
            }
        }
        loop {
            if self.eat("CONSTRAINT") {
                self.colid()?;
                if !self.any(&[
                    "NOT",
                    "NULL",
                    "CHECK",
                    "DEFAULT",
                    "UNIQUE",
                    "PRIMARY",
                    "REFERENCES",
                    "GENERATED",
                ]) {
                    return Err(Stop::Unknown);
                }
                continue;
            }
            if self.eat("NOT") {
                if self.eat("NULL") || self.eat("DEFERRABLE") {
                    continue;
                }
                if self.any(&["ENFORCED", "VALID"]) {
                    return Err(Stop::Unknown);
                }
                let found = self
                    .peek()
                    .map_or("the end of the statement", |t| t.text(self.src));
                return Err(Stop::Invalid(
                    self.i,
                    format!("`NOT` in a column definition must be followed by `NULL` or `DEFERRABLE`, not `{found}`"),
                ));
            }
            if self.eat("NULL") || self.eat("DEFERRABLE") {
                continue;
            }
            if self.eat("DEFAULT") {
                self.expr(true)?;
                continue;
            }
            if self.eat("CHECK") {
                self.paren_expr()?;
                self.eat_seq(&["NO", "INHERIT"]);
                continue;
            }
            if self.eat("UNIQUE") {
                self.nulls_distinct();
                continue;
            }
            if self.eat_seq(&["PRIMARY", "KEY"]) {
                continue;
            }
            if self.eat("REFERENCES") {
                self.references()?;
                continue;
            }
            if self.eat("GENERATED") {
                if self.eat("ALWAYS") {
                    if self.eat("AS") && self.punct(b'(') {
                        self.paren_expr()?;
                        self.expect("STORED")?;
                        continue;
                    }
                    self.i -= 1;
                    self.expect("AS")?;
                } else {
                    self.expect("BY")?;
                    self.expect("DEFAULT")?;
                    self.expect("AS")?;
                }
                self.expect("IDENTITY")?;
                if self.punct(b'(') {
                    return Err(Stop::Unknown);
                }
                continue;
            }
            if self.eat("COLLATE") {
                self.qname()?;
                continue;
            }
            if self.eat("INITIALLY") {
                if !self.eat("DEFERRED") {
                    self.expect("IMMEDIATE")?;
                }
                continue;
            }
            return Ok(());
        }
    }

    fn nulls_distinct(&mut self) {
        if !self.eat_seq(&["NULLS", "NOT", "DISTINCT"]) {
            self.eat_seq(&["NULLS", "DISTINCT"]);
        }
    }

    /// After `REFERENCES`: `table [(cols)] [MATCH …] [ON DELETE|UPDATE action]…`.
    fn references(&mut self) -> R {
        self.qname()?;
        if self.punct(b'(') {
            self.name_list()?;
        }
        if self.eat("MATCH") && !(self.eat("FULL") || self.eat("SIMPLE") || self.eat("PARTIAL")) {
            return Err(Stop::Unknown);
        }
        while self.eat("ON") {
            if !(self.eat("DELETE") || self.eat("UPDATE")) {
                return Err(Stop::Unknown);
            }
            let ok = self.eat_seq(&["NO", "ACTION"])
                || self.eat("RESTRICT")
                || self.eat("CASCADE")
                || self.eat_seq(&["SET", "NULL"])
                || self.eat_seq(&["SET", "DEFAULT"]);
            if !ok || self.punct(b'(') {
                return Err(Stop::Unknown);
            }
        }
        Ok(())
    }

    /// `[CONSTRAINT name] CHECK|UNIQUE|PRIMARY KEY|FOREIGN KEY … [attributes]`.
    fn table_constraint(&mut self, in_alter: bool) -> R {
        if self.eat("CONSTRAINT") {
            self.colid()?;
        }
        if self.eat("CHECK") {
            self.paren_expr()?;
            self.eat_seq(&["NO", "INHERIT"]);
        } else if self.eat("UNIQUE") || self.eat_seq(&["PRIMARY", "KEY"]) {
            if in_alter && self.eat_seq(&["USING", "INDEX"]) {
                self.colid()?;
            } else {
                self.nulls_distinct();
                self.name_list()?;
            }
        } else if self.eat_seq(&["FOREIGN", "KEY"]) {
            self.name_list()?;
            self.expect("REFERENCES")?;
            self.references()?;
        } else {
            return Err(Stop::Unknown);
        }
        loop {
            if self.eat("DEFERRABLE") || self.eat_seq(&["NOT", "DEFERRABLE"]) {
                continue;
            }
            if self.eat("INITIALLY") {
                if !self.eat("DEFERRED") {
                    self.expect("IMMEDIATE")?;
                }
                continue;
            }
            if in_alter && self.eat_seq(&["NOT", "VALID"]) {
                continue;
            }
            return Ok(());
        }
    }

    fn create_index(&mut self) -> R {
        self.eat("UNIQUE");
        self.expect("INDEX")?;
        self.eat("CONCURRENTLY");
        // The name is optional, but not after IF NOT EXISTS.
        if self.eat_seq(&["IF", "NOT", "EXISTS"]) || !self.kw("ON") {
            self.colid()?;
        }
        self.expect("ON")?;
        self.eat("ONLY");
        self.qname()?;
        if self.eat("USING") {
            self.colid()?;
        }
        self.expect_punct(b'(')?;
        loop {
            self.index_elem()?;
            if !self.eat_punct(b',') {
                break;
            }
        }
        self.expect_punct(b')')?;
        if self.eat("INCLUDE") {
            self.name_list()?;
        }
        self.nulls_distinct();
        if self.eat("WHERE") {
            self.expr(false)?;
        }
        self.end()
    }

    fn index_elem(&mut self) -> R {
        if self.punct(b'(') {
            self.paren_expr()?;
        } else if self.at(1).is_some_and(|t| t.kind == Tok::Punct(b'(')) {
            self.primary()?;
        } else {
            self.colid()?;
        }
        if self.eat("COLLATE") {
            self.qname()?;
        }
        // An operator class.
        if self.peek().is_some_and(|t| {
            t.kind == Tok::QuotedIdent
                || self.plain_word(t, &["ASC", "DESC", "NULLS"])
                    && !is_any(self.src, t, TYPE_FUNC_NAME)
        }) {
            self.qname()?;
            if self.punct(b'(') {
                return Err(Stop::Unknown);
            }
        }
        if !self.eat("ASC") {
            self.eat("DESC");
        }
        if self.eat("NULLS") && !(self.eat("FIRST") || self.eat("LAST")) {
            return Err(Stop::Unknown);
        }
        Ok(())
    }

    fn create_table(&mut self) -> R {
        self.eat_seq(&["IF", "NOT", "EXISTS"]);
        self.qname()?;
        self.expect_punct(b'(')?;
        if !self.eat_punct(b')') {
            loop {
                if self.any(&["CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN"]) {
                    self.table_constraint(false)?;
                } else {
                    self.column_def()?;
                }
                if !self.eat_punct(b',') {
                    break;
                }
            }
            self.expect_punct(b')')?;
        }
        self.end()
    }

    /// An optional table alias: `[AS] name`.
    fn alias(&mut self) -> R {
        if self.eat("AS") {
            return self.colid();
        }
        if self.peek().is_some_and(|t| {
            matches!(t.kind, Tok::QuotedIdent) || self.plain_word(t, TYPE_FUNC_NAME)
        }) && !self.kw("SET")
        {
            self.i += 1;
        }
        Ok(())
    }

    fn update(&mut self) -> R {
        self.eat("ONLY");
        self.qname()?;
        if self.op("*") {
            self.i += 1;
        }
        self.alias()?;
        self.expect("SET")?;
        loop {
            self.colid()?;
            if !self.op("=") {
                return Err(Stop::Unknown);
            }
            self.i += 1;
            if !self.eat("DEFAULT") {
                self.expr(false)?;
            }
            if !self.eat_punct(b',') {
                break;
            }
        }
        self.where_clause()?;
        self.end()
    }

    fn where_clause(&mut self) -> R {
        if self.eat("WHERE") {
            if self.kw("CURRENT") && self.at(1).is_some_and(|t| t.is_kw(self.src, "OF")) {
                return Err(Stop::Unknown);
            }
            self.expr(false)?;
        }
        Ok(())
    }

    fn delete(&mut self) -> R {
        self.expect("FROM")?;
        self.eat("ONLY");
        self.qname()?;
        if self.op("*") {
            self.i += 1;
        }
        self.alias()?;
        self.where_clause()?;
        self.end()
    }

    fn drop(&mut self) -> R {
        if !self.eat("TABLE") {
            self.expect("INDEX")?;
            self.eat("CONCURRENTLY");
        }
        self.eat_seq(&["IF", "EXISTS"]);
        loop {
            self.qname()?;
            if !self.eat_punct(b',') {
                break;
            }
        }
        if !self.eat("CASCADE") {
            self.eat("RESTRICT");
        }
        self.end()
    }

    /// A type name: the SQL-standard spellings, or a (qualified) name with
    /// numeric modifiers, then array bounds.
    fn type_name(&mut self) -> R {
        let Some(t) = self.peek() else {
            return Err(Stop::Unknown);
        };
        if t.kind == Tok::Word {
            let w = t.text(self.src).to_ascii_uppercase();
            self.i += 1;
            match w.as_str() {
                "DOUBLE" => self.expect("PRECISION")?,
                "CHARACTER" | "CHAR" | "NCHAR" | "BIT" => {
                    self.eat("VARYING");
                    self.modifiers()?;
                }
                "NATIONAL" => {
                    if !self.eat("CHARACTER") {
                        self.expect("CHAR")?;
                    }
                    self.eat("VARYING");
                    self.modifiers()?;
                }
                "TIMESTAMP" | "TIME" => {
                    self.modifiers()?;
                    if self.eat("WITH") || self.eat("WITHOUT") {
                        self.expect("TIME")?;
                        self.expect("ZONE")?;
                    }
                }
                "INTERVAL" => {
                    if self.any(&["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]) {
                        return Err(Stop::Unknown);
                    }
                    self.modifiers()?;
                }
                "VARCHAR" | "NUMERIC" | "DECIMAL" | "DEC" | "FLOAT" => self.modifiers()?,
                "INT" | "INTEGER" | "SMALLINT" | "BIGINT" | "REAL" | "BOOLEAN" | "JSON" => {}
                _ => {
                    self.i -= 1;
                    // `type_function_name`: not reserved, not a column-name keyword.
                    if !self.plain_word(t, COL_NAME) {
                        return Err(Stop::Unknown);
                    }
                    self.i += 1;
                    while self.eat_punct(b'.') {
                        self.colid()?;
                    }
                    self.modifiers()?;
                }
            }
        } else if t.kind == Tok::QuotedIdent {
            self.qname()?;
            self.modifiers()?;
        } else {
            return Err(Stop::Unknown);
        }
        // Array bounds: `[]`, `[3]`, `ARRAY`, `ARRAY[3]`.
        let array_bound = |p: &mut Self| -> R {
            p.expect_punct(b'[')?;
            if p.peek().is_some_and(|t| t.kind == Tok::Number) {
                p.i += 1;
            }
            p.expect_punct(b']')
        };
        if self.eat("ARRAY") {
            if self.punct(b'[') {
                array_bound(self)?;
            }
        } else {
            while self.punct(b'[') {
                array_bound(self)?;
            }
        }
        Ok(())
    }

    /// `(n [, m])` type modifiers, if any.
    fn modifiers(&mut self) -> R {
        if !self.eat_punct(b'(') {
            return Ok(());
        }
        loop {
            if !self.peek().is_some_and(|t| t.kind == Tok::Number) {
                return Err(Stop::Unknown);
            }
            self.i += 1;
            if !self.eat_punct(b',') {
                break;
            }
        }
        self.expect_punct(b')')
    }

    /// `( a_expr )`.
    fn paren_expr(&mut self) -> R {
        self.expect_punct(b'(')?;
        self.expr(false)?;
        self.expect_punct(b')')
    }

    /// An expression: PostgreSQL's `a_expr`, or with `b` its `b_expr` (no
    /// boolean operators, `IS`, `IN`, `LIKE` or `BETWEEN` at the top: used
    /// for `DEFAULT`, where `NOT NULL` may follow).
    fn expr(&mut self, b: bool) -> R {
        self.unary(b)?;
        loop {
            if let Some(t) = self.peek() {
                if t.kind == Tok::Op && t.text(self.src) != "::" {
                    self.i += 1;
                    self.unary(b)?;
                    continue;
                }
            }
            if b {
                return Ok(());
            }
            if self.eat("AND") || self.eat("OR") {
                self.unary(false)?;
                continue;
            }
            if self.eat("IS") {
                self.eat("NOT");
                if self.eat("NULL") || self.eat("TRUE") || self.eat("FALSE") || self.eat("UNKNOWN")
                {
                    continue;
                }
                self.expect("DISTINCT")?;
                self.expect("FROM")?;
                self.unary(true)?;
                continue;
            }
            if self.eat("ISNULL") || self.eat("NOTNULL") {
                continue;
            }
            let negated = self.kw("NOT")
                && self
                    .at(1)
                    .is_some_and(|t| is_any(self.src, t, &["IN", "LIKE", "ILIKE", "BETWEEN"]));
            if negated {
                self.i += 1;
            }
            if self.eat("IN") {
                self.expect_punct(b'(')?;
                if self.any(&["SELECT", "WITH", "VALUES"]) {
                    return Err(Stop::Unknown);
                }
                self.expr_list()?;
                self.expect_punct(b')')?;
                continue;
            }
            if self.eat("LIKE") || self.eat("ILIKE") {
                self.unary(true)?;
                if self.eat("ESCAPE") {
                    self.unary(true)?;
                }
                continue;
            }
            if self.eat("BETWEEN") {
                self.eat("SYMMETRIC");
                self.expr(true)?;
                self.expect("AND")?;
                self.expr(true)?;
                continue;
            }
            if negated {
                return Err(Stop::Unknown);
            }
            return Ok(());
        }
    }

    fn expr_list(&mut self) -> R {
        loop {
            self.expr(false)?;
            if !self.eat_punct(b',') {
                return Ok(());
            }
        }
    }

    /// Prefix operators, an operand, then `::type` casts.
    fn unary(&mut self, b: bool) -> R {
        loop {
            if !b && self.eat("NOT") {
                continue;
            }
            if self.op("-") || self.op("+") || self.op("~") {
                self.i += 1;
                continue;
            }
            break;
        }
        self.primary()?;
        while self.op("::") {
            self.i += 1;
            self.type_name()?;
        }
        if self.punct(b'[') || self.kw("COLLATE") || self.kw("AT") {
            return Err(Stop::Unknown);
        }
        Ok(())
    }

    fn primary(&mut self) -> R {
        let Some(t) = self.peek() else {
            return Err(Stop::Unknown);
        };
        match t.kind {
            Tok::Number => {
                if !t
                    .text(self.src)
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c == b'.')
                {
                    return Err(Stop::Unknown);
                }
                self.i += 1;
                Ok(())
            }
            Tok::Str | Tok::Dollar { .. } => {
                self.i += 1;
                Ok(())
            }
            Tok::Punct(b'(') => {
                self.i += 1;
                if self.any(&["SELECT", "WITH", "VALUES", "TABLE"]) {
                    return Err(Stop::Unknown);
                }
                // A parenthesised expression or a row constructor.
                self.expr_list()?;
                self.expect_punct(b')')
            }
            Tok::QuotedIdent | Tok::Placeholder => self.name_or_call(),
            Tok::Word => {
                let src = self.src;
                if is_any(
                    src,
                    t,
                    &[
                        "TRUE",
                        "FALSE",
                        "NULL",
                        "CURRENT_DATE",
                        "CURRENT_ROLE",
                        "CURRENT_USER",
                        "SESSION_USER",
                        "USER",
                        "CURRENT_CATALOG",
                    ],
                ) {
                    self.i += 1;
                    return Ok(());
                }
                if is_any(
                    src,
                    t,
                    &[
                        "CURRENT_TIMESTAMP",
                        "CURRENT_TIME",
                        "LOCALTIME",
                        "LOCALTIMESTAMP",
                    ],
                ) {
                    self.i += 1;
                    return self.modifiers();
                }
                if t.is_kw(src, "CAST") {
                    self.i += 1;
                    self.expect_punct(b'(')?;
                    self.expr(false)?;
                    self.expect("AS")?;
                    self.type_name()?;
                    return self.expect_punct(b')');
                }
                // A typed literal: `DATE '2024-01-01'`, `INTERVAL '1 day'`.
                if self.at(1).is_some_and(|n| n.kind == Tok::Str) && !is_any(src, t, RESERVED) {
                    let interval = t.is_kw(src, "INTERVAL");
                    self.i += 2;
                    if interval && self.any(&["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]) {
                        return Err(Stop::Unknown);
                    }
                    return Ok(());
                }
                if is_any(src, t, &["COALESCE", "GREATEST", "LEAST", "NULLIF"]) {
                    self.i += 1;
                    self.expect_punct(b'(')?;
                    self.expr_list()?;
                    return self.expect_punct(b')');
                }
                if is_any(src, t, RESERVED) || is_any(src, t, COL_NAME) {
                    return Err(Stop::Unknown);
                }
                self.name_or_call()
            }
            _ => Err(Stop::Unknown),
        }
    }

    /// A column reference `a[.b[.c]]`, a function call `f(…)`, or a typed
    /// literal `name 'text'`.
    fn name_or_call(&mut self) -> R {
        let Some(first) = self.peek() else {
            return Err(Stop::Unknown);
        };
        let func_only = is_any(self.src, first, TYPE_FUNC_NAME);
        if first.kind == Tok::Word && first.text(self.src).starts_with('$') {
            return Err(Stop::Unknown);
        }
        self.i += 1;
        let mut parts = 1;
        while self.eat_punct(b'.') {
            if self.op("*") {
                self.i += 1;
                return Ok(());
            }
            self.colid()?;
            parts += 1;
        }
        if self.eat_punct(b'(') {
            if self.op("*") {
                self.i += 1;
            } else if self.any(&["DISTINCT", "ALL", "VARIADIC", "ORDER"]) {
                return Err(Stop::Unknown);
            } else if !self.punct(b')') {
                loop {
                    self.expr(false)?;
                    if self.op("=>") || self.kw("ORDER") {
                        return Err(Stop::Unknown);
                    }
                    if !self.eat_punct(b',') {
                        break;
                    }
                }
            }
            self.expect_punct(b')')?;
            if self.any(&["OVER", "FILTER", "WITHIN"]) {
                return Err(Stop::Unknown);
            }
            return Ok(());
        }
        if parts == 1 && self.peek().is_some_and(|t| t.kind == Tok::Str) {
            self.i += 1;
            return Ok(());
        }
        if func_only {
            return Err(Stop::Unknown);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sql: &str) -> Syntax {
        let (toks, err) = crate::lex::lex(sql);
        assert!(err.is_none());
        let toks: Vec<Token> = toks
            .into_iter()
            .filter(|t| t.kind != Tok::Comment && t.kind != Tok::Punct(b';'))
            .collect();
        check(sql, &toks)
    }

    #[test]
    fn the_benchmark_shapes_are_valid() {
        for sql in [
            "ALTER TABLE users_1 DROP COLUMN legacy_flag",
            "ALTER TABLE users_1 ADD COLUMN score int NOT NULL",
            "CREATE INDEX users_1_email_idx ON users_1 (email)",
            "ALTER TABLE users_1 RENAME COLUMN name TO full_name",
            "ALTER TABLE orders_1 ADD CONSTRAINT orders_1_user_fk FOREIGN KEY (user_id) REFERENCES users_1 (id)",
            "ALTER TABLE orders_1 ALTER COLUMN amount TYPE bigint",
            "CREATE TABLE audit_1 (id bigint PRIMARY KEY, actor text NOT NULL, payload jsonb)",
            "UPDATE accounts_1 SET plan = 'free', updated_at = now() WHERE plan IS NULL",
        ] {
            assert_eq!(run(sql), Syntax::Valid, "{sql}");
        }
    }

    #[test]
    fn common_valid_shapes() {
        for sql in [
            "ALTER TABLE IF EXISTS ONLY public.t ADD COLUMN IF NOT EXISTS a varchar(20)[] DEFAULT '{}' NOT NULL",
            "ALTER TABLE t ADD b timestamp(3) with time zone DEFAULT now() - interval '1 day'",
            "ALTER TABLE t ADD c double precision CHECK (c > 0 AND c < 10.5), ADD d character varying(5) COLLATE \"C\"",
            "ALTER TABLE t ALTER COLUMN a SET DATA TYPE numeric(10, 2) USING a::numeric",
            "ALTER TABLE t ALTER a SET DEFAULT 0, ALTER b DROP DEFAULT, ALTER c SET NOT NULL, ALTER d DROP NOT NULL",
            "ALTER TABLE t ADD CONSTRAINT t_c CHECK (c IS NOT NULL) NOT VALID",
            "ALTER TABLE t VALIDATE CONSTRAINT t_c",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_c CASCADE, DROP COLUMN IF EXISTS x",
            "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_idx",
            "ALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES u ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID",
            "ALTER TABLE t ADD COLUMN u_id bigint REFERENCES u (id) ON DELETE SET NULL",
            "ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a + 1) STORED",
            "ALTER TABLE t RENAME TO u",
            "ALTER TABLE t RENAME CONSTRAINT a TO b",
            "ALTER TABLE t RENAME a TO b",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t USING btree (lower(email), (a + b) DESC NULLS LAST, c text_pattern_ops) INCLUDE (d) WHERE deleted_at IS NULL",
            "CREATE INDEX ON t (a)",
            "CREATE TABLE IF NOT EXISTS s.t (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, n int CONSTRAINT n_pos CHECK (n >= 0), UNIQUE NULLS NOT DISTINCT (n), CONSTRAINT fk FOREIGN KEY (n) REFERENCES u (id) DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TABLE t ()",
            "UPDATE ONLY t AS x SET a = DEFAULT, b = coalesce(b, 0) + 1 WHERE id IN (1, 2, 3) AND NOT done OR c BETWEEN 1 AND 5",
            "UPDATE t SET a = CAST(b AS text) WHERE c NOT LIKE 'x%' AND d IS DISTINCT FROM e",
            "DELETE FROM t WHERE created_at < now() - interval '30 days'",
            "DELETE FROM ONLY t",
            "DROP TABLE IF EXISTS a, s.b CASCADE",
            "DROP INDEX CONCURRENTLY IF EXISTS i",
        ] {
            assert_eq!(run(sql), Syntax::Valid, "{sql}");
        }
    }

    #[test]
    fn shapes_outside_the_subset_are_left_to_sqlparser() {
        for sql in [
            "ALTER TABLE t ALTER CONSTRAINT c DEFERRABLE",
            "ALTER TABLE t ADD COLUMN a int, RENAME COLUMN b TO c",
            "ALTER TABLE t ADD COLUMN a interval day to second",
            "ALTER TABLE t ADD COLUMN a varchar(10) CHARACTER SET utf8",
            "CREATE TABLE t AS SELECT 1",
            "CREATE TABLE t (LIKE u INCLUDING ALL)",
            "CREATE INDEX i ON t (a) WITH (fillfactor = 70)",
            "UPDATE t SET a = b FROM u WHERE t.id = u.id",
            "UPDATE t SET (a, b) = (1, 2)",
            "UPDATE t SET a = (SELECT 1)",
            "UPDATE t SET a = CASE WHEN b THEN 1 END",
            "DELETE FROM t WHERE a = ANY (SELECT 1) RETURNING *",
            "ALTER TABLE t ADD COLUMN select int",
            "ALTER TABLE t ADD COLUMN a values",
            "UPDATE t SET a = $1",
            "UPDATE t SET a = = b",
            "ALTER SEQUENCE s RESTART",
        ] {
            assert_eq!(run(sql), Syntax::Unknown, "{sql}");
        }
    }

    #[test]
    fn invalid_sql_it_recognises() {
        let cases = [
            (
                "ALTER TABLE users ADD COLUMN a int\nCREATE INDEX i ON users (a)",
                "`CREATE INDEX` starts another statement",
            ),
            (
                "UPDATE t SET a = 1 WHERE b = 2\nDELETE FROM u",
                "`DELETE FROM` starts another statement",
            ),
            (
                "ALTER TABLE users ADD COLUM nickname text",
                "`text` cannot follow the column type `nickname`",
            ),
            (
                "ALTER TABLE users ADD COLUMN nickname text NOT NUL",
                "must be followed by `NULL`",
            ),
            (
                "ALTER TABLE users ADD COLUMN a int NOT DEFAULT 1",
                "must be followed by `NULL`",
            ),
            // Outside the subset, at the token level.
            (
                "INSERT INTO t VALUES (1)\nALTER TABLE t ADD COLUMN x int",
                "`ALTER TABLE` starts another statement",
            ),
            (
                "CREATE VIEW v AS SELECT 1\nCREATE INDEX i ON t (a)",
                "`CREATE INDEX` starts another statement",
            ),
        ];
        for (sql, want) in cases {
            match run(sql) {
                Syntax::Invalid { message, .. } => {
                    assert!(message.contains(want), "{sql}: {message}")
                }
                other => panic!("{sql}: {other:?}"),
            }
        }
    }

    #[test]
    fn statements_that_contain_statements_are_not_flagged() {
        for sql in [
            "CREATE SCHEMA s\nCREATE TABLE t (a int)",
            "CREATE RULE r AS ON INSERT TO t DO ALSO\nINSERT INTO log VALUES (1)",
            "WITH x AS (SELECT 1)\nINSERT INTO t SELECT * FROM x",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA s\nGRANT SELECT ON TABLES TO app",
            "CREATE TABLE t (a int REFERENCES u ON\nDELETE CASCADE)",
            "CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC\nINSERT INTO t VALUES (1)",
            "CREATE TRIGGER tr BEFORE\nUPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()",
            "INSERT INTO t\nSELECT 1",
        ] {
            assert!(!matches!(run(sql), Syntax::Invalid { .. }), "{sql}");
        }
    }
}
