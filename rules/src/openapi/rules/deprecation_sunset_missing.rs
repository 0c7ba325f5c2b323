//! Rule OAS003 `deprecation-sunset-missing`: something was deprecated without the sunset date the stability level requires.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation, parameter or property became `deprecated: true` without an `x-sunset` date,
    /// while `shipgate.toml` sets a minimum deprecation period (`[diff.deprecation-days]`) for
    /// its stability level.
    ///
    /// ## Why it is dangerous
    /// Without a sunset date clients cannot plan the migration, and the removal later looks like
    /// a surprise.
    ///
    /// ## Safe alternative
    /// Add `x-sunset: YYYY-MM-DD` at least the configured number of days ahead.
    ///
    /// ## References
    /// oasdiff checks covered: `api-deprecated-sunset-missing`, `request-parameter-deprecated-sunset-missing`, `request-property-deprecated-sunset-missing`, `response-property-deprecated-sunset-missing`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct DeprecationSunsetMissing {
        code: "OAS003",
        name: "deprecation-sunset-missing",
        level: Error,
        summary: "Something was deprecated without the sunset date the stability level requires",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-deprecated-sunset-missing",
    "request-parameter-deprecated-sunset-missing",
    "request-property-deprecated-sunset-missing",
    "response-property-deprecated-sunset-missing",
];
