//! Rule OAS027 `request-property-became-required`: an optional request property became required.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request property that was optional is now listed in `required`.
    ///
    /// ## Why it is dangerous
    /// Clients that omit it get a 400.
    ///
    /// ## Safe alternative
    /// Keep it optional with a server-side default.
    ///
    /// ## References
    /// oasdiff checks covered: `request-property-became-required`, `request-property-became-required-with-default`, `request-header-property-became-required`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestPropertyBecameRequired {
        code: "OAS027",
        name: "request-property-became-required",
        level: Error,
        summary: "An optional request property became required",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-property-became-required",
    "request-property-became-required-with-default",
    "request-header-property-became-required",
];
