//! MIG005 `dropping-constraint`: `ALTER TABLE … DROP CONSTRAINT`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t DROP CONSTRAINT c` on a table that existed before this change set,
    /// unless `c` itself was created in this change set (as in the `SET NOT NULL` recipe).
    ///
    /// ## Why it is dangerous
    ///
    /// Running code may rely on the constraint: on a unique constraint for `ON CONFLICT`
    /// (which then fails with `there is no unique or exclusion constraint matching the ON
    /// CONFLICT specification`), on a foreign key for integrity. Dropping it also takes an
    /// ACCESS EXCLUSIVE lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of `ALTER TABLE orders DROP CONSTRAINT orders_ref_key;` in the release that
    /// stops relying on it, remove the dependency first (release N), then drop the
    /// constraint with `SET lock_timeout` (release N+1):
    ///
    /// ```sql
    /// SET lock_timeout = '2s';
    /// ALTER TABLE orders DROP CONSTRAINT orders_ref_key;
    /// ```
    pub struct DroppingConstraint {
        code: "MIG005",
        name: "dropping-constraint",
        level: Warning,
        summary: "Dropping a constraint running code may rely on",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, name: &str) {
    if cx.is_new(table) || cx.hist.constraints.get(name) == Some(&cx.change_set) {
        return;
    }
    let d = cx
        .diag(
            &DroppingConstraint::META,
            st,
            format!("dropping constraint `{name}` on `{table}`: running code may rely on it (ON CONFLICT, integrity)"),
        )
        .with_help("stop relying on the constraint in one release, drop it in the next");
    cx.push(d);
}
