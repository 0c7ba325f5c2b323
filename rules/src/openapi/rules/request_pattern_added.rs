//! Rule OAS022 `request-pattern-added`: a `pattern` was added to a request string.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request parameter, body or property that had no `pattern` now has one.
    ///
    /// ## Why it is dangerous
    /// Strings that were accepted before and do not match the pattern are now rejected.
    ///
    /// ## Safe alternative
    /// Validate the format server-side leniently first, and enforce the pattern in a new API
    /// version.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-pattern-added`, `request-property-pattern-added`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestPatternAdded {
        code: "OAS022",
        name: "request-pattern-added",
        level: Error,
        summary: "A `pattern` was added to a request string",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-pattern-added",
    "request-property-pattern-added",
];
