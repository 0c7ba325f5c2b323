//! MIG009 `renaming-table`: `ALTER TABLE … RENAME TO`, with the view-based recipe.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE a RENAME TO b` on a table that existed before this change set. A rename
    /// is always a contract step.
    ///
    /// ## Why it is dangerous
    ///
    /// Running code still queries `a` and fails with `relation "a" does not exist` until every
    /// old instance is gone, and again after a rollback. The rename takes an ACCESS EXCLUSIVE
    /// lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE accounts RENAME TO customers;
    /// ```
    ///
    /// rename and leave an updatable view with the old name in the same transaction
    /// (expand), move the app to the new name (migrate), then drop the view a release later
    /// (contract):
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE accounts RENAME TO customers; -- shipgate-ignore MIG009: view keeps old name
    /// CREATE VIEW accounts AS SELECT * FROM customers;
    /// COMMIT;
    /// -- next release: DROP VIEW accounts;
    /// ```
    pub struct RenamingTable {
        code: "MIG009",
        name: "renaming-table",
        level: Error,
        summary: "Renaming a table that running code uses",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, to: &str) {
    if cx.is_new(table) {
        return;
    }
    let d = cx
        .diag(
            &RenamingTable::META,
            st,
            format!("renaming table `{table}` to `{to}` breaks every running query that uses `{table}`"),
        )
        .with_help(format!("keep a view named `{table}` over `{to}` until no running version uses the old name"))
        .with_note(format!("expand: BEGIN; ALTER TABLE {table} RENAME TO {to}; CREATE VIEW {table} AS SELECT * FROM {to}; COMMIT;"))
        .with_note(format!("migrate: release the application reading and writing `{to}`"))
        .with_note(format!("contract (next release): DROP VIEW {table};"));
    cx.push(d);
}
