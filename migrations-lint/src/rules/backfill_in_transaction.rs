//! MIG037 `backfill-in-transaction`: a whole-table backfill in the same transaction as DDL.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `UPDATE` or `DELETE` without `WHERE`, and `INSERT … SELECT … FROM`, on a table that
    /// existed before this change set, in the same transaction as schema changes (explicit
    /// `BEGIN … COMMIT`, or the whole file with `--assume-in-transaction`). Backfills of tables
    /// created in the same change set are exempt.
    ///
    /// ## Why it is dangerous
    ///
    /// The backfill touches every row while the DDL's locks (often ACCESS EXCLUSIVE) are held
    /// until commit: the table is blocked for the whole backfill, the transaction bloats the
    /// table and WAL, and a failure rolls back the schema change too.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN active boolean;
    /// UPDATE users SET active = true;
    /// COMMIT;
    /// ```
    ///
    /// commit the DDL first and backfill in batches, each in its own transaction (migrate
    /// phase):
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN active boolean;
    /// UPDATE users SET active = true WHERE id BETWEEN 1 AND 10000 AND active IS NULL;
    /// ```
    pub struct BackfillInTransaction {
        code: "MIG037",
        name: "backfill-in-transaction",
        level: Error,
        summary: "A whole-table backfill runs in the same transaction as DDL",
    }
}

pub(crate) fn record(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    if cx.in_tx() && !cx.is_new(table) {
        cx.tx_backfills.push((table.to_owned(), st.pos()));
    }
}

/// At COMMIT (or the end of a wrapped file): flag backfills if the transaction had DDL.
pub(crate) fn end_of_transaction(cx: &mut Cx<'_, '_>) {
    let Some(ddl) = cx.tx_ddl.clone() else {
        return;
    };
    if !cx.report {
        return;
    }
    for (table, pos) in std::mem::take(&mut cx.tx_backfills) {
        let d = cx
            .diag_at(
                &BackfillInTransaction::META,
                &pos,
                format!("backfill of every row of `{table}` runs in the same transaction as schema changes: their locks are held until it finishes"),
            )
            .with_help("commit the DDL first, then backfill in batches (WHERE id BETWEEN …), each in its own transaction")
            .with_related("schema change in the same transaction", ddl.clone());
        cx.push(d);
    }
}
