//! Rule OAS042 `optional-response-header-removed`: an optional response header was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response header that was not required is missing from the revision (headers are matched
    /// case-insensitively). Also an optional parameter the API sends with a webhook.
    ///
    /// ## Why it is dangerous
    /// Clients that use it lose the information silently.
    ///
    /// ## Safe alternative
    /// Deprecate the header first and keep sending it until clients have moved.
    ///
    /// ## References
    /// oasdiff checks covered: `optional-response-header-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct OptionalResponseHeaderRemoved {
        code: "OAS042",
        name: "optional-response-header-removed",
        level: Warning,
        summary: "An optional response header was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["optional-response-header-removed"];
