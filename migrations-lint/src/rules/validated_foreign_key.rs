//! MIG022 `validated-foreign-key`: adding a foreign key without `NOT VALID`.

use crate::engine::{Cx, St};
use crate::model::Constraint;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] FOREIGN KEY … REFERENCES …` without `NOT VALID` on
    /// a table that existed before this change set.
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
