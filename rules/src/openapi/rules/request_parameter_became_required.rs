//! Rule OAS012 `request-parameter-became-required`: an optional request parameter became required.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request parameter went from `required: false` (or absent) to `required: true`.
    ///
    /// ## Why it is dangerous
    /// Clients that omit the parameter (legitimately, until now) get a 400 after the deploy.
    ///
    /// ## Safe alternative
    /// Keep the parameter optional and give it a server-side default.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-became-required`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestParameterBecameRequired {
        code: "OAS012",
        name: "request-parameter-became-required",
        level: Error,
        summary: "An optional request parameter became required",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-parameter-became-required"];
