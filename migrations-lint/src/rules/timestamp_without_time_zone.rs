//! MIG049 `timestamp-without-time-zone` (opt-in): `timestamp` columns instead of `timestamptz`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A column declared `timestamp` (`timestamp without time zone`) in `CREATE TABLE` or
    /// `ADD COLUMN`. Opt-in: enable with `rules = { MIG049 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// The value has no time zone: clients in different zones, or a server whose `TimeZone`
    /// changes, read different instants, and converting the column later rewrites the table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE events ADD COLUMN happened_at timestamp;
    /// ```
    ///
    /// use
    ///
    /// ```sql
    /// ALTER TABLE events ADD COLUMN happened_at timestamptz;
    /// ```
    pub struct TimestampWithoutTimeZone {
        code: "MIG049",
        name: "timestamp-without-time-zone",
        level: Warning,
        summary: "A timestamp column without a time zone",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, name: &str, ty: &str) {
    if !(ty == "timestamp" || ty.starts_with("timestamp(") || ty.starts_with("timestamp[")) {
        return;
    }
    let d = cx
        .diag(
            &TimestampWithoutTimeZone::META,
            st,
            format!("column `{name}` is `{ty}`, which stores no time zone"),
        )
        .with_help("use timestamptz");
    cx.push(d);
}
