//! MIG003 `dropping-schema`: `DROP SCHEMA` and `DROP DATABASE`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `DROP SCHEMA` and `DROP DATABASE` in a migration.
    ///
    /// ## Why it is dangerous
    ///
    /// Every object in the schema goes at once, including data the running application
    /// reads; with `CASCADE` it silently takes dependent objects elsewhere too. There is no
    /// rollback path for the data.
    ///
    /// ## Safe alternative
    ///
    /// Instead of `DROP SCHEMA reporting CASCADE;`, drop the objects one by one in a later
    /// release after deprecating them, or do it by hand outside the migration pipeline:
    ///
    /// ```sql
    /// -- shipgate-deprecate reporting_daily: moved to the warehouse
    /// DROP TABLE reporting.reporting_daily; -- next release
    /// ```
    pub struct DroppingSchema {
        code: "MIG003",
        name: "dropping-schema",
        level: Error,
        summary: "Dropping a schema or database",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, object: &str, names: &[String]) {
    let d = cx
        .diag(
            &DroppingSchema::META,
            st,
            format!("DROP {object} `{}` removes every object in it, including data running code reads", names.join("`, `")),
        )
        .with_help("drop the objects one by one after deprecating them, or do this outside the migration pipeline");
    cx.push(d);
}
