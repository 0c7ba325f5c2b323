//! MIG027 `adding-primary-key`: `ADD PRIMARY KEY` that builds its index under ACCESS EXCLUSIVE.

use crate::engine::{Cx, St};
use crate::model::Constraint;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] PRIMARY KEY (…)` without `USING INDEX` on a table
    /// that existed before this change set.
    ///
    /// ## Why it is dangerous
    ///
    /// The index is built under an ACCESS EXCLUSIVE lock, and if the key columns are nullable
    /// PostgreSQL also scans the table to set them NOT NULL: reads and writes block
    /// throughout.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE events ADD PRIMARY KEY (id);
    /// ```
    ///
    /// build a unique index concurrently (and make the column NOT NULL through a validated
    /// CHECK), then attach it:
    ///
    /// ```sql
    /// CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);
    /// ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;
    /// ```
    pub struct AddingPrimaryKey {
        code: "MIG027",
        name: "adding-primary-key",
        level: Error,
        summary: "ADD PRIMARY KEY builds an index under ACCESS EXCLUSIVE",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, k: &Constraint) {
    if k.using_index || cx.is_new(table) {
        return;
    }
    let d = cx
        .diag(
            &AddingPrimaryKey::META,
            st,
            format!("adding a primary key on `{table}` builds its index (and may scan for NULLs) under an ACCESS EXCLUSIVE lock"),
        )
        .with_help(format!(
            "CREATE UNIQUE INDEX CONCURRENTLY {table}_pkey ON {table} ({}); then ADD CONSTRAINT {table}_pkey PRIMARY KEY USING INDEX {table}_pkey",
            k.columns.join(", ")
        ));
    cx.push(d);
}
