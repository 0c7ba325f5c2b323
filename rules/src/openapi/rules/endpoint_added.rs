//! Rule OAS100 `endpoint-added`: an operation or webhook was added.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation or webhook that the base version does not have.
    ///
    /// ## Why it is dangerous
    /// It is not: adding an operation breaks no client. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    ///
    /// ## References
    /// oasdiff checks covered: `endpoint-added`, `webhook-added`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct EndpointAdded {
        code: "OAS100",
        name: "endpoint-added",
        level: Info,
        summary: "An operation or webhook was added",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["endpoint-added", "webhook-added"];
