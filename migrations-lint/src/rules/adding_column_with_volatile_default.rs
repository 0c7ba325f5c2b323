//! MIG029 `adding-column-with-volatile-default`: `ADD COLUMN … DEFAULT` that rewrites
//! the table (a volatile default, or any default before PostgreSQL 11).

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ADD COLUMN c … DEFAULT expr` on an existing table when `expr` calls a
    /// volatile (or unknown) function, such as `gen_random_uuid()`, `random()`,
    /// `clock_timestamp()` or `nextval()`, or, when `--pg-version` is below 11, any default.
    /// `now()`, `CURRENT_TIMESTAMP` and constants are not volatile and are not flagged on
    /// PostgreSQL 11+.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL must compute the value for every existing row, rewriting the whole table
    /// under an ACCESS EXCLUSIVE lock: reads and writes block until it finishes.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
    /// ```
    ///
    /// add the column without a default, set the default for new rows, and backfill in
    /// batches:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN token uuid;
    /// ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
    /// UPDATE users SET token = gen_random_uuid() WHERE token IS NULL AND id BETWEEN 1 AND 10000;
    /// ```
    pub struct AddingColumnWithVolatileDefault {
        code: "MIG029",
        name: "adding-column-with-volatile-default",
        level: Error,
        summary: "ADD COLUMN with a volatile default (or any default before PG 11) rewrites the table",
    }
}

/// Why adding `c` with its default rewrites the table, if it does.
pub(crate) fn rewrites(cx: &Cx<'_, '_>, c: &Column) -> Option<String> {
    let d = c.default.as_ref()?;
    if let Some(f) = &d.volatile_call {
        return Some(format!("its default calls `{f}()`, which is volatile (or not known to be stable), so every row gets its own value"));
    }
    (cx.opts.pg_version < 11).then(|| {
        format!(
            "PostgreSQL {} rewrites the table for any default (PostgreSQL 11+ does not for a non-volatile one)",
            cx.opts.pg_version
        )
    })
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, c: &Column) {
    if cx.is_new(table) {
        return;
    }
    let Some(why) = rewrites(cx, c) else {
        return;
    };
    let default = c
        .default
        .as_ref()
        .map(|d| d.text.clone())
        .unwrap_or_default();
    let d = cx
        .diag(
            &AddingColumnWithVolatileDefault::META,
            st,
            format!("adding `{table}.{}` rewrites the table under an ACCESS EXCLUSIVE lock: {why}", c.name),
        )
        .with_help(format!(
            "ADD COLUMN {} {} without a default, then ALTER COLUMN {} SET DEFAULT {default}, then backfill existing rows in batches",
            c.name, c.ty, c.name
        ));
    cx.push(d);
}
