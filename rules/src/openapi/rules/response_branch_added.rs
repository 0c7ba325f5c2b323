//! Rule OAS033 `response-branch-added`: a `oneOf` alternative was added to a response schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response `oneOf` gained a branch, or a response schema was wrapped in a `oneOf` with new
    /// alternatives. The same change in a request is compatible and is not flagged.
    ///
    /// ## Why it is dangerous
    /// Clients decode responses by matching the known alternatives; a new shape fails to decode.
    ///
    /// ## Safe alternative
    /// Return the new shape from a new operation or behind an opt-in parameter.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-one-of-added`, `response-property-one-of-added`, `response-body-wrapped-in-one-of`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseBranchAdded {
        code: "OAS033",
        name: "response-branch-added",
        level: Error,
        summary: "A `oneOf` alternative was added to a response schema",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-body-one-of-added",
    "response-property-one-of-added",
    "response-body-wrapped-in-one-of",
];
