//! Rule OAS101 `deprecated`: an operation, parameter or property was deprecated.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// `deprecated: true` was set on an operation, parameter or property (with or without a
    /// sunset date).
    ///
    /// ## Why it is dangerous
    /// It is not: deprecation is the safe first step of a removal. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Give the deprecation an `x-sunset` date so the removal can be checked later.
    ///
    /// ## References
    /// oasdiff checks covered: `endpoint-deprecated`, `endpoint-deprecated-with-sunset`, `request-parameter-deprecated`, `request-property-deprecated`, `request-property-deprecated-with-sunset`, `response-property-deprecated`, `response-property-deprecated-with-sunset`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct Deprecated {
        code: "OAS101",
        name: "deprecated",
        level: Info,
        summary: "An operation, parameter or property was deprecated",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "endpoint-deprecated",
    "endpoint-deprecated-with-sunset",
    "request-parameter-deprecated",
    "request-property-deprecated",
    "request-property-deprecated-with-sunset",
    "response-property-deprecated",
    "response-property-deprecated-with-sunset",
];
