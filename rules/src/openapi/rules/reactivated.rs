//! Rule OAS103 `reactivated`: a deprecated operation, parameter or property was undeprecated.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// `deprecated: true` was removed.
    ///
    /// ## Why it is dangerous
    /// It is not. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    ///
    /// ## References
    /// oasdiff checks covered: `endpoint-reactivated`, `request-parameter-reactivated`, `request-property-reactivated`, `response-property-reactivated`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct Reactivated {
        code: "OAS103",
        name: "reactivated",
        level: Info,
        summary: "A deprecated operation, parameter or property was undeprecated",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "endpoint-reactivated",
    "request-parameter-reactivated",
    "request-property-reactivated",
    "response-property-reactivated",
];
