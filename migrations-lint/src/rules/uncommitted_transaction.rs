//! MIG047 `uncommitted-transaction` (opt-in): `BEGIN` without `COMMIT`, or a nested `BEGIN`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A `BEGIN`/`START TRANSACTION` with no `COMMIT`/`END`/`ROLLBACK` before the end of the
    /// file, and a `BEGIN` inside a transaction that is already open (including the file-wide
    /// one of `--assume-in-transaction`). Opt-in: enable with `rules = { MIG047 = "error" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// An unclosed transaction is committed or rolled back depending on the tool running the
    /// file; a nested `BEGIN` is ignored with a warning by PostgreSQL, so the author's `COMMIT`
    /// ends the tool's transaction early.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    ///
    /// close the transaction:
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// COMMIT;
    /// ```
    pub struct UncommittedTransaction {
        code: "MIG047",
        name: "uncommitted-transaction",
        level: Error,
        summary: "BEGIN without COMMIT, or a nested BEGIN",
        opt_in: true,
    }
}

pub(crate) fn on_begin(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if !cx.report || !cx.in_tx() || cx.nested_begin_reported {
        return;
    }
    cx.nested_begin_reported = true;
    let why = if cx.explicit_tx {
        "a transaction is already open"
    } else {
        "the migration tool already wraps the file in a transaction (--assume-in-transaction)"
    };
    let d = cx
        .diag(&UncommittedTransaction::META, st, format!("nested BEGIN: {why}; PostgreSQL ignores it and the next COMMIT ends the outer transaction"))
        .with_help("remove the inner BEGIN/COMMIT");
    cx.push(d);
}

pub(crate) fn end_of_file(cx: &mut Cx<'_, '_>) {
    if !cx.explicit_tx {
        return;
    }
    let Some(begin) = cx.tx_begin.clone() else {
        return;
    };
    let d = shipgate_diagnostics::Diagnostic::new(
        &UncommittedTransaction::META,
        "BEGIN without COMMIT: the transaction is still open at the end of the file",
        begin,
    )
    .with_help("end the file with COMMIT;");
    cx.push(d);
}
