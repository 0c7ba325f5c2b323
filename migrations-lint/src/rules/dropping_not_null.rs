//! MIG006 `dropping-not-null`: `ALTER COLUMN … DROP NOT NULL`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ALTER COLUMN c DROP NOT NULL` on an existing table, unless the migrations
    /// read show the column is already nullable (a no-op). It is an expand step: new code may
    /// now write NULLs while old code keeps writing values.
    ///
    /// ## Why it is dangerous
    ///
    /// Once new code writes NULLs, the previous application version (still running during
    /// the deploy, or back after a rollback) reads rows it assumes cannot exist and fails:
    /// null pointer errors, failed deserialisation, wrong aggregates.
    ///
    /// ## Safe alternative
    ///
    /// Instead of relaxing the column in the same release that writes NULLs:
    ///
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
    /// ```
    ///
    /// ship code that handles NULL first (release N), then drop the constraint (release N+1)
    /// with `-- shipgate-ignore MIG006: readers handle NULL since release N`.
    pub struct DroppingNotNull {
        code: "MIG006",
        name: "dropping-not-null",
        level: Warning,
        summary: "Making a column nullable that running code assumes is NOT NULL",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &str) {
    if cx.is_new_column(table, col) || cx.column_not_null(table, col) == Some(false) {
        return;
    }
    let d = cx
        .diag(
            &DroppingNotNull::META,
            st,
            format!("`{table}.{col}` becomes nullable: running code that assumes NOT NULL breaks once NULLs are written"),
        )
        .with_help("release code that handles NULL first, then drop NOT NULL in a later release");
    cx.push(d);
}
