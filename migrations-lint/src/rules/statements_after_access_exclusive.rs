//! MIG033 `statements-after-access-exclusive`: more statements in a transaction that already holds ACCESS EXCLUSIVE.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// In a transaction (explicit, or the whole file with `--assume-in-transaction`), the
    /// first statement after one that took an ACCESS EXCLUSIVE lock on an existing table.
    /// `SET`, `COMMENT ON` and `COMMIT` do not count. Reported once per transaction.
    ///
    /// ## Why it is dangerous
    ///
    /// The ACCESS EXCLUSIVE lock is held until commit, so everything after it runs while the
    /// table is unreadable. Even quick statements add up, and one that waits for another lock
    /// can deadlock or stall the table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
    /// COMMIT;
    /// ```
    ///
    /// put the exclusive-lock statement last, or in its own transaction:
    ///
    /// ```sql
    /// BEGIN;
    /// UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// COMMIT;
    /// ```
    pub struct StatementsAfterAccessExclusive {
        code: "MIG033",
        name: "statements-after-access-exclusive",
        level: Warning,
        summary: "Statements run while an ACCESS EXCLUSIVE lock is held",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if !cx.in_tx() || cx.after_lock_reported {
        return;
    }
    if matches!(
        st.kind,
        Kind::Set { .. }
            | Kind::CommentOn { .. }
            | Kind::Commit
            | Kind::Rollback
            | Kind::Begin
            | Kind::Select
            | Kind::Meta
    ) {
        return;
    }
    let Some((table, at)) = cx.ae_lock.clone() else {
        return;
    };
    cx.after_lock_reported = true;
    let d = cx
        .diag(
            &StatementsAfterAccessExclusive::META,
            st,
            format!("this runs while the ACCESS EXCLUSIVE lock on `{table}` taken earlier in the transaction is held; `{table}` is blocked until COMMIT"),
        )
        .with_help("move the statement that takes the ACCESS EXCLUSIVE lock to the end of the transaction, or into its own transaction")
        .with_related("ACCESS EXCLUSIVE lock taken here", at);
    cx.push(d);
}
