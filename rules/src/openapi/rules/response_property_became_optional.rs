//! Rule OAS031 `response-property-became-optional`: a required response property or header became optional.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response property was removed from `required`, or a response header, or a parameter
    /// the API sends with a webhook, lost `required: true`.
    ///
    /// ## Why it is dangerous
    /// Clients read the value unconditionally and crash when it is absent.
    ///
    /// ## Safe alternative
    /// Keep the property required; return an explicit empty value instead of omitting it.
    ///
    /// ## References
    /// oasdiff checks covered: `response-property-became-optional`, `response-header-became-optional`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponsePropertyBecameOptional {
        code: "OAS031",
        name: "response-property-became-optional",
        level: Error,
        summary: "A required response property or header became optional",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-property-became-optional",
    "response-header-became-optional",
];
