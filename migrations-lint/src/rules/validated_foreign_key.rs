//! MIG022 `validated-foreign-key`: adding a foreign key without `NOT VALID`.

use crate::engine::{Cx, St};
use crate::model::{Column, Constraint};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] FOREIGN KEY … REFERENCES …` without `NOT VALID` on
    /// a table that existed before this change set, and the same foreign key declared inline
    /// in `ALTER TABLE t ADD COLUMN c … REFERENCES …`, which is validated and locks alike.
    ///
    /// ## Why it is dangerous
    ///
    /// Validating every existing row scans the table while holding a SHARE ROW EXCLUSIVE lock
    /// on both the table and the referenced table: writes to both block for the whole scan.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
    /// ```
    ///
    /// add it `NOT VALID`, then validate in a separate transaction (VALIDATE only takes a
    /// SHARE UPDATE EXCLUSIVE lock):
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
    /// ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk; -- separate migration
    /// ```
    ///
    /// For a new column, add the column first, then the constraint `NOT VALID`:
    /// `ADD COLUMN user_id bigint;` then the two statements above.
    pub struct ValidatedForeignKey {
        code: "MIG022",
        name: "validated-foreign-key",
        level: Error,
        summary: "Adding a foreign key without NOT VALID blocks writes during validation",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, k: &Constraint) {
    if k.not_valid || cx.is_new(table) {
        return;
    }
    let name = k.name.clone().unwrap_or_else(|| format!("{table}_fkey"));
    let d = cx
        .diag(
            &ValidatedForeignKey::META,
            st,
            format!("adding foreign key `{name}` on `{table}` validates every row while blocking writes to both tables"),
        )
        .with_help(format!(
            "add it NOT VALID, then `ALTER TABLE {table} VALIDATE CONSTRAINT {name};` in a separate transaction"
        ));
    cx.push(d);
}

/// `ADD COLUMN c … REFERENCES t`: the same validation and locks as `ADD CONSTRAINT … FOREIGN KEY`.
pub(crate) fn check_inline(
    cx: &mut Cx<'_, '_>,
    st: &St<'_>,
    table: &str,
    col: &Column,
    ref_table: &str,
) {
    if cx.is_new(table) {
        return;
    }
    let column = &col.name;
    let name = col
        .references_name
        .clone()
        .unwrap_or_else(|| format!("{table}_{column}_fkey"));
    let d = cx
        .diag(
            &ValidatedForeignKey::META,
            st,
            format!("adding column `{table}.{column}` with a foreign key to `{ref_table}` validates every row while blocking writes to both tables, as ADD CONSTRAINT … FOREIGN KEY does"),
        )
        .with_help(format!(
            "add the column without REFERENCES, then `ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column}) REFERENCES {ref_table} NOT VALID;` and VALIDATE it in a separate transaction"
        ));
    cx.push(d);
}
