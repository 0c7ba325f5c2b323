//! MIG048 `identifier-too-long` (opt-in): identifiers longer than PostgreSQL's 63 bytes.

use crate::engine::{Cx, St};
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A table, column or index name longer than 63 bytes in `CREATE TABLE`, `ADD COLUMN` or
    /// `CREATE INDEX`. Opt-in: enable with `rules = { MIG048 = "warning" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN - 1): the object gets
    /// a different name than the one the code and later migrations use, and two long names can
    /// collide.
    ///
    /// ## Safe alternative
    ///
    /// Instead of a name that will be cut:
    ///
    /// ```sql
    /// CREATE INDEX index_customer_subscription_events_on_customer_id_and_created_at_desc ON customer_subscription_events (customer_id);
    /// ```
    ///
    /// choose a shorter one:
    ///
    /// ```sql
    /// CREATE INDEX cse_customer_created_idx ON customer_subscription_events (customer_id);
    /// ```
    pub struct IdentifierTooLong {
        code: "MIG048",
        name: "identifier-too-long",
        level: Warning,
        summary: "An identifier longer than 63 bytes is silently truncated",
        opt_in: true,
    }
}

pub(crate) fn check<'n>(cx: &mut Cx<'_, '_>, st: &St<'_>, names: impl Iterator<Item = &'n str>) {
    // Table and index names may carry their schema (`audit.events`): check the last part.
    let last = |n: &'n str| n.rsplit_once('.').map_or(n, |(_, l)| l);
    for n in names.map(last).filter(|n| n.len() > 63) {
        let d = cx
            .diag(
                &IdentifierTooLong::META,
                st,
                format!(
                    "identifier `{n}` is {} bytes; PostgreSQL truncates it to 63",
                    n.len()
                ),
            )
            .with_help("use a name of at most 63 bytes");
        cx.push(d);
    }
}
