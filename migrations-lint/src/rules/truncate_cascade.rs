//! MIG046 `truncate-cascade` (opt-in): `TRUNCATE … CASCADE`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `TRUNCATE … CASCADE`. Opt-in: enable with `rules = { MIG046 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// `CASCADE` also empties every table with a foreign key to the truncated one, and
    /// recursively their referencing tables, which is rarely what the author saw when writing
    /// the migration. It takes ACCESS EXCLUSIVE locks on all of them.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// TRUNCATE sessions CASCADE;
    /// ```
    ///
    /// name every table to empty:
    ///
    /// ```sql
    /// TRUNCATE sessions, session_events;
    /// ```
    pub struct TruncateCascade {
        code: "MIG046",
        name: "truncate-cascade",
        level: Warning,
        summary: "TRUNCATE … CASCADE empties every referencing table",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let d = cx
        .diag(
            &TruncateCascade::META,
            st,
            "TRUNCATE … CASCADE also empties every table that references these, recursively",
        )
        .with_help("list every table to truncate explicitly, without CASCADE");
    cx.push(d);
}
