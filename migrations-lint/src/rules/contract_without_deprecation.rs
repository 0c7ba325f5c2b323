//! MIG041 `contract-without-deprecation`: `SET NOT NULL` on an existing column not announced earlier.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER COLUMN c SET NOT NULL` on a column that existed before this change set, when
    /// `t.c` (or `t`) was not marked in an earlier, already-merged migration
    /// (`-- shipgate-deprecate t.c: …`, `COMMENT ON COLUMN t.c IS 'deprecated: …'`) or in
    /// `shipgate.toml`. The other contract steps have their own rules that apply the same
    /// check: `dropping-column` (MIG001), `dropping-table` (MIG002); renames and type changes
    /// are always flagged (MIG008, MIG009, MIG011).
    ///
    /// ## Why it is dangerous
    ///
    /// Narrowing a column is a contract step: the application version still running (or
    /// restored by a rollback) may insert NULLs there, and its writes fail with `null value in
    /// column violates not-null constraint`.
    ///
    /// ## Safe alternative
    ///
    /// Instead of narrowing in the release that starts always writing the column:
    ///
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    ///
    /// announce it in release N (`-- shipgate-deprecate users.email: becomes NOT NULL`), make
    /// every writer set it, then enforce it in release N+1 with a validated CHECK first.
    pub struct ContractWithoutDeprecation {
        code: "MIG041",
        name: "contract-without-deprecation",
        level: Error,
        summary: "A contract step without an earlier deprecation",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &str) {
    if cx.is_new_column(table, col) || cx.deprecation(table, Some(col)).is_some() {
        return;
    }
    let d = cx
        .diag(
            &ContractWithoutDeprecation::META,
            st,
            format!("SET NOT NULL on `{table}.{col}` is a contract step, but `{table}.{col}` was not marked deprecated in an earlier migration or shipgate.toml"),
        )
        .with_help(format!("mark it first (`-- shipgate-deprecate {table}.{col}: becomes NOT NULL`), make every writer set it, enforce it in the next release"))
        .with_note(format!("1. release N: every writer sets {table}.{col}; mark it in that release's migration"))
        .with_note(format!("2. release N: UPDATE {table} SET {col} = <value> WHERE {col} IS NULL (in batches)"))
        .with_note(format!("3. release N+1: ADD CONSTRAINT … CHECK ({col} IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT …; ALTER COLUMN {col} SET NOT NULL;"));
    cx.push(d);
}
