//! MIG038 `not-fully-analysed`: a statement the syntax check could not decide and sqlparser rejects, classified by the token-level fallback.

use shipgate_diagnostics::{declare_rule, Diagnostic, LineIndex, Location};

declare_rule! {
    /// ## What it flags
    ///
    /// A statement that shipgate's own syntax check could not decide (it reads the common
    /// shapes of `ALTER TABLE`, `CREATE INDEX`, `CREATE TABLE`, `UPDATE`, `DELETE` and `DROP`
    /// itself) and that sqlparser (the dialect chosen with `--dialect`) then rejected: valid
    /// PostgreSQL that sqlparser does not support, such as `DO $$ … $$`, `REINDEX`,
    /// `ATTACH/DETACH PARTITION`, `ALTER SEQUENCE`, `ALTER DOMAIN`, `CLUSTER`, or invalid SQL
    /// outside the syntax check's subset. Informational: the statement was still classified by
    /// shipgate's token-level fallback and linted, and the rest of the file was linted
    /// normally. Invalid SQL that the syntax check recognises is the warning MIG065
    /// `invalid-sql` instead.
    ///
    /// ## Why it is dangerous
    ///
    /// It is not dangerous by itself, but the statement was only understood at the token
    /// level: an unusual spelling of a dangerous operation could be missed, and a real syntax
    /// error will only show up at deploy time.
    ///
    /// ## Safe alternative
    ///
    /// Nothing to change when the statement is valid PostgreSQL. Instead of leaving a typo
    /// such as
    ///
    /// ```sql
    /// ALTER TABLE users SET (fillfactr 70);
    /// ```
    ///
    /// fix the SQL:
    ///
    /// ```sql
    /// ALTER TABLE users SET (fillfactor = 70);
    /// ```
    pub struct NotFullyAnalysed {
        code: "MIG038",
        name: "not-fully-analysed",
        level: Info,
        summary: "Neither the syntax check nor sqlparser could read this statement; it was classified by the token-level fallback",
    }
}

pub(crate) fn note(
    path: &str,
    index: &LineIndex,
    src: &str,
    start: usize,
    end: usize,
    label: &str,
    err: &str,
) -> Diagnostic {
    let what = if label == "statement" {
        "not recognised by the fallback either: check the SQL".to_owned()
    } else {
        format!("classified by the token-level fallback as {label} and linted")
    };
    Diagnostic::new(
        &NotFullyAnalysed::META,
        format!(
            "not fully analysed: shipgate's syntax check could not decide this statement and sqlparser rejected it ({err}); {what}"
        ),
        Location::from_bytes(path, index, src, start, end),
    )
}
