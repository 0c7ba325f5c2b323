//! MIG004 `dropping-object`: dropping views, functions, types, sequences, domains,
//! extensions, triggers, policies and generated expressions.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `DROP VIEW`, `DROP MATERIALIZED VIEW`, `DROP FUNCTION`, `DROP PROCEDURE`, `DROP TYPE`,
    /// `DROP SEQUENCE`, `DROP DOMAIN`, `DROP EXTENSION`, `DROP RULE`, `DROP AGGREGATE`,
    /// `DROP FOREIGN TABLE`, and `ALTER COLUMN … DROP EXPRESSION`. `DROP TRIGGER` and
    /// `DROP POLICY` are not flagged: dropping and re-creating is how they are replaced.
    ///
    /// ## Why it is dangerous
    ///
    /// These are contract steps: running code that selects from the view, calls the
    /// function or relies on the trigger, sequence or generated column breaks the moment the
    /// migration commits.
    ///
    /// ## Safe alternative
    ///
    /// Instead of dropping the object in the release that stops using it:
    ///
    /// ```sql
    /// DROP VIEW active_users;
    /// ```
    ///
    /// use two releases: stop using it (release N), then drop it (release N+1) with
    /// `-- shipgate-ignore MIG004: unused since release N`.
    pub struct DroppingObject {
        code: "MIG004",
        name: "dropping-object",
        level: Warning,
        summary: "Dropping a view, function, type or other object running code may use",
    }
}

/// Triggers and policies are left out: `DROP TRIGGER IF EXISTS t; CREATE TRIGGER t …` is
/// the usual way to replace one (squawk also makes those drops opt-in).
const OBJECTS: [&str; 12] = [
    "VIEW",
    "MATERIALIZED VIEW",
    "FUNCTION",
    "PROCEDURE",
    "TYPE",
    "SEQUENCE",
    "DOMAIN",
    "EXTENSION",
    "RULE",
    "AGGREGATE",
    "FOREIGN TABLE",
    "GENERATED EXPRESSION",
];

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, object: &str, names: &[String]) {
    if !OBJECTS.contains(&object) {
        return;
    }
    let what = object.to_ascii_lowercase();
    let d = cx
        .diag(
            &DroppingObject::META,
            st,
            format!(
                "dropping {what} `{}` breaks running code that still uses it",
                names.join("`, `")
            ),
        )
        .with_help(format!(
            "stop using the {what} in one release and drop it in the next"
        ));
    cx.push(d);
}
