//! MIG040 `contract-after-expand-in-change-set`: a contract step on a table an earlier migration of the same change set expanded.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// With `--changed-since`, the new migrations form one change set (one pull request, one
    /// release). A contract step (drop, rename, type change, NOT NULL on an existing column)
    /// on a table that an earlier migration of the same change set expanded is flagged,
    /// pointing at the expand step: the rename in disguise spread over two files.
    ///
    /// ## Why it is dangerous
    ///
    /// The files deploy together, so the expand and the contract happen in the same release:
    /// the application version still running during the deploy, or restored by a rollback,
    /// loses what the contract step removed before it ever ran against the expanded shape.
    ///
    /// ## Safe alternative
    ///
    /// Instead of two files in one pull request:
    ///
    /// ```sql
    /// -- 0005_add_email_v2.up.sql
    /// ALTER TABLE users ADD COLUMN email_v2 text;
    /// -- 0006_drop_email.up.sql
    /// ALTER TABLE users DROP COLUMN email;
    /// ```
    ///
    /// merge and deploy the expand file first; ship the contract file in a later pull request,
    /// after deprecating the column.
    pub struct ContractAfterExpandInChangeSet {
        code: "MIG040",
        name: "contract-after-expand-in-change-set",
        level: Error,
        summary: "A contract step on a table the same change set expanded",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str) {
    let Some((cs, file, loc)) = cx.hist.expanded.get(table).cloned() else {
        return;
    };
    if cs != cx.change_set || file >= cx.file {
        return;
    }
    let d = cx
        .diag(
            &ContractAfterExpandInChangeSet::META,
            st,
            format!("contract step on `{table}`, which an earlier migration in this change set expanded: both deploy in the same release"),
        )
        .with_help("release the expand migration first; contract in a later change set after deprecating the old shape")
        .with_related("expanded in this change set here", loc);
    cx.push(d);
}
