//! MIG043 `malformed-ignore`: a `shipgate-ignore` comment with no reason or an unknown rule.

use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A `shipgate-ignore` or `shipgate-ignore-file` comment that names no rule, names a rule
    /// that does not exist, or gives no reason after a colon. Such a comment suppresses
    /// nothing.
    ///
    /// ## Why it is dangerous
    ///
    /// The author believes a finding is suppressed and accepted, but it is not; and an
    /// accepted risk without a written reason cannot be reviewed later.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// -- shipgate-ignore MIG016
    /// CREATE INDEX users_email_idx ON users (email);
    /// ```
    ///
    /// give the reason:
    ///
    /// ```sql
    /// -- shipgate-ignore MIG016: users has 40 rows (feature flag table)
    /// CREATE INDEX users_email_idx ON users (email);
    /// ```
    pub struct MalformedIgnore {
        code: "MIG043",
        name: "malformed-ignore",
        level: Warning,
        summary: "An ignore comment without a reason or with an unknown rule",
    }
}
