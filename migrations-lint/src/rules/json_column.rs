//! MIG056 `json-column` (opt-in): `json` columns instead of `jsonb`.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A column declared `json` in `CREATE TABLE` or `ADD COLUMN`. Opt-in: enable with
    /// `rules = { MIG056 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// `json` stores the input text and re-parses it on every access; it has no equality
    /// operator, so `SELECT DISTINCT`, `GROUP BY`, `UNION` and unique indexes on it fail, and
    /// it cannot be indexed with GIN. Converting to `jsonb` later rewrites the table under an
    /// ACCESS EXCLUSIVE lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE events ADD COLUMN payload json;
    /// ```
    ///
    /// use
    ///
    /// ```sql
    /// ALTER TABLE events ADD COLUMN payload jsonb;
    /// ```
    ///
    /// ## Known false positives
    ///
    /// `json` is right when the exact input text (key order, duplicate keys, whitespace) must
    /// be kept; suppress with a reason then.
    pub struct JsonColumn {
        code: "MIG056",
        name: "json-column",
        level: Warning,
        summary: "A json column instead of jsonb",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &Column) {
    if !(col.ty == "json" || col.ty.starts_with("json[")) {
        return;
    }
    let d = cx
        .diag(
            &JsonColumn::META,
            st,
            format!(
                "column `{table}.{}` is `{}`: no equality operator, no GIN index, re-parsed on every read",
                col.name, col.ty
            ),
        )
        .with_help("use jsonb");
    cx.push(d);
}
