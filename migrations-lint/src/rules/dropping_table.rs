//! MIG002 `dropping-table`: `DROP TABLE` on a table not deprecated earlier.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `DROP TABLE t` when `t` existed before this change set and was not marked deprecated
    /// in an earlier migration (`-- shipgate-deprecate t: why`, `COMMENT ON TABLE t IS
    /// 'deprecated: …'`) or in `shipgate.toml`.
    ///
    /// ## Why it is dangerous
    ///
    /// A contract step: the running application version still queries the table and fails
    /// with `relation "t" does not exist`; a rollback cannot bring the data back. The drop
    /// waits for an ACCESS EXCLUSIVE lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of `DROP TABLE legacy_events;` in the release that stops using it, stop using
    /// it and mark it first, then drop it a release later:
    ///
    /// ```sql
    /// -- release N: -- shipgate-deprecate legacy_events: moved to events
    /// -- release N+1:
    /// DROP TABLE legacy_events;
    /// ```
    pub struct DroppingTable {
        code: "MIG002",
        name: "dropping-table",
        level: Error,
        summary: "Dropping a table that running code may still use",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    if cx.is_new(table) || cx.deprecation(table, None).is_some() {
        return;
    }
    let d = cx
        .diag(
            &DroppingTable::META,
            st,
            format!("dropping table `{table}` breaks the application version still running during the deploy or after a rollback"),
        )
        .with_help(format!("mark `{table}` deprecated in an earlier migration or shipgate.toml, deploy, then drop it"));
    let d = super::drop_recipe(table, &format!("DROP TABLE {table};"))
        .into_iter()
        .fold(d, |d, n| d.with_note(n));
    cx.push(d);
}
