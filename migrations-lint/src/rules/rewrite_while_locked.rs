//! MIG034 `rewrite-while-locked`: a slow statement on another table while an ACCESS EXCLUSIVE lock is held.

use super::LockInfo;
use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// In a transaction that already holds an ACCESS EXCLUSIVE lock on an existing table, a
    /// statement that rewrites, scans or backfills a different existing table (or runs a
    /// non-concurrent index build there).
    ///
    /// ## Why it is dangerous
    ///
    /// The first table stays locked, readers and writers included, for the whole duration of
    /// the second statement, which grows with the size of the second table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE users DROP CONSTRAINT users_legacy_check;
    /// UPDATE orders SET status = 'open';
    /// COMMIT;
    /// ```
    ///
    /// run the slow statement in its own transaction, before or after:
    ///
    /// ```sql
    /// UPDATE orders SET status = 'open' WHERE id BETWEEN 1 AND 10000;
    /// ALTER TABLE users DROP CONSTRAINT users_legacy_check;
    /// ```
    pub struct RewriteWhileLocked {
        code: "MIG034",
        name: "rewrite-while-locked",
        level: Error,
        summary: "A slow statement runs while another table is ACCESS EXCLUSIVE locked",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, lock: Option<&LockInfo>) {
    let Some(lock) = lock else { return };
    if !cx.in_tx() || !lock.slow {
        return;
    }
    let Some((held, at)) = cx.ae_lock.clone() else {
        return;
    };
    if held == lock.table || lock.table.is_empty() {
        return;
    }
    let d = cx
        .diag(
            &RewriteWhileLocked::META,
            st,
            format!("this {} on `{}` runs while `{held}` is ACCESS EXCLUSIVE locked by an earlier statement: `{held}` is blocked for its whole duration", st.kind.label(), lock.table),
        )
        .with_help("run the slow statement in its own transaction")
        .with_related("ACCESS EXCLUSIVE lock taken here", at);
    cx.push(d);
}
