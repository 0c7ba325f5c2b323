//! MIG039 `mixed-expand-contract`: expand and contract steps on the same table in one migration.

use crate::engine::{Cx, St};
use crate::model::Phase;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A migration file that both expands a table that existed before this change set (adds a
    /// column or an index) and contracts it (drops, renames, narrows, changes a type,
    /// sets NOT NULL on an existing column). Reported once per table, at its first contract
    /// step, pointing at the expand step and any further contract steps. This is the "rename in disguise": add `email_v2`, copy, drop `email`, all
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
pub(crate) fn record(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, phase: Phase) {
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

pub(crate) fn end_of_file(cx: &mut Cx<'_, '_>) {
    let contracts = std::mem::take(&mut cx.contract_at);
    // One finding per table, at its first contract step; the others are related.
    let mut tables: Vec<(String, Vec<crate::engine::Pos>)> = Vec::new();
    let mut slot: crate::engine::FastMap<String, usize> = Default::default();
    for (table, pos) in contracts {
        if !cx.expand_at.contains_key(&table) {
            continue;
        }
        match slot.get(&table) {
            Some(&i) => {
                let v = &mut tables[i].1;
                if !v.iter().any(|p| p.0 == pos.0) {
                    v.push(pos);
                }
            }
            None => {
                slot.insert(table.clone(), tables.len());
                tables.push((table, vec![pos]));
            }
        }
    }
    for (table, positions) in tables {
        let exp = cx.expand_at[&table];
        let steps = if positions.len() > 1 {
            format!(" ({} contract steps)", positions.len())
        } else {
            String::new()
        };
        let mut d = cx
            .diag_at(
                &MixedExpandContract::META,
                &positions[0],
                format!("this migration both expands and contracts `{table}`{steps}: one of the application versions running during the deploy breaks"),
            )
            .with_help("ship the expand step (and backfill) in one release and the contract step in a later one, after deprecating what it removes")
            .with_related("expand step on the same table", cx.loc(exp.0, exp.1))
            .with_note("expand (release 1): add the new column/index; migrate: backfill in batches; contract (release 2+): drop or narrow the old shape once no running version uses it");
        for p in &positions[1..] {
            d = d.with_related("another contract step on the same table", cx.loc(p.0, p.1));
        }
        cx.push(d);
    }
}
