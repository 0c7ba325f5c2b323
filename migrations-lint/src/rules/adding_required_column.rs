//! MIG013 `adding-required-column`: `ADD COLUMN … NOT NULL` without a default.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD COLUMN c … NOT NULL` with no `DEFAULT` (and not generated, identity
    /// or serial) on a table that existed before this change set.
    ///
    /// ## Why it is dangerous
    ///
    /// On a non-empty table the statement fails (`column "c" contains null values`). On an
    /// empty one it succeeds, and then every insert from the running application version,
    /// which does not know about `c`, fails with a NOT NULL violation.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN score int NOT NULL;
    /// ```
    ///
    /// add it with a constant default (no rewrite from PostgreSQL 11), or nullable, backfill,
    /// and enforce later:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;
    /// ```
    pub struct AddingRequiredColumn {
        code: "MIG013",
        name: "adding-required-column",
        level: Error,
        summary: "Adding a NOT NULL column without a default",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, c: &Column) {
    if !c.not_null
        || c.default.is_some()
        || c.generated_stored
        || c.identity
        || c.serial
        || cx.is_new(table)
    {
        return;
    }
    let d = cx
        .diag(
            &AddingRequiredColumn::META,
            st,
            format!("adding NOT NULL column `{table}.{}` without a default fails on a non-empty table and breaks inserts from running code", c.name),
        )
        .with_help(format!(
            "add a constant default: ALTER TABLE {table} ADD COLUMN {} {} NOT NULL DEFAULT <constant>; or add it nullable, backfill, then add a CHECK (… IS NOT NULL) NOT VALID and VALIDATE it",
            c.name, c.ty
        ));
    cx.push(d);
}
