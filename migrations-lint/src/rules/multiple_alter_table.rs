//! MIG035 `multiple-alter-table`: several ACCESS EXCLUSIVE `ALTER TABLE`s on one table in a file.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// Two or more `ALTER TABLE` statements on the same existing table in one file when each
    /// takes an ACCESS EXCLUSIVE lock. Reported once per table, at the second one, with the
    /// others as related locations. Informational.
    ///
    /// ## Why it is dangerous
    ///
    /// Each statement queues for the lock separately (outside a transaction) or extends the
    /// time it is held (inside one). Under load every acquisition is a chance to stall the
    /// table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ALTER TABLE users ADD COLUMN bio text;
    /// ```
    ///
    /// combine the actions into one statement:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text;
    /// ```
    pub struct MultipleAlterTable {
        code: "MIG035",
        name: "multiple-alter-table",
        level: Info,
        summary: "Several ALTER TABLE statements lock the same table",
    }
}

pub(crate) fn record(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    cx.alter_count
        .entry(table.to_owned())
        .or_default()
        .push(st.pos());
}

pub(crate) fn end_of_file(cx: &mut Cx<'_, '_>) {
    let mut tables: Vec<(String, Vec<crate::engine::Pos>)> = cx
        .alter_count
        .drain()
        .filter(|(_, v)| v.len() > 1)
        .collect();
    tables.sort_by_key(|(_, v)| v[0].0);
    for (table, positions) in tables {
        // One finding per table, at the second ALTER TABLE; the others are related.
        let mut d = cx
            .diag_at(
                &MultipleAlterTable::META,
                &positions[1],
                format!("{} ALTER TABLE statements on `{table}` in this file: each one takes the ACCESS EXCLUSIVE lock again", positions.len()),
            )
            .with_help("combine the actions into one ALTER TABLE, separated by commas")
            .with_related("first ALTER TABLE here", cx.loc(positions[0].0, positions[0].1));
        for p in &positions[2..] {
            d = d.with_related("another ALTER TABLE here", cx.loc(p.0, p.1));
        }
        cx.push(d);
    }
}
