//! MIG052 `int-key-column` (opt-in): a 32- or 16-bit integer key or id column.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A key column declared `int`/`integer`/`int4`, `smallint`/`int2`, `serial` or
    /// `smallserial` in `CREATE TABLE` or `ADD COLUMN`. A key column is a primary key, an
    /// identity column, a foreign key (`REFERENCES`, or a table-level `PRIMARY KEY`/`FOREIGN
    /// KEY` listing it), or a column named `id` or `…_id`. Opt-in: enable with
    /// `rules = { MIG052 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// `int` keys run out at 2,147,483,647 (`smallint` at 32,767); inserts then fail with
    /// "integer out of range" or "nextval: reached maximum value of sequence". Widening the
    /// column later (`ALTER COLUMN id TYPE bigint`) rewrites the table and every index on it,
    /// and every referencing column too, under an ACCESS EXCLUSIVE lock.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id int REFERENCES users (id));
    /// ```
    ///
    /// use 64-bit keys from the start (8 bytes instead of 4 per row):
    ///
    /// ```sql
    /// CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint REFERENCES users (id));
    /// ```
    pub struct IntKeyColumn {
        code: "MIG052",
        name: "int-key-column",
        level: Warning,
        summary: "A key or id column with a 32- or 16-bit integer type",
        opt_in: true,
    }
}

/// Whether `ty` is a 32- or 16-bit integer type (normalised spelling).
fn narrow_int(ty: &str) -> bool {
    matches!(
        ty,
        "int" | "smallint" | "serial" | "serial4" | "smallserial" | "serial2"
    )
}

/// Whether `col` is a key: primary key, identity, foreign key, `id` or `…_id`, or listed in
/// a table-level key (`in_table_key`).
pub(crate) fn is_key(col: &Column, in_table_key: bool) -> bool {
    in_table_key
        || col.primary_key
        || col.identity
        || col.references.is_some()
        || col.name == "id"
        || col.name.ends_with("_id")
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &Column, key: bool) {
    if !key || !narrow_int(&col.ty) {
        return;
    }
    let wide = match col.ty.as_str() {
        "serial" | "serial4" | "smallserial" | "serial2" => "bigint GENERATED … AS IDENTITY",
        _ => "bigint",
    };
    let d = cx
        .diag(
            &IntKeyColumn::META,
            st,
            format!(
                "key column `{table}.{}` is `{}`; it runs out of values long before bigint, and widening it later rewrites the table",
                col.name, col.ty
            ),
        )
        .with_help(format!("declare it {wide}"));
    cx.push(d);
}
