//! MIG030 `adding-stored-generated-column`: adding a stored generated, serial or identity column.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD COLUMN c … GENERATED ALWAYS AS (…) STORED`, `ADD COLUMN c serial`
    /// (`bigserial`, `smallserial`) and `ADD COLUMN c … GENERATED … AS IDENTITY` on a table
    /// that existed before this change set.
    ///
    /// ## Why it is dangerous
    ///
    /// Each existing row needs its own value, so PostgreSQL rewrites the whole table under an
    /// ACCESS EXCLUSIVE lock: reads and writes block until it finishes.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;
    /// ```
    ///
    /// add a plain nullable column, fill it with a trigger for new rows and a batched backfill
    /// for old ones (or compute it in a view):
    ///
    /// ```sql
    /// ALTER TABLE orders ADD COLUMN total numeric;
    /// UPDATE orders SET total = price * qty WHERE total IS NULL AND id BETWEEN 1 AND 10000;
    /// ```
    pub struct AddingStoredGeneratedColumn {
        code: "MIG030",
        name: "adding-stored-generated-column",
        level: Error,
        summary: "Adding a stored generated, serial or identity column rewrites the table",
    }
}

/// What kind of rewriting column `c` is, if it is one.
pub(crate) fn rewrites(c: &Column) -> Option<&'static str> {
    if c.generated_stored {
        Some("a stored generated column")
    } else if c.serial {
        Some("a serial column")
    } else if c.identity {
        Some("an identity column")
    } else {
        None
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, c: &Column) {
    if cx.is_new(table) {
        return;
    }
    let Some(what) = rewrites(c) else {
        return;
    };
    let d = cx
        .diag(
            &AddingStoredGeneratedColumn::META,
            st,
            format!("adding {what} `{table}.{}` rewrites the table under an ACCESS EXCLUSIVE lock", c.name),
        )
        .with_help("add a plain nullable column, fill new rows with a trigger or the app, and backfill old rows in batches");
    cx.push(d);
}
