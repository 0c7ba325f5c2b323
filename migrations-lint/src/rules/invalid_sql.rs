//! MIG065 `invalid-sql`: SQL that PostgreSQL rejects, recognised by shipgate's own syntax check.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A statement that PostgreSQL would reject with a syntax error, where shipgate's own
    /// syntax check can tell for certain: two statements with the `;` between them missing
    /// (a line that starts another statement, such as `CREATE INDEX` or `ALTER TABLE`, inside
    /// the one before it), two `ALTER TABLE` actions without the `,` between them, a word
    /// after a column's type that no column definition allows (a misspelt `COLUMN` or `NULL`),
    /// or `NOT` followed by anything but `NULL` or `DEFERRABLE` in a column definition.
    /// Checked for `--dialect postgres` (the default). Statements this check cannot decide go
    /// to sqlparser, whose rejections are the info finding MIG038.
    ///
    /// ## Why it is dangerous
    ///
    /// The migration fails at deploy time, and with it every statement after the error in its
    /// transaction. What the linter read was a guess: the statement hidden behind a missing
    /// `;` was not linted on its own.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text
    /// CREATE INDEX CONCURRENTLY users_nickname ON users (nickname);
    /// ```
    ///
    /// end each statement with `;`:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// CREATE INDEX CONCURRENTLY users_nickname ON users (nickname);
    /// ```
    pub struct InvalidSql {
        code: "MIG065",
        name: "invalid-sql",
        level: Warning,
        summary: "SQL that PostgreSQL rejects with a syntax error",
    }
}

/// The finding for `st`, where PostgreSQL rejects the token at byte `at`.
pub(crate) fn report(cx: &mut Cx<'_, '_>, st: &St<'_>, at: usize, message: &str) {
    let pos = cx.index.position(cx.src, at);
    let d = cx
        .diag(
            &InvalidSql::META,
            st,
            format!(
                "PostgreSQL rejects this statement: {message} (line {}, column {})",
                pos.line, pos.column
            ),
        )
        .with_help("fix the SQL; the statement was linted only as far as it could be read");
    cx.push(d);
}
