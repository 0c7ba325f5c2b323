//! MIG054 `varchar-with-length` (opt-in): `varchar(n)` columns instead of `text`.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A column declared `varchar(n)` / `character varying(n)` in `CREATE TABLE` or
    /// `ADD COLUMN`. A type change to `varchar(n)` is left to MIG011 (which knows that
    /// widening is free). Opt-in: enable with `rules = { MIG054 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// In PostgreSQL `varchar(n)` is stored exactly like `text`; the length only adds a check
    /// that rejects writes from clients that send a longer value. Raising it is cheap, but
    /// lowering it rewrites the table under ACCESS EXCLUSIVE, and the limit rarely matches a
    /// real business rule.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname varchar(50);
    /// ```
    ///
    /// use `text`, with a named CHECK if the limit matters (it can be added `NOT VALID` and
    /// changed without a rewrite):
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text CONSTRAINT nickname_len CHECK (char_length(nickname) <= 50);
    /// ```
    pub struct VarcharWithLength {
        code: "MIG054",
        name: "varchar-with-length",
        level: Warning,
        summary: "A varchar(n) column instead of text",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &Column) {
    if !col.ty.starts_with("varchar(") {
        return;
    }
    let d = cx
        .diag(
            &VarcharWithLength::META,
            st,
            format!(
                "column `{table}.{}` is `{}`; the length is only a check constraint that old clients can hit",
                col.name, col.ty
            ),
        )
        .with_help("use text, with CHECK (char_length(col) <= n) if the limit is a real rule");
    cx.push(d);
}
