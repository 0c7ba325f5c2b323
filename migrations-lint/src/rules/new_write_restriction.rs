//! MIG014 `new-write-restriction`: a new CHECK, FOREIGN KEY, UNIQUE or EXCLUDE
//! constraint on existing columns, which may reject writes from running code.

use crate::engine::{Cx, St};
use crate::model::{Constraint, ConstraintKind};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ADD CONSTRAINT … CHECK | FOREIGN KEY | UNIQUE | EXCLUDE` (even `NOT VALID`) on columns
    /// that existed before this change set. Constraints only on columns added in the same
    /// change set are not flagged. Informational by default.
    ///
    /// ## Why it is dangerous
    ///
    /// `NOT VALID` skips checking existing rows, but new writes are checked at once: the
    /// running application version may still write values the constraint rejects, and its
    /// requests fail with `violates check constraint` or `violates foreign key constraint`.
    ///
    /// ## Safe alternative
    ///
    /// Instead of adding the constraint while old writers may violate it:
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;
    /// ```
    ///
    /// release code that never writes violating values first, then add the constraint `NOT
    /// VALID` and `VALIDATE` it in a later migration.
    pub struct NewWriteRestriction {
        code: "MIG014",
        name: "new-write-restriction",
        level: Info,
        summary: "A new constraint may reject writes from running code",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, k: &Constraint) {
    if matches!(k.kind, ConstraintKind::PrimaryKey) || cx.is_new(table) {
        return;
    }
    let known: Vec<&String> = match cx.hist.tables.get(table) {
        Some(t) => k
            .columns
            .iter()
            .filter(|c| t.columns.contains_key(*c))
            .collect(),
        None => k.columns.iter().collect(),
    };
    if !known.is_empty() && known.iter().all(|c| cx.is_new_column(table, c)) {
        return;
    }
    let name = k.name.clone().unwrap_or_else(|| "(unnamed)".to_owned());
    let d = cx
        .diag(
            &NewWriteRestriction::META,
            st,
            format!("constraint `{name}` on `{table}` applies to new writes at once: running code that writes violating values will fail"),
        )
        .with_help("release code that satisfies the constraint before adding it");
    cx.push(d);
}
