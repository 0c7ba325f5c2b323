//! Rule OAS023 `request-pattern-changed`: a request string's `pattern` changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The `pattern` of a request parameter, body or property changed. shipgate cannot prove
    /// whether the new expression accepts everything the old one did.
    ///
    /// ## Why it is dangerous
    /// If the new pattern is narrower, values that clients send today are rejected.
    ///
    /// ## Safe alternative
    /// Only widen patterns (for example add an alternative with `|`), and check both against real
    /// traffic.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-pattern-changed`, `request-property-pattern-changed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestPatternChanged {
        code: "OAS023",
        name: "request-pattern-changed",
        level: Warning,
        summary: "A request string's `pattern` changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-pattern-changed",
    "request-property-pattern-changed",
];
