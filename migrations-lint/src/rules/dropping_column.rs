//! MIG001 `dropping-column`: `ALTER TABLE … DROP COLUMN` on a column not deprecated earlier.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t DROP COLUMN c` on an existing table when `t.c` was not marked
    /// deprecated in an earlier, already-merged migration (`-- shipgate-deprecate t.c: why`,
    /// `COMMENT ON COLUMN t.c IS 'deprecated: …'`) or in `shipgate.toml`. Columns of tables
    /// created in the same change set are exempt. Also found inside `DO` blocks.
    ///
    /// ## Why it is dangerous
    ///
    /// This is a contract step. During a rolling deploy, and after a rollback, the previous
    /// application version still selects and inserts the column: its queries fail with
    /// `column "c" does not exist` as soon as the migration commits. The drop itself takes an
    /// ACCESS EXCLUSIVE lock on the table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of dropping in the release that stops using the column:
    ///
    /// ```sql
    /// ALTER TABLE users DROP COLUMN legacy_flag;
    /// ```
    ///
    /// use two releases: first stop using it and mark it deprecated, then drop it:
    ///
    /// ```sql
    /// -- release N (app no longer reads legacy_flag)
    /// -- shipgate-deprecate users.legacy_flag: replaced by users.flags
    /// -- release N+1
    /// ALTER TABLE users DROP COLUMN legacy_flag;
    /// ```
    pub struct DroppingColumn {
        code: "MIG001",
        name: "dropping-column",
        level: Error,
        summary: "Dropping a column that running code may still use",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, column: &str) {
    if cx.is_new(table) || cx.deprecation(table, Some(column)).is_some() {
        return;
    }
    let d = cx
        .diag(
            &DroppingColumn::META,
            st,
            format!("dropping column `{table}.{column}` breaks the application version still running during the deploy or after a rollback"),
        )
        .with_help(format!(
            "mark `{table}.{column}` deprecated in an earlier migration or shipgate.toml, deploy, then drop it"
        ));
    let d = super::drop_recipe(
        &format!("{table}.{column}"),
        &format!("ALTER TABLE {table} DROP COLUMN {column};"),
    )
    .into_iter()
    .fold(d, |d, n| d.with_note(n));
    cx.push(d);
}
