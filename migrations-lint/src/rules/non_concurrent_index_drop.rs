//! MIG017 `non-concurrent-index-drop`: `DROP INDEX` without `CONCURRENTLY`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `DROP INDEX` without `CONCURRENTLY`, unless the index's table was created in the same
    /// change set. sqlparser cannot parse `DROP INDEX CONCURRENTLY`; shipgate still
    /// classifies it with its token-level fallback.
    ///
    /// ## Why it is dangerous
    ///
    /// A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table. It is quick
    /// once granted, but while it waits behind a long query every other query on the table
    /// queues behind it.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// DROP INDEX users_email_idx;
    /// ```
    ///
    /// use
    ///
    /// ```sql
    /// DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
    /// ```
    pub struct NonConcurrentIndexDrop {
        code: "MIG017",
        name: "non-concurrent-index-drop",
        level: Warning,
        summary: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, names: &[String]) {
    let table = names
        .first()
        .and_then(|n| cx.hist.index_table.get(n).cloned());
    if table.as_deref().is_some_and(|t| cx.is_new(t)) {
        return;
    }
    let on = table.map(|t| format!(" on `{t}`")).unwrap_or_default();
    let d = cx
        .diag(
            &NonConcurrentIndexDrop::META,
            st,
            format!(
                "dropping index `{}` without CONCURRENTLY takes an ACCESS EXCLUSIVE lock{on}",
                names.join("`, `")
            ),
        )
        .with_help("use DROP INDEX CONCURRENTLY, outside a transaction");
    cx.push(d);
}
