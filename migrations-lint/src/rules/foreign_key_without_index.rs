//! MIG036 `foreign-key-without-index`: a foreign key whose referencing column has no index.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A foreign key (`ADD CONSTRAINT … FOREIGN KEY`, or `ADD COLUMN … REFERENCES`) whose
    /// first referencing column is not the first column of any index, primary key or unique
    /// constraint known from the migrations read (including ones created later in the same
    /// file). Informational.
    ///
    /// ## Why it is dangerous
    ///
    /// Every `DELETE` or key `UPDATE` on the referenced table must find referencing rows: with
    /// no index that is a sequential scan of the referencing table, under a lock, per row.
    ///
    /// ## Safe alternative
    ///
    /// Instead of a foreign key alone:
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
    /// ```
    ///
    /// index the referencing column too:
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
    /// ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
    /// ```
    pub struct ForeignKeyWithoutIndex {
        code: "MIG036",
        name: "foreign-key-without-index",
        level: Info,
        summary: "A foreign key's referencing column has no index",
    }
}

pub(crate) fn record(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &str, ref_table: &str) {
    cx.fks.push((
        table.to_owned(),
        col.to_owned(),
        ref_table.to_owned(),
        st.pos(),
    ));
}

pub(crate) fn end_of_file(cx: &mut Cx<'_, '_>) {
    let fks = std::mem::take(&mut cx.fks);
    for (table, col, ref_table, pos) in fks {
        if cx.hist.indexed.contains(&(table.clone(), col.clone())) {
            continue;
        }
        let d = cx
            .diag_at(
                &ForeignKeyWithoutIndex::META,
                &pos,
                format!("foreign key `{table}.{col}` → `{ref_table}` has no index on `{table}.{col}`: deletes on `{ref_table}` scan `{table}`"),
            )
            .with_help(format!("CREATE INDEX CONCURRENTLY {table}_{col}_idx ON {table} ({col});"));
        cx.push(d);
    }
}
