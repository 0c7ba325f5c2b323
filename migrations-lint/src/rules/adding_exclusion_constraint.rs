//! MIG028 `adding-exclusion-constraint`: `ADD EXCLUDE` on an existing table.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD [CONSTRAINT c] EXCLUDE USING …` on a table that existed before this
    /// change set.
    ///
    /// ## Why it is dangerous
    ///
    /// The exclusion index is built under an ACCESS EXCLUSIVE lock, and unlike UNIQUE there is
    /// no `USING INDEX` or `NOT VALID` form: reads and writes block for the whole build.
    ///
    /// ## Safe alternative
    ///
    /// Instead of adding it to a busy table:
    ///
    /// ```sql
    /// ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
    /// ```
    ///
    /// create the constraint when the table is created, or add it during a maintenance
    /// window on a small table, with `SET lock_timeout`:
    ///
    /// ```sql
    /// CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
    /// ```
    pub struct AddingExclusionConstraint {
        code: "MIG028",
        name: "adding-exclusion-constraint",
        level: Warning,
        summary: "ADD EXCLUDE builds an index under ACCESS EXCLUSIVE, with no online form",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    if cx.is_new(table) {
        return;
    }
    let d = cx
        .diag(
            &AddingExclusionConstraint::META,
            st,
            format!("adding an exclusion constraint on `{table}` builds its index under an ACCESS EXCLUSIVE lock; there is no online form"),
        )
        .with_help("add exclusion constraints when the table is created, or in a maintenance window with SET lock_timeout");
    cx.push(d);
}
