//! MIG011 `changing-column-type`: `ALTER COLUMN … TYPE`, knowing which changes are rewrite-free.

use crate::engine::{Cx, St};
use shipgate_diagnostics::{declare_rule, Level};

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t ALTER COLUMN c [SET DATA] TYPE …` on an existing table, unless the
    /// change is known to need no rewrite: a longer `varchar(n)`, `varchar` → `text` or
    /// unbounded `varchar`, `numeric(p,s)` → `numeric(p2,s)` with `p2 ≥ p` or unconstrained
    /// `numeric`, `varbit(n)` → longer, `cidr` → `inet`. The old type is taken from the
    /// migrations read; when it is unknown and the new type is `text`/`varchar`/`numeric`, the
    /// finding is a warning that says so. A type change is always a contract step.
    ///
    /// ## Why it is dangerous
    ///
    /// Other type changes rewrite the whole table (or scan it, when narrowing) under an ACCESS
    /// EXCLUSIVE lock, blocking reads and writes for the duration. The running application
    /// version may also not understand the new type (integer overflow in a client, a string
    /// where a number was).
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
    /// ```
    ///
    /// use expand → migrate → contract:
    ///
    /// ```sql
    /// ALTER TABLE orders ADD COLUMN amount_v2 bigint;            -- expand (app writes both)
    /// UPDATE orders SET amount_v2 = amount WHERE id BETWEEN 1 AND 10000; -- migrate, batched
    /// -- contract in a later release: -- shipgate-deprecate orders.amount: now amount_v2
    /// ```
    ///
    /// ## Known false positives
    ///
    /// Binary-coercible changes not in the list above (for example between domains over the
    /// same type) are flagged; suppress them with a reason.
    pub struct ChangingColumnType {
        code: "MIG011",
        name: "changing-column-type",
        level: Error,
        summary: "Changing a column type (rewrite or scan under ACCESS EXCLUSIVE)",
    }
}

/// `(base, args)` of a normalised type: `varchar(20)` → (`varchar`, [20]).
fn parts(ty: &str) -> (&str, Vec<i64>) {
    match ty.split_once('(') {
        Some((b, rest)) => (
            b.trim(),
            rest.trim_end_matches(')')
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect(),
        ),
        None => (ty.trim(), Vec::new()),
    }
}

/// Whether changing `old` → `new` needs no rewrite. `None` when `old` is unknown.
pub(crate) fn is_widening(old: Option<&str>, new: &str) -> Option<bool> {
    let old = old?;
    if old == new {
        return Some(true);
    }
    let (ob, oa) = parts(old);
    let (nb, na) = parts(new);
    let ok = match (ob, nb) {
        ("varchar" | "text", "text") => true,
        ("varchar", "varchar") => na.is_empty() || (!oa.is_empty() && na[0] >= oa[0]),
        ("numeric", "numeric") => {
            na.is_empty()
                || (oa.len() == na.len()
                    && !oa.is_empty()
                    && na[0] >= oa[0]
                    && oa.get(1) == na.get(1))
        }
        ("varbit" | "bit varying", "varbit" | "bit varying") => {
            na.is_empty() || (!oa.is_empty() && na[0] >= oa[0])
        }
        ("cidr", "inet") => true,
        _ => false,
    };
    Some(ok)
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, column: &str, ty: &str) {
    if cx.is_new_column(table, column) {
        return;
    }
    let old = cx.column_type(table, column).map(str::to_owned);
    let verdict = is_widening(old.as_deref(), ty);
    if verdict == Some(true) {
        return;
    }
    let (nb, _) = parts(ty);
    let maybe_safe = verdict.is_none() && matches!(nb, "text" | "varchar" | "numeric" | "inet");
    let message = match &old {
        Some(o) => format!(
            "changing `{table}.{column}` from {o} to {ty} rewrites or scans the table under an ACCESS EXCLUSIVE lock and may break running code"
        ),
        None if maybe_safe => format!(
            "changing `{table}.{column}` to {ty}: the old type is unknown (the column was not created in the migrations read), so shipgate cannot tell whether this rewrites the table"
        ),
        None => format!(
            "changing `{table}.{column}` to {ty} rewrites the table under an ACCESS EXCLUSIVE lock and may break running code"
        ),
    };
    let mut d = cx
        .diag(&ChangingColumnType::META, st, message)
        .with_help(format!(
            "add a new column of type {ty}, backfill it in batches, switch the app, then drop `{column}`"
        ));
    if maybe_safe {
        d = d
            .with_level(Level::Warning)
            .with_note("varchar(n) → varchar(m ≥ n), varchar → text and numeric precision increases need no rewrite; if that is the case here, suppress with a reason");
    }
    let d = super::column_recipe(table, column, &format!("{column}_new"), ty, "new type")
        .into_iter()
        .fold(d, |d, n| d.with_note(n));
    cx.push(d);
}

#[cfg(test)]
mod tests {
    use super::is_widening;

    #[test]
    fn widening_table() {
        assert_eq!(is_widening(Some("varchar(10)"), "varchar(20)"), Some(true));
        assert_eq!(is_widening(Some("varchar(20)"), "varchar(10)"), Some(false));
        assert_eq!(is_widening(Some("varchar(20)"), "text"), Some(true));
        assert_eq!(is_widening(Some("int"), "bigint"), Some(false));
        assert_eq!(
            is_widening(Some("numeric(10,2)"), "numeric(12,2)"),
            Some(true)
        );
        assert_eq!(
            is_widening(Some("numeric(10,2)"), "numeric(12,3)"),
            Some(false)
        );
        assert_eq!(is_widening(None, "text"), None);
    }
}
