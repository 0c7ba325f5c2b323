//! MIG050 `non-rerunnable-statement` (opt-in): DDL without `IF [NOT] EXISTS` outside a transaction.

use crate::engine::{Cx, St};
use crate::model::{AlterOp, Kind};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// Outside a transaction (no `BEGIN`, and no `--assume-in-transaction`): `CREATE TABLE`,
    /// `CREATE INDEX`, `CREATE SCHEMA|SEQUENCE|EXTENSION|MATERIALIZED VIEW` without
    /// `IF NOT EXISTS`; `CREATE VIEW|FUNCTION|PROCEDURE` (and `TRIGGER` from PostgreSQL 14)
    /// without `OR REPLACE`; any `DROP` without `IF EXISTS`; and `ALTER TABLE … ADD COLUMN` /
    /// `DROP COLUMN` / `DROP CONSTRAINT` without `IF [NOT] EXISTS`. Statements inside `DO` blocks are skipped (they are usually
    /// guarded by an `IF`). Opt-in: enable with `rules = { MIG050 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// Without a transaction, a migration that fails half way (a lock timeout, a duplicate key
    /// while building a unique index) leaves the statements before the failure applied. Running
    /// it again then fails on the first of them ("relation already exists"), and someone has to
    /// repair the database by hand during the deploy. `CONCURRENTLY` statements cannot run in a
    /// transaction at all, so files that use them are the usual case.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ALTER TABLE users DROP COLUMN legacy;
    /// ```
    ///
    /// use statements that can be re-run:
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
    /// ALTER TABLE users DROP COLUMN IF EXISTS legacy;
    /// ```
    ///
    /// (or wrap the file in `BEGIN; … COMMIT;` when it has no `CONCURRENTLY` step).
    ///
    /// ## Known false positives
    ///
    /// `ADD CONSTRAINT` and `CREATE TYPE` have no `IF NOT EXISTS` and are not flagged; a
    /// failed `CREATE INDEX CONCURRENTLY` leaves an INVALID index that `IF NOT EXISTS` then
    /// skips, so check `pg_index.indisvalid` after a failure.
    pub struct NonRerunnableStatement {
        code: "MIG050",
        name: "non-rerunnable-statement",
        level: Warning,
        summary: "DDL outside a transaction that fails when the migration is re-run",
        opt_in: true,
    }
}

/// What `kind` lacks to be re-runnable, as the clause to add.
fn missing(kind: &Kind, pg_version: u32) -> Vec<String> {
    match kind {
        Kind::CreateTable {
            table,
            if_not_exists: false,
            ..
        } => vec![format!("CREATE TABLE {table} needs IF NOT EXISTS")],
        Kind::CreateIndex {
            name,
            if_not_exists: false,
            ..
        } => vec![format!(
            "CREATE INDEX{} needs IF NOT EXISTS",
            name.as_deref().map(|n| format!(" {n}")).unwrap_or_default()
        )],
        Kind::DropIndex {
            if_exists: false, ..
        } => vec!["DROP INDEX needs IF EXISTS".to_owned()],
        Kind::Drop {
            object,
            if_exists: false,
            ..
        } => vec![format!("DROP {object} needs IF EXISTS")],
        Kind::Create {
            object,
            or_replace,
            if_not_exists,
        } => match object.as_str() {
            "SCHEMA" | "SEQUENCE" | "EXTENSION" | "MATERIALIZED VIEW" if !if_not_exists => {
                vec![format!("CREATE {object} needs IF NOT EXISTS")]
            }
            "VIEW" | "FUNCTION" | "PROCEDURE" if !or_replace => {
                vec![format!("CREATE {object} needs OR REPLACE")]
            }
            // CREATE OR REPLACE TRIGGER exists from PostgreSQL 14.
            "TRIGGER" if !or_replace && pg_version >= 14 => {
                vec![format!("CREATE {object} needs OR REPLACE")]
            }
            _ => Vec::new(),
        },
        Kind::AlterTable { ops, .. } => ops
            .iter()
            .filter_map(|op| match op {
                AlterOp::AddColumn(c) if !c.if_not_exists => {
                    Some(format!("ADD COLUMN {} needs IF NOT EXISTS", c.name))
                }
                AlterOp::DropColumn {
                    column,
                    if_exists: false,
                } => Some(format!("DROP COLUMN {column} needs IF EXISTS")),
                AlterOp::DropConstraint {
                    name,
                    if_exists: false,
                } => Some(format!("DROP CONSTRAINT {name} needs IF EXISTS")),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if cx.in_tx() || st.in_do {
        return;
    }
    let missing = missing(st.kind, cx.opts.pg_version);
    if missing.is_empty() {
        return;
    }
    let d = cx
        .diag(
            &NonRerunnableStatement::META,
            st,
            format!(
                "{} outside a transaction cannot be re-run after a partial failure: {}",
                st.kind.label(),
                missing.join(", ")
            ),
        )
        .with_help("add IF [NOT] EXISTS / OR REPLACE, or run the file in a transaction");
    cx.push(d);
}
