//! Rule OAS007 `stability-decreased`: an operation or property's `x-stability-level` was lowered.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// `x-stability-level` went down (stable → beta → alpha → draft) on an operation or a
    /// property.
    ///
    /// ## Why it is dangerous
    /// Clients that relied on a stable operation are now told it may change without notice; the
    /// stability promise was broken.
    ///
    /// ## Safe alternative
    /// Keep the stability level and introduce the unstable variant as a new operation.
    ///
    /// ## References
    /// oasdiff checks covered: `api-stability-decreased`, `request-property-stability-decreased`, `response-property-stability-decreased`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct StabilityDecreased {
        code: "OAS007",
        name: "stability-decreased",
        level: Error,
        summary: "An operation or property's `x-stability-level` was lowered",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-stability-decreased",
    "request-property-stability-decreased",
    "response-property-stability-decreased",
];
