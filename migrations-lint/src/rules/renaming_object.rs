//! MIG010 `renaming-object`: renaming or moving indexes, sequences, views, types,
//! schemas, functions and constraints (`RENAME`, `SET SCHEMA`).

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER INDEX|SEQUENCE|VIEW|MATERIALIZED VIEW|TYPE|SCHEMA|FUNCTION|DOMAIN … RENAME …`,
    /// `ALTER … SET SCHEMA`, `ALTER TABLE … SET SCHEMA`, `ALTER TABLE … RENAME CONSTRAINT`
    /// and `ALTER TYPE … RENAME VALUE`.
    ///
    /// ## Why it is dangerous
    ///
    /// Running code may refer to the object by name (a view in a query, a sequence in
    /// `nextval('…')`, an enum label in a `WHERE`, a constraint name in `ON CONFLICT ON
    /// CONSTRAINT`); those statements fail until every old instance is gone.
    ///
    /// ## Safe alternative
    ///
    /// Instead of `ALTER VIEW active_users RENAME TO current_users;`, create the new object
    /// beside the old one, move the code, and drop the old one a release later:
    ///
    /// ```sql
    /// CREATE VIEW current_users AS SELECT * FROM users WHERE active;
    /// -- next release: DROP VIEW active_users;
    /// ```
    pub struct RenamingObject {
        code: "MIG010",
        name: "renaming-object",
        level: Warning,
        summary: "Renaming or moving an object running code refers to by name",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, object: &str, name: &str) {
    if object == "TABLE" && cx.is_new(name) {
        return;
    }
    let what = object.to_ascii_lowercase();
    let d = cx
        .diag(
            &RenamingObject::META,
            st,
            format!("renaming or moving {what} `{name}` breaks running code that refers to it by name"),
        )
        .with_help("create the new object beside the old one, switch the code, drop the old one in a later release");
    cx.push(d);
}
