//! MIG053 `serial-column` (opt-in): `serial` columns instead of identity columns.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A column declared `serial`, `bigserial` or `smallserial` (or `serial2/4/8`) in
    /// `CREATE TABLE` or `ADD COLUMN`. Opt-in: enable with `rules = { MIG053 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// `serial` is a macro for a separately owned sequence plus a `DEFAULT nextval(…)`: explicit
    /// inserts silently bypass the sequence and later collide with it, the sequence needs its
    /// own grants, and copying or renaming the table leaves the sequence behind. Adding a
    /// `serial` column to an existing table also rewrites it (a volatile default).
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE TABLE invoices (id bigserial PRIMARY KEY);
    /// ```
    ///
    /// use an SQL-standard identity column (PostgreSQL 10+):
    ///
    /// ```sql
    /// CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
    /// ```
    pub struct SerialColumn {
        code: "MIG053",
        name: "serial-column",
        level: Warning,
        summary: "A serial column instead of an identity column",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &Column) {
    if !col.serial {
        return;
    }
    let d = cx
        .diag(
            &SerialColumn::META,
            st,
            format!(
                "column `{table}.{}` is `{}`: a separately owned sequence and a nextval() default",
                col.name, col.ty
            ),
        )
        .with_help("use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT)");
    cx.push(d);
}
