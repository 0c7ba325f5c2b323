//! MIG023 `validated-check-constraint`: adding a CHECK constraint without `NOT VALID`.

use crate::engine::{Cx, St};
use crate::model::Constraint;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] CHECK (…)` without `NOT VALID` on a table that
    /// existed before this change set.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL scans the whole table to check existing rows while holding an ACCESS
    /// EXCLUSIVE lock: reads and writes block for the duration.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);
    /// ```
    ///
    /// use
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;
    /// ALTER TABLE orders VALIDATE CONSTRAINT amount_positive; -- separate transaction
    /// ```
    pub struct ValidatedCheckConstraint {
        code: "MIG023",
        name: "validated-check-constraint",
        level: Error,
        summary: "Adding a CHECK constraint without NOT VALID scans under ACCESS EXCLUSIVE",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, k: &Constraint) {
    if k.not_valid || cx.is_new(table) {
        return;
    }
    let name = k.name.clone().unwrap_or_else(|| format!("{table}_check"));
    let d = cx
        .diag(
            &ValidatedCheckConstraint::META,
            st,
            format!("adding CHECK constraint `{name}` on `{table}` scans the table under an ACCESS EXCLUSIVE lock"),
        )
        .with_help(format!(
            "add it NOT VALID, then `ALTER TABLE {table} VALIDATE CONSTRAINT {name};` in a separate transaction"
        ));
    cx.push(d);
}
