//! Rule OAS040 `response-success-status-removed`: a success (2xx) response was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A 2xx (or `2XX`) response of an existing operation is missing from the revision.
    ///
    /// ## Why it is dangerous
    /// Clients that handle that status (for example 200 with a body) receive another one, usually
    /// without the body they expect.
    ///
    /// ## Safe alternative
    /// Keep the status, or introduce the new one alongside it.
    ///
    /// ## References
    /// oasdiff checks covered: `response-success-status-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseSuccessStatusRemoved {
        code: "OAS040",
        name: "response-success-status-removed",
        level: Error,
        summary: "A success (2xx) response was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["response-success-status-removed"];
