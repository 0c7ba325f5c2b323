//! Rule OAS016 `request-enum-value-removed`: a value was removed from a request enum.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A value of an `enum` (or `x-extensible-enum`, or `const`) that clients may send was
    /// removed.
    ///
    /// ## Why it is dangerous
    /// Clients that send the removed value get a 400 after the deploy.
    ///
    /// ## Safe alternative
    /// Keep accepting the value; deprecate it in the description and map it to its replacement
    /// server-side.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-enum-value-removed`, `request-parameter-x-extensible-enum-value-removed`, `request-parameter-property-enum-value-removed`, `request-body-enum-value-removed`, `request-property-enum-value-removed`, `request-property-x-extensible-enum-value-removed`, `request-body-const-changed`, `request-property-const-changed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestEnumValueRemoved {
        code: "OAS016",
        name: "request-enum-value-removed",
        level: Error,
        summary: "A value was removed from a request enum",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-enum-value-removed",
    "request-parameter-x-extensible-enum-value-removed",
    "request-parameter-property-enum-value-removed",
    "request-body-enum-value-removed",
    "request-property-enum-value-removed",
    "request-property-x-extensible-enum-value-removed",
    "request-body-const-changed",
    "request-property-const-changed",
];
