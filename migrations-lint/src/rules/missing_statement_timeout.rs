//! MIG032 `missing-statement-timeout`: a slow statement on an existing table with no `statement_timeout` set.

use super::LockInfo;
use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// The first statement in a file whose runtime grows with the table (a rewrite, a
    /// validating scan, a non-concurrent index build, a whole-table backfill) on a table that
    /// existed before this change set, when no `SET statement_timeout` came earlier in the
    /// file. Reported once per file, at `info` level.
    ///
    /// ## Why it is dangerous
    ///
    /// Without a limit the statement runs, and holds its locks, for as long as the table
    /// needs: on a large production table that can be far longer than on staging.
    ///
    /// ## Safe alternative
    ///
    /// Instead of an unbounded slow statement:
    ///
    /// ```sql
    /// UPDATE users SET active = true;
    /// ```
    ///
    /// bound it, so a surprise fails fast and can be rescheduled:
    ///
    /// ```sql
    /// SET statement_timeout = '5min';
    /// UPDATE users SET active = true WHERE id BETWEEN 1 AND 10000;
    /// ```
    pub struct MissingStatementTimeout {
        code: "MIG032",
        name: "missing-statement-timeout",
        level: Info,
        summary: "A slow statement runs with no statement_timeout set",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, lock: &LockInfo) {
    if !lock.slow || cx.statement_timeout || cx.statement_timeout_reported {
        return;
    }
    cx.statement_timeout_reported = true;
    let d = cx
        .diag(
            &MissingStatementTimeout::META,
            st,
            format!(
                "{} runs for as long as the table needs, with no statement_timeout",
                st.kind.label()
            ),
        )
        .with_help("add `SET statement_timeout = '5min';` (or a limit that fits) before it");
    cx.push(d);
}
