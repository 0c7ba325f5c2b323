//! MIG016 `non-concurrent-index`: `CREATE INDEX` without `CONCURRENTLY` on an existing table.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `CREATE [UNIQUE] INDEX` without `CONCURRENTLY` on a table that existed before this
    /// change set. Tables created earlier in the same file, transaction or change set are
    /// exempt: they are empty when the index is built.
    ///
    /// ## Why it is dangerous
    ///
    /// A plain index build takes a SHARE lock for its whole duration: reads continue but every
    /// INSERT, UPDATE and DELETE on the table waits, for minutes on a large table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE INDEX users_email_idx ON users (email);
    /// ```
    ///
    /// build it concurrently, outside a transaction (in its own migration file for tools that
    /// wrap files in a transaction):
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
    /// ```
    pub struct NonConcurrentIndex {
        code: "MIG016",
        name: "non-concurrent-index",
        level: Error,
        summary: "CREATE INDEX without CONCURRENTLY blocks writes",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    if cx.is_new(table) {
        return;
    }
    let d = cx
        .diag(
            &NonConcurrentIndex::META,
            st,
            format!("building an index on `{table}` without CONCURRENTLY blocks writes (SHARE lock) for the whole build"),
        )
        .with_help("use CREATE INDEX CONCURRENTLY, outside a transaction");
    cx.push(d);
}
