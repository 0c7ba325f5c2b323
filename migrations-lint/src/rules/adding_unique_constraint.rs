//! MIG026 `adding-unique-constraint`: `ADD UNIQUE` that builds its index under ACCESS EXCLUSIVE.

use crate::engine::{Cx, St};
use crate::model::Constraint;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] UNIQUE (…)` without `USING INDEX` on a table that
    /// existed before this change set.
    ///
    /// ## Why it is dangerous
    ///
    /// The unique index is built while the ALTER TABLE holds an ACCESS EXCLUSIVE lock: reads
    /// and writes block for the whole build. It also fails if duplicates exist.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    /// ```
    ///
    /// build the index concurrently, then attach it:
    ///
    /// ```sql
    /// CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
    /// ```
    pub struct AddingUniqueConstraint {
        code: "MIG026",
        name: "adding-unique-constraint",
        level: Error,
        summary: "ADD UNIQUE builds an index under ACCESS EXCLUSIVE",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, k: &Constraint) {
    if k.using_index || cx.is_new(table) {
        return;
    }
    let name = k
        .name
        .clone()
        .unwrap_or_else(|| format!("{table}_{}_key", k.columns.join("_")));
    let d = cx
        .diag(
            &AddingUniqueConstraint::META,
            st,
            format!("adding UNIQUE `{name}` on `{table}` builds its index under an ACCESS EXCLUSIVE lock"),
        )
        .with_help(format!(
            "CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({}); then ADD CONSTRAINT {name} UNIQUE USING INDEX {name}",
            k.columns.join(", ")
        ));
    cx.push(d);
}
