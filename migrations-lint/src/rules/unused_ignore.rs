//! MIG042 `unused-ignore`: a `shipgate-ignore` comment that suppresses nothing.

use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A `-- shipgate-ignore CODE: reason` comment with no finding of that code on the
    /// statement it covers (the next statement, or the statement it trails), and a
    /// `-- shipgate-ignore-file CODE: reason` with no such finding in the file.
    ///
    /// ## Why it is dangerous
    ///
    /// A stale ignore hides the next real finding that happens to land on that statement, and
    /// it tells reviewers a risk was accepted that no longer exists.
    ///
    /// ## Safe alternative
    ///
    /// Instead of an ignore that matches nothing:
    ///
    /// ```sql
    /// -- shipgate-ignore MIG016: table is tiny
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ```
    ///
    /// remove it, or put it directly above the statement it is for.
    pub struct UnusedIgnore {
        code: "MIG042",
        name: "unused-ignore",
        level: Warning,
        summary: "An ignore comment suppresses nothing",
    }
}
