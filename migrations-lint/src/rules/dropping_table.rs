//! MIG002 `dropping-table`: `DROP TABLE` on a table not deprecated earlier.

use crate::engine::{Cx, St};
use shipgate_diagnostics::{declare_rule, Level};

declare_rule! {
    /// ## What it flags
    ///
    /// `DROP TABLE t` when `t` existed before this change set and was not marked deprecated
    /// in an earlier migration (`-- shipgate-deprecate t: why`, `COMMENT ON TABLE t IS
    /// 'deprecated: …'`) or in `shipgate.toml`.
    ///
    /// A table swap (`DROP TABLE t; ALTER TABLE t_new RENAME TO t;` in one transaction, by
    /// `BEGIN … COMMIT` or the migration tool's own) keeps the name, so running code keeps
    /// working: it is reported as a warning about what a swap does lose instead.
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
    ///
    /// For a swap, make sure nothing writes to the old table between the copy and the swap,
    /// and recreate on the new table the grants, triggers, views and foreign keys the old one
    /// had: they are dropped with it.
    pub struct DroppingTable {
        code: "MIG002",
        name: "dropping-table",
        level: Error,
        summary: "Dropping a table that running code may still use",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    if cx.is_new(table) || cx.deprecation(table, None).is_some() {
        if cx.in_tx() {
            cx.tx_drops.push((table.to_owned(), None));
        }
        return;
    }
    if cx.in_tx() {
        cx.tx_drops.push((table.to_owned(), Some(cx.diags.len())));
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

/// `ALTER TABLE from RENAME TO to` where `to` was dropped earlier in the same
/// transaction: a table swap. Rewords the drop's finding and returns true (the
/// rename needs no finding of its own: it is what keeps the name).
pub(crate) fn on_rename(cx: &mut Cx<'_, '_>, st: &St<'_>, from: &str, to: &str) -> bool {
    if !cx.in_tx() {
        return false;
    }
    let Some(at) = cx.tx_drops.iter().position(|(t, _)| t == to) else {
        return false;
    };
    let (_, finding) = cx.tx_drops.remove(at);
    let rename = cx.loc(st.start, st.end);
    if let Some(d) = finding.and_then(|i| cx.diags.get_mut(i)) {
        d.level = Level::Warning;
        d.message = format!(
            "table swap: `{to}` is dropped and `{from}` renamed to `{to}` in the same transaction, so the name stays and running code keeps working; rows written to the old `{to}` after `{from}` was filled are lost, and its grants, triggers, views and foreign keys are dropped with it"
        );
        d.help = Some(format!(
            "make sure nothing writes to `{to}` between the copy and the swap, and recreate on the new table what the old one had (grants, triggers, foreign keys pointing at it)"
        ));
        d.notes.clear();
        d.related.push(shipgate_diagnostics::Related {
            label: "the rename that completes the swap".to_owned(),
            location: rename,
        });
    }
    true
}
