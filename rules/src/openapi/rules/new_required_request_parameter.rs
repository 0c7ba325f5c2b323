//! Rule OAS010 `new-required-request-parameter`: a required request parameter was added to an existing operation.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A new path, query, header or cookie parameter with `required: true` (path parameters
    /// always are) on an operation that already existed.
    ///
    /// ## Why it is dangerous
    /// Existing clients do not send the parameter, so their requests start failing validation
    /// (400) after the deploy.
    ///
    /// ## Safe alternative
    /// Add the parameter as optional with a server-side default, and make it required only in a
    /// new API version.
    ///
    /// ## References
    /// oasdiff checks covered: `new-required-request-parameter`, `new-request-path-parameter`, `new-required-request-default-parameter-to-existing-path`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct NewRequiredRequestParameter {
        code: "OAS010",
        name: "new-required-request-parameter",
        level: Error,
        summary: "A required request parameter was added to an existing operation",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "new-required-request-parameter",
    "new-request-path-parameter",
    "new-required-request-default-parameter-to-existing-path",
];
