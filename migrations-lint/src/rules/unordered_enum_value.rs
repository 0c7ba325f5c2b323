//! MIG051 `unordered-enum-value` (opt-in): `ALTER TYPE … ADD VALUE` without `BEFORE`/`AFTER`.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TYPE … ADD VALUE 'v'` without `BEFORE 'x'` or `AFTER 'x'`. Opt-in: enable with
    /// `rules = { MIG051 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// Enum values sort in declaration order, not alphabetically: `ORDER BY status` and
    /// comparisons such as `status < 'shipped'` use it. A value appended without a position
    /// sorts after every existing value, which silently changes query results when the new
    /// state belongs in the middle of a workflow.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TYPE order_status ADD VALUE 'packed';
    /// ```
    ///
    /// say where the value belongs:
    ///
    /// ```sql
    /// ALTER TYPE order_status ADD VALUE 'packed' AFTER 'paid';
    /// ```
    pub struct UnorderedEnumValue {
        code: "MIG051",
        name: "unordered-enum-value",
        level: Warning,
        summary: "An enum value added without BEFORE/AFTER sorts last",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if !matches!(st.kind, Kind::AlterTypeAddValue { ordered: false }) {
        return;
    }
    let d = cx
        .diag(
            &UnorderedEnumValue::META,
            st,
            "ALTER TYPE … ADD VALUE without BEFORE/AFTER: the new value sorts after every existing one",
        )
        .with_help("add BEFORE 'existing' or AFTER 'existing' to place the value in the enum's order");
    cx.push(d);
}
