//! MIG020 `vacuum-full-or-cluster`: `VACUUM FULL` and `CLUSTER` in a migration.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `VACUUM FULL` (or `VACUUM (FULL)`) and `CLUSTER`. sqlparser cannot parse `CLUSTER`;
    /// the token-level fallback classifies it.
    ///
    /// ## Why it is dangerous
    ///
    /// Both rewrite the whole table under an ACCESS EXCLUSIVE lock: nothing can read or write
    /// it until the rewrite finishes.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// VACUUM FULL events;
    /// ```
    ///
    /// use an online tool such as `pg_repack` (or `REPACK (CONCURRENTLY)` on PostgreSQL 19),
    /// run outside the migration pipeline; a plain `VACUUM` needs no exclusive lock:
    ///
    /// ```sql
    /// VACUUM (ANALYZE) events;
    /// ```
    pub struct VacuumFullOrCluster {
        code: "MIG020",
        name: "vacuum-full-or-cluster",
        level: Error,
        summary: "VACUUM FULL or CLUSTER rewrites a table under ACCESS EXCLUSIVE",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let d = cx
        .diag(
            &VacuumFullOrCluster::META,
            st,
            format!("{} rewrites the table under an ACCESS EXCLUSIVE lock; reads and writes block until it ends", st.kind.label()),
        )
        .with_help("use pg_repack (or REPACK (CONCURRENTLY) on PostgreSQL 19) outside the migration");
    cx.push(d);
}
