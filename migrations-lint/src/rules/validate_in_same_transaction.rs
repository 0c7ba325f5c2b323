//! MIG024 `validate-in-same-transaction`: `VALIDATE CONSTRAINT` in the transaction that added it `NOT VALID`.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `ALTER TABLE t VALIDATE CONSTRAINT c` in the same transaction (explicit, or the whole
    /// file with `--assume-in-transaction`) that added `c` with `NOT VALID`.
    ///
    /// ## Why it is dangerous
    ///
    /// The `ADD CONSTRAINT … NOT VALID` lock (ACCESS EXCLUSIVE for CHECK, SHARE ROW EXCLUSIVE
    /// for foreign keys) is held until commit, so the validation scan runs under it: the
    /// `NOT VALID` split gains nothing and the table blocks for the whole scan.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// BEGIN;
    /// ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;
    /// ALTER TABLE orders VALIDATE CONSTRAINT amount_positive;
    /// COMMIT;
    /// ```
    ///
    /// commit between the two (or put VALIDATE in the next migration file):
    ///
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;
    /// ALTER TABLE orders VALIDATE CONSTRAINT amount_positive;
    /// ```
    pub struct ValidateInSameTransaction {
        code: "MIG024",
        name: "validate-in-same-transaction",
        level: Warning,
        summary: "VALIDATE CONSTRAINT in the transaction that added it NOT VALID",
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>, name: &str) {
    if !cx.in_tx() || !cx.tx_not_valid.contains(name) {
        return;
    }
    let d = cx
        .diag(
            &ValidateInSameTransaction::META,
            st,
            format!("validating `{name}` in the transaction that added it NOT VALID scans the table while the ADD's lock is still held"),
        )
        .with_help("commit between ADD CONSTRAINT … NOT VALID and VALIDATE CONSTRAINT (next migration file)");
    cx.push(d);
}
