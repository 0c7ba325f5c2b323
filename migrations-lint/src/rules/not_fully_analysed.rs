//! MIG038 `not-fully-analysed`: a statement sqlparser rejects, classified by the token-level fallback.

use shipgate_diagnostics::{declare_rule, Diagnostic, LineIndex, Location};

declare_rule! {
    /// ## What it flags
    ///
    /// A statement that sqlparser (the dialect chosen with `--dialect`) cannot parse, such as
    /// `DROP INDEX CONCURRENTLY`, `DO $$ … $$`, `REINDEX`, `ATTACH/DETACH PARTITION`,
    /// `ALTER SEQUENCE`, `CLUSTER`, or genuinely invalid SQL. Informational: the statement was
    /// still classified by shipgate's token-level fallback and linted, and the rest of the file
    /// was linted normally.
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
    /// ALTER TABLE users ADD COLUM nickname text;
    /// ```
    ///
    /// fix the SQL:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub struct NotFullyAnalysed {
        code: "MIG038",
        name: "not-fully-analysed",
        level: Info,
        summary: "sqlparser rejected this statement; it was classified by the token-level fallback",
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
        format!("not fully analysed: sqlparser rejected this statement ({err}); {what}"),
        Location::from_bytes(path, index, src, start, end),
    )
}
