//! Rule OAS008 `stability-level-invalid`: an `x-stability-level` value is not draft, alpha, beta or stable.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation's `x-stability-level` is not one of `draft`, `alpha`, `beta`, `stable`.
    ///
    /// ## Why it is dangerous
    /// shipgate cannot tell which deprecation rules apply, so it treats the operation as stable;
    /// the value is almost certainly a typo.
    ///
    /// ## Safe alternative
    /// Use one of `draft`, `alpha`, `beta`, `stable`.
    ///
    /// ## References
    /// oasdiff checks covered: `api-invalid-stability-level`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct StabilityLevelInvalid {
        code: "OAS008",
        name: "stability-level-invalid",
        level: Error,
        summary: "An `x-stability-level` value is not draft, alpha, beta or stable",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["api-invalid-stability-level"];
