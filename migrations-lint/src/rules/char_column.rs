//! MIG055 `char-column` (opt-in): `char(n)` / `character(n)` columns.

use crate::engine::{Cx, St};
use crate::model::Column;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A column declared `char`, `char(n)`, `character(n)` or `bpchar` in `CREATE TABLE` or
    /// `ADD COLUMN` (not the internal one-byte `"char"` type). Opt-in: enable with
    /// `rules = { MIG055 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// `char(n)` pads values with spaces to `n` characters: the padding is returned to clients,
    /// ignored in some comparisons and not in others (`LIKE`, `length` on casts), and it takes
    /// more space than `text`. Changing the type later rewrites the table.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE TABLE countries (code char(2) PRIMARY KEY);
    /// ```
    ///
    /// use `text` with a CHECK for a fixed length:
    ///
    /// ```sql
    /// CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));
    /// ```
    pub struct CharColumn {
        code: "MIG055",
        name: "char-column",
        level: Warning,
        summary: "A blank-padded char(n) column",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, col: &Column) {
    let ty = col.ty.as_str();
    if !(ty == "char" || ty.starts_with("char(") || ty.starts_with("char[")) {
        return;
    }
    let d = cx
        .diag(
            &CharColumn::META,
            st,
            format!(
                "column `{table}.{}` is `{ty}`, which pads values with spaces",
                col.name
            ),
        )
        .with_help("use text (with CHECK (char_length(col) = n) for a fixed length)");
    cx.push(d);
}
