//! Rule OAS030 `response-optional-property-removed`: an optional response property was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A property that the base version returned (but did not list as required) is missing from
    /// the revision.
    ///
    /// ## Why it is dangerous
    /// Clients that handled its absence keep working, but any client that uses the value loses
    /// data silently.
    ///
    /// ## Safe alternative
    /// Deprecate the property first and remove it after its sunset date.
    ///
    /// ## References
    /// oasdiff checks covered: `response-optional-property-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseOptionalPropertyRemoved {
        code: "OAS030",
        name: "response-optional-property-removed",
        level: Warning,
        summary: "An optional response property was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["response-optional-property-removed"];
