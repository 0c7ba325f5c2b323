//! MIG025 `setting-not-null`: `SET NOT NULL` on an existing column without a validated
//! `CHECK (col IS NOT NULL)` (PostgreSQL 12+ then skips the scan).

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ALTER COLUMN c SET NOT NULL` on a table that existed before this change
    /// set, also when the column itself was added earlier in the same file or change set (add
    /// nullable → backfill → SET NOT NULL: the table has rows, so the scan is the same). Not
    /// flagged: a table created in this change set, a column the migrations read already made
    /// NOT NULL (a no-op), or, on PostgreSQL 12+ (`--pg-version`), a column with a validated
    /// `CHECK (c IS NOT NULL)` constraint from an earlier statement or migration.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL scans the whole table to prove there are no NULLs while holding an ACCESS
    /// EXCLUSIVE lock: reads and writes block for the duration of the scan.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    ///
    /// on PostgreSQL 12 and later use a validated CHECK first (CHECK … NOT VALID → VALIDATE →
    /// SET NOT NULL), each step in its own transaction:
    ///
    /// ```sql
    /// ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
    /// ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ALTER TABLE users DROP CONSTRAINT users_email_not_null;
    /// ```
    pub struct SettingNotNull {
        code: "MIG025",
        name: "setting-not-null",
        level: Error,
        summary: "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
    }
}

/// Whether a validated `CHECK (col IS NOT NULL)` lets PostgreSQL skip the scan.
pub(crate) fn has_check(cx: &Cx<'_, '_>, table: &str, col: &str) -> bool {
    cx.opts.pg_version >= 12
        && cx
            .hist
            .not_null_checks
            .contains(&(table.to_owned(), col.to_owned()))
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &str) {
    if cx.is_new(table) || cx.column_not_null(table, col) == Some(true) || has_check(cx, table, col)
    {
        return;
    }
    let help = if cx.opts.pg_version >= 12 {
        format!(
            "on PostgreSQL 12 and later: ADD CONSTRAINT {table}_{col}_not_null CHECK ({col} IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT {table}_{col}_not_null in a separate transaction, then SET NOT NULL (it skips the scan) and drop the CHECK"
        )
    } else {
        format!(
            "PostgreSQL {} always scans; use a CHECK ({col} IS NOT NULL) constraint (NOT VALID, then VALIDATE) instead of SET NOT NULL",
            cx.opts.pg_version
        )
    };
    let d = cx
        .diag(
            &SettingNotNull::META,
            st,
            format!("SET NOT NULL on `{table}.{col}` scans the whole table under an ACCESS EXCLUSIVE lock"),
        )
        .with_help(help);
    cx.push(d);
}
