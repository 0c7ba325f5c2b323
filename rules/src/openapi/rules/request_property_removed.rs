//! Rule OAS028 `request-property-removed`: a request property was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A property of a request body schema is missing from the revision.
    ///
    /// ## Why it is dangerous
    /// Clients keep sending it. With `additionalProperties: false` their requests are rejected;
    /// otherwise the value is silently ignored, which changes behaviour.
    ///
    /// ## Safe alternative
    /// Deprecate the property with an `x-sunset` date and keep accepting it.
    ///
    /// ## References
    /// oasdiff checks covered: `request-property-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestPropertyRemoved {
        code: "OAS028",
        name: "request-property-removed",
        level: Warning,
        summary: "A request property was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-property-removed"];
