//! MIG015 `behaviour-change` (opt-in): statements that change behaviour for running code
//! without changing the schema's shape (RLS, triggers, policies, grants, enum values, sequences).

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ENABLE`/`DISABLE`/`FORCE ROW LEVEL SECURITY`, `ENABLE`/`DISABLE TRIGGER|RULE`,
    /// `REPLICA IDENTITY`, `[NO] INHERIT`, `CREATE POLICY`, `ALTER POLICY`, `REVOKE`,
    /// `ALTER SEQUENCE … RESTART|INCREMENT`, `ALTER SYSTEM`, `ALTER EXTENSION` and
    /// `ALTER TYPE … ADD VALUE`. Opt-in: enable it with `rules = { MIG015 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// The running application version may depend on the old behaviour: rows become invisible
    /// under a new policy, a disabled trigger stops keeping a column in sync, a revoked
    /// privilege fails queries, an enum value unknown to old code fails deserialisation.
    ///
    /// ## Safe alternative
    ///
    /// Instead of changing behaviour in the same release as the code that expects it:
    ///
    /// ```sql
    /// ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
    /// ```
    ///
    /// ship code that works under both behaviours first, then change it in a later release.
    pub struct BehaviourChange {
        code: "MIG015",
        name: "behaviour-change",
        level: Info,
        summary: "A statement that changes behaviour for running code",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, what: &str) {
    let d = cx
        .diag(
            &BehaviourChange::META,
            st,
            format!("`{what}` changes behaviour the running application version may depend on"),
        )
        .with_help("ship code that works both before and after this change first");
    cx.push(d);
}
