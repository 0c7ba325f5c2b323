//! MIG008 `renaming-column`: `ALTER TABLE … RENAME COLUMN`, with the expand → migrate → contract recipe.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t RENAME COLUMN a TO b` on a table that existed before this change set.
    /// A rename is always a contract step.
    ///
    /// ## Why it is dangerous
    ///
    /// The running application version still uses the old name: every query that mentions
    /// `a` fails with `column "a" does not exist` from the moment the migration commits until
    /// the last old instance is gone, and again after a rollback. It also takes an ACCESS
    /// EXCLUSIVE lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users RENAME COLUMN name TO full_name;
    /// ```
    ///
    /// use expand → migrate → contract over two releases:
    ///
    /// ```sql
    /// -- expand (release 1): the app writes both columns
    /// ALTER TABLE users ADD COLUMN full_name text;
    /// -- migrate (release 1, in batches, outside the DDL transaction)
    /// UPDATE users SET full_name = name WHERE full_name IS NULL AND id BETWEEN 1 AND 10000;
    /// -- contract (release 2): -- shipgate-deprecate users.name: renamed to full_name
    /// ALTER TABLE users DROP COLUMN name; -- release 3
    /// ```
    pub struct RenamingColumn {
        code: "MIG008",
        name: "renaming-column",
        level: Error,
        summary: "Renaming a column that running code uses",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, from: &str, to: &str) {
    if cx.is_new(table) {
        return;
    }
    let ty = cx.column_type(table, from).unwrap_or("<type>").to_owned();
    let d = cx
        .diag(
            &RenamingColumn::META,
            st,
            format!(
                "renaming `{table}.{from}` to `{to}` breaks every running query that uses `{from}`"
            ),
        )
        .with_help(format!(
            "add `{to}`, backfill it, switch the app, then drop `{from}` in a later release"
        ));
    let d = super::column_recipe(table, from, to, &ty, "new name")
        .into_iter()
        .fold(d, |d, n| d.with_note(n));
    cx.push(d);
}
