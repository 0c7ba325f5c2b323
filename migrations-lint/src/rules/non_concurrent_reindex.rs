//! MIG018 `non-concurrent-reindex`: `REINDEX` without `CONCURRENTLY`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `REINDEX INDEX|TABLE|SCHEMA|DATABASE` without `CONCURRENTLY` (PostgreSQL 12+ has
    /// `REINDEX CONCURRENTLY`). sqlparser cannot parse `REINDEX`; shipgate classifies it with
    /// its token-level fallback.
    ///
    /// ## Why it is dangerous
    ///
    /// A plain `REINDEX` locks out writes to the table and takes an ACCESS EXCLUSIVE lock on
    /// the index being rebuilt, so queries using it block for the whole rebuild.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// REINDEX INDEX users_email_idx;
    /// ```
    ///
    /// use (PostgreSQL 12+, outside a transaction)
    ///
    /// ```sql
    /// REINDEX INDEX CONCURRENTLY users_email_idx;
    /// ```
    pub struct NonConcurrentReindex {
        code: "MIG018",
        name: "non-concurrent-reindex",
        level: Warning,
        summary: "REINDEX without CONCURRENTLY blocks queries",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let help = if cx.opts.pg_version >= 12 {
        "use REINDEX … CONCURRENTLY, outside a transaction".to_owned()
    } else {
        format!(
            "PostgreSQL {} has no REINDEX CONCURRENTLY: build a new index CONCURRENTLY and drop the old one",
            cx.opts.pg_version
        )
    };
    let d = cx
        .diag(
            &NonConcurrentReindex::META,
            st,
            "REINDEX without CONCURRENTLY blocks writes and queries that use the index for the whole rebuild",
        )
        .with_help(help);
    cx.push(d);
}
