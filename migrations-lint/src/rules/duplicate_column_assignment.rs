//! MIG059 `duplicate-column-assignment` (opt-in): a column defined or assigned twice in one statement.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// The same column twice in a `CREATE TABLE` column list, in an `UPDATE … SET` (including
    /// `SET (a, b) = …`), or in an `INSERT` column list. Opt-in: enable with
    /// `rules = { MIG059 = "error" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL rejects the statement ("column specified more than once", "multiple
    /// assignments to same column"), so the migration fails in the middle of the deploy;
    /// usually it is a copy-paste slip that hides the column that was meant.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// UPDATE users SET email = lower(email), email = trim(email) WHERE id = 1;
    /// ```
    ///
    /// assign each column once:
    ///
    /// ```sql
    /// UPDATE users SET email = lower(trim(email)) WHERE id = 1;
    /// ```
    pub struct DuplicateColumnAssignment {
        code: "MIG059",
        name: "duplicate-column-assignment",
        level: Error,
        summary: "A column defined or assigned twice in one statement",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let dup = match st.kind {
        Kind::CreateTable { columns, .. } => columns
            .iter()
            .enumerate()
            .find(|(i, c)| columns[..*i].iter().any(|p| p.name == c.name))
            .map(|(_, c)| c.name.clone()),
        Kind::Update {
            duplicate_column, ..
        }
        | Kind::Insert { duplicate_column }
        | Kind::InsertSelect {
            duplicate_column, ..
        } => duplicate_column.clone(),
        _ => None,
    };
    let Some(col) = dup else { return };
    let d = cx
        .diag(
            &DuplicateColumnAssignment::META,
            st,
            format!(
                "column `{col}` appears twice in this {}; PostgreSQL rejects the statement",
                st.kind.label()
            ),
        )
        .with_help("keep one definition or assignment per column");
    cx.push(d);
}
