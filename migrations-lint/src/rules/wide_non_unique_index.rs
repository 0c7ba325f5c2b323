//! MIG060 `wide-non-unique-index` (opt-in): a non-unique index on more than three columns.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `CREATE INDEX` (not `UNIQUE`) with more than three key columns or expressions. `INCLUDE`
    /// columns are not counted. Opt-in: enable with `rules = { MIG060 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// A wide B-tree index is large, slow to build (longer `CREATE INDEX CONCURRENTLY`, longer
    /// SHARE lock without it), and slows every write to the table; the columns after the first
    /// few rarely narrow the search enough to pay for that (strong_migrations' best practice).
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY orders_search_idx ON orders (user_id, status, created_at, total);
    /// ```
    ///
    /// index the selective columns and carry the rest as payload:
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY orders_search_idx ON orders (user_id, status, created_at) INCLUDE (total);
    /// ```
    pub struct WideNonUniqueIndex {
        code: "MIG060",
        name: "wide-non-unique-index",
        level: Warning,
        summary: "A non-unique index on more than three columns",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let Kind::CreateIndex {
        table,
        columns,
        unique: false,
        ..
    } = st.kind
    else {
        return;
    };
    if columns.len() <= 3 {
        return;
    }
    let d = cx
        .diag(
            &WideNonUniqueIndex::META,
            st,
            format!(
                "non-unique index on {table} has {} key columns ({}); more than 3 rarely pays for its size and write cost",
                columns.len(),
                columns.join(", ")
            ),
        )
        .with_help("keep the selective leading columns and move the rest to INCLUDE (…)");
    cx.push(d);
}
