//! Rule OAS026 `new-required-request-property`: a required property was added to a request body.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request body schema gained a property listed in `required` (a `default` does not help:
    /// the document says clients must send it).
    ///
    /// ## Why it is dangerous
    /// Existing clients do not send the property, so their requests fail validation.
    ///
    /// ## Safe alternative
    /// Add the property as optional with a server-side default.
    ///
    /// ## References
    /// oasdiff checks covered: `new-required-request-property`, `new-required-request-property-with-default`, `new-required-request-header-property`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct NewRequiredRequestProperty {
        code: "OAS026",
        name: "new-required-request-property",
        level: Error,
        summary: "A required property was added to a request body",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "new-required-request-property",
    "new-required-request-property-with-default",
    "new-required-request-header-property",
];
