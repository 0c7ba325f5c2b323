//! MIG021 `concurrently-in-transaction`: a `CONCURRENTLY` operation inside a transaction.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX … CONCURRENTLY` and
    /// `DETACH PARTITION … CONCURRENTLY` after `BEGIN`, inside a `DO` block, or in any file
    /// when `--assume-in-transaction` says the migration tool wraps each file in a transaction,
    /// unless the file opts out with its runner's marker in a comment before its first
    /// statement: `-- migrate:up transaction:false` (dbmate), `-- no-transaction` (sqlx),
    /// `-- +goose NO TRANSACTION` (goose), `-- morph:nontransactional` (morph) or
    /// `--! no-transaction` (graphile-migrate).
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL refuses it: `CREATE INDEX CONCURRENTLY cannot run inside a transaction
    /// block`. The deploy fails at this statement, possibly after earlier statements already
    /// ran.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// COMMIT;
    /// ```
    ///
    /// run it on its own, outside a transaction (Flyway: a separate script with
    /// `executeInTransaction=false`; Rails: `disable_ddl_transaction!`; golang-migrate: a
    /// separate file; dbmate: a separate file starting `-- migrate:up transaction:false`;
    /// sqlx: `-- no-transaction`; goose: `-- +goose NO TRANSACTION`):
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ```
    pub struct ConcurrentlyInTransaction {
        code: "MIG021",
        name: "concurrently-in-transaction",
        level: Error,
        summary: "CONCURRENTLY cannot run inside a transaction",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, what: &str) {
    if !cx.in_tx() && !st.in_do {
        return;
    }
    let why = if st.in_do {
        "inside a DO block (which always runs in a transaction)"
    } else if cx.explicit_tx {
        "inside BEGIN … COMMIT"
    } else {
        "in a file the migration tool wraps in a transaction (--assume-in-transaction)"
    };
    let d = cx
        .diag(
            &ConcurrentlyInTransaction::META,
            st,
            format!("{what} cannot run {why}: PostgreSQL rejects it and the deploy fails here"),
        )
        .with_help("put it in its own migration that runs outside a transaction");
    cx.push(d);
}
