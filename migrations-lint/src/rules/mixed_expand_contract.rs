//! MIG039 `mixed-expand-contract`: expand and contract steps on the same table in one migration.

use crate::engine::{Cx, St};
use crate::model::Phase;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A migration file that both expands a table that existed before this change set (adds a
    /// column or an index) and contracts it (drops, renames, narrows, changes a type,
    /// sets NOT NULL on an existing column). Reported at each contract step, pointing at the
    /// expand step. This is the "rename in disguise": add `email_v2`, copy, drop `email`, all
    /// in one release.
    ///
    /// ## Why it is dangerous
    ///
    /// Expand steps must be deployed before the code that uses them, contract steps after the
    /// code that stopped using the old shape. In one migration they run at the same moment, so
    /// one of the two application versions live during the deploy is always broken, and a
    /// rollback cannot restore the dropped data.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN email_v2 text;
    /// UPDATE users SET email_v2 = lower(email);
    /// ALTER TABLE users DROP COLUMN email;
    /// ```
    ///
    /// split it over releases: release 1 expands and backfills, release 2 switches the app,
    /// release 3 (after deprecating `email`) contracts:
    ///
    /// ```sql
    /// ALTER TABLE users ADD COLUMN email_v2 text;  -- release 1
    /// -- release 3: ALTER TABLE users DROP COLUMN email;
    /// ```
    pub struct MixedExpandContract {
        code: "MIG039",
        name: "mixed-expand-contract",
        level: Error,
        summary: "One migration both expands and contracts the same table",
    }
}

/// Record that `st` expands or contracts `table`; contract steps are also checked
/// against expansions made earlier in the same change set (MIG040).
pub(crate) fn record(cx: &mut Cx<'_>, st: &St<'_>, table: &str, phase: Phase) {
    if table.is_empty() || cx.is_new(table) {
        return;
    }
    match phase {
        Phase::Expand => {
            cx.expand_at
                .entry(table.to_owned())
                .or_insert_with(|| st.pos());
            let (cs, file) = (cx.change_set, cx.file);
            let stale = cx.hist.expanded.get(table).is_none_or(|e| e.0 != cs);
            if stale {
                let loc = cx.loc(st.start, st.end);
                cx.hist.expanded.insert(table.to_owned(), (cs, file, loc));
            }
        }
        Phase::Contract => {
            cx.contract_at.push((table.to_owned(), st.pos()));
            super::contract_after_expand_in_change_set::check(cx, st, table);
        }
        Phase::Migrate => {}
    }
}

pub(crate) fn end_of_file(cx: &mut Cx<'_>) {
    let contracts = std::mem::take(&mut cx.contract_at);
    let mut seen = std::collections::HashSet::new();
    for (table, pos) in contracts {
        let Some(exp) = cx.expand_at.get(&table).copied() else {
            continue;
        };
        if !seen.insert((table.clone(), pos.0)) {
            continue;
        }
        let related = cx.loc(exp.0, exp.1);
        let d = cx
            .diag_at(
                &MixedExpandContract::META,
                &pos,
                format!("this migration both expands and contracts `{table}`: one of the application versions running during the deploy breaks"),
            )
            .with_help("ship the expand step (and backfill) in one release and the contract step in a later one, after deprecating what it removes")
            .with_related("expand step on the same table", related)
            .with_note("expand (release 1): add the new column/index; migrate: backfill in batches; contract (release 2+): drop or narrow the old shape once no running version uses it");
        cx.push(d);
    }
}
