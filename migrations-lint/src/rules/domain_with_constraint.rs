//! MIG057 `domain-with-constraint` (opt-in): `CREATE DOMAIN … CHECK` and `ALTER DOMAIN … ADD CONSTRAINT`.

use crate::engine::{Cx, St};
use crate::model::Kind;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// `CREATE DOMAIN … CHECK (…)` and `ALTER DOMAIN … ADD CONSTRAINT …`. Opt-in: enable with
    /// `rules = { MIG057 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// A domain constraint is checked for every column of that domain in every table.
    /// `ALTER DOMAIN … ADD CONSTRAINT` scans all of them while holding locks that block writes,
    /// and changing the rule later means altering the domain (another scan of everything)
    /// rather than one table. PostgreSQL also does not re-check domain constraints in some
    /// paths (for example values inside composite types), so the guarantee is weaker than it
    /// looks.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
    /// ```
    ///
    /// put the CHECK on the table, where it can be added `NOT VALID` and validated later:
    ///
    /// ```sql
    /// ALTER TABLE users ADD CONSTRAINT users_email_at CHECK (email LIKE '%@%') NOT VALID;
    /// ALTER TABLE users VALIDATE CONSTRAINT users_email_at;
    /// ```
    pub struct DomainWithConstraint {
        code: "MIG057",
        name: "domain-with-constraint",
        level: Warning,
        summary: "A CHECK constraint on a domain",
        opt_in: true,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    let Kind::DomainConstraint { name, alter } = st.kind else {
        return;
    };
    let msg = if *alter {
        format!("ALTER DOMAIN {name} ADD CONSTRAINT scans every column of the domain in every table while blocking writes")
    } else {
        format!("domain `{name}` has a CHECK constraint: every column using it is checked, and changing it later scans them all")
    };
    let d = cx.diag(&DomainWithConstraint::META, st, msg).with_help(
        "put the CHECK on the table columns (ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT)",
    );
    cx.push(d);
}
