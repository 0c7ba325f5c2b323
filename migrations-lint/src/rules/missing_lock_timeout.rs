//! MIG031 `missing-lock-timeout`: a blocking lock on an existing table with no `lock_timeout` set in the file.

use super::LockInfo;
use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// The first statement in a file that takes an ACCESS EXCLUSIVE, SHARE or SHARE ROW
    /// EXCLUSIVE lock on a table that existed before this change set, when no `SET
    /// lock_timeout` (or `SET LOCAL lock_timeout`, or `set_config('lock_timeout', …)`) came
    /// earlier in the file. Reported once per file.
    ///
    /// ## Why it is dangerous
    ///
    /// The lock request queues behind any long-running query on the table, and every later
    /// query queues behind the lock request: a quick `ALTER TABLE` turns into an outage for as
    /// long as the slowest open transaction runs.
    ///
    /// ## Safe alternative
    ///
    /// Instead of taking the lock with no limit:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    ///
    /// set a short lock timeout first and retry the migration if it times out:
    ///
    /// ```sql
    /// SET lock_timeout = '2s';
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub struct MissingLockTimeout {
        code: "MIG031",
        name: "missing-lock-timeout",
        level: Warning,
        summary: "A blocking lock is taken with no lock_timeout set",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, lock: &LockInfo) {
    if !lock.blocking || cx.lock_timeout || cx.lock_timeout_reported {
        return;
    }
    cx.lock_timeout_reported = true;
    let on = if lock.table.is_empty() {
        String::new()
    } else {
        format!(" on `{}`", lock.table)
    };
    let d = cx
        .diag(
            &MissingLockTimeout::META,
            st,
            format!("{} takes {} {} lock{on} with no lock_timeout: while it waits, every other query on the table queues behind it", st.kind.label(), super::article(lock.mode), lock.mode),
        )
        .with_help("add `SET lock_timeout = '2s';` at the top of the migration and retry on timeout");
    cx.push(d);
}
