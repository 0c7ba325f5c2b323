//! MIG007 `dropping-column-default`: `ALTER COLUMN … DROP DEFAULT`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ALTER COLUMN c DROP DEFAULT` on an existing column.
    ///
    /// ## Why it is dangerous
    ///
    /// The running application version may insert rows without `c` and rely on the default;
    /// without it those inserts store NULL or fail with `null value in column "c" violates
    /// not-null constraint`.
    ///
    /// ## Safe alternative
    ///
    /// Instead of dropping the default while old code relies on it:
    ///
    /// ```sql
    /// ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
    /// ```
    ///
    /// make every writer set `status` explicitly (release N), then drop the default
    /// (release N+1).
    pub struct DroppingColumnDefault {
        code: "MIG007",
        name: "dropping-column-default",
        level: Warning,
        summary: "Dropping a column default running code relies on",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &str) {
    if cx.is_new_column(table, col) {
        return;
    }
    let d = cx
        .diag(
            &DroppingColumnDefault::META,
            st,
            format!("dropping the default of `{table}.{col}` breaks inserts from running code that omit the column"),
        )
        .with_help("make every writer set the column explicitly first, then drop the default in a later release");
    cx.push(d);
}
