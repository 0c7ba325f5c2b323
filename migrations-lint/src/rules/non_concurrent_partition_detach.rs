//! MIG019 `non-concurrent-partition-detach`: `DETACH PARTITION` without `CONCURRENTLY`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE parent DETACH PARTITION child` without `CONCURRENTLY`, when the target is
    /// PostgreSQL 14 or later (`--pg-version`). sqlparser cannot parse it; the token-level
    /// fallback classifies it.
    ///
    /// ## Why it is dangerous
    ///
    /// A plain detach takes an ACCESS EXCLUSIVE lock on the parent table: every query on the
    /// partitioned table blocks while it waits and runs.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE measurements DETACH PARTITION measurements_2020;
    /// ```
    ///
    /// use (PostgreSQL 14+, outside a transaction)
    ///
    /// ```sql
    /// ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
    /// ```
    pub struct NonConcurrentPartitionDetach {
        code: "MIG019",
        name: "non-concurrent-partition-detach",
        level: Warning,
        summary: "DETACH PARTITION without CONCURRENTLY locks the parent table",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if cx.opts.pg_version < 14 {
        return;
    }
    let d = cx
        .diag(
            &NonConcurrentPartitionDetach::META,
            st,
            "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table",
        )
        .with_help("use DETACH PARTITION … CONCURRENTLY, outside a transaction");
    cx.push(d);
}
