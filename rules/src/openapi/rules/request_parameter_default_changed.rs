//! Rule OAS013 `request-parameter-default-changed`: a request parameter's default value was added, changed or removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The `default` of a request parameter's schema changed.
    ///
    /// ## Why it is dangerous
    /// Clients that omit the parameter relied on the old default; the same request now means
    /// something else.
    ///
    /// ## Safe alternative
    /// Keep the default. If a different behaviour is needed, add a new parameter.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-default-value-added`, `request-parameter-default-value-changed`, `request-parameter-default-value-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestParameterDefaultChanged {
        code: "OAS013",
        name: "request-parameter-default-changed",
        level: Error,
        summary: "A request parameter's default value was added, changed or removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-default-value-added",
    "request-parameter-default-value-changed",
    "request-parameter-default-value-removed",
];
