//! MIG058 `unqualified-table-name` (opt-in): tables named without a schema.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `CREATE TABLE`, `ALTER TABLE` and `CREATE INDEX … ON` with a table name that has no
    /// schema (`users` rather than `public.users` or `app.users`). A template placeholder as
    /// the schema (`${schema}.users`) counts as qualified. Opt-in: enable with
    /// `rules = { MIG058 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// An unqualified name resolves through the session's `search_path`, which differs between
    /// the migration runner, psql sessions and roles (`"$user", public`). The same migration can
    /// then create or alter a table in a different schema than the one the application reads.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE TABLE audit_log (id bigint PRIMARY KEY);
    /// ```
    ///
    /// name the schema:
    ///
    /// ```sql
    /// CREATE TABLE app.audit_log (id bigint PRIMARY KEY);
    /// ```
    pub struct UnqualifiedTableName {
        code: "MIG058",
        name: "unqualified-table-name",
        level: Warning,
        summary: "A table named without its schema",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let (Kind::CreateTable {
        table,
        qualified: false,
        ..
    }
    | Kind::AlterTable {
        table,
        qualified: false,
        ..
    }
    | Kind::CreateIndex {
        table,
        qualified: false,
        ..
    }) = st.kind
    else {
        return;
    };
    if table.is_empty() {
        return;
    }
    let d = cx
        .diag(
            &UnqualifiedTableName::META,
            st,
            format!(
                "{} names `{table}` without a schema; it resolves through search_path",
                st.kind.label()
            ),
        )
        .with_help(format!(
            "write the schema: public.{table} (or your app schema)"
        ));
    cx.push(d);
}
