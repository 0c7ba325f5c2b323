//! Rule OAS102 `removed-after-sunset`: a deprecated operation, parameter or property was removed after its sunset date.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// Something deprecated with an `x-sunset` date that has passed was removed.
    ///
    /// ## Why it is dangerous
    /// It is not: clients were told and had the announced time to migrate. It is listed by
    /// `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    ///
    /// ## References
    /// oasdiff checks covered: `api-path-removed-with-deprecation`, `api-removed-with-deprecation`, `request-parameter-removed-with-deprecation`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RemovedAfterSunset {
        code: "OAS102",
        name: "removed-after-sunset",
        level: Info,
        summary: "A deprecated operation, parameter or property was removed after its sunset date",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-path-removed-with-deprecation",
    "api-removed-with-deprecation",
    "request-parameter-removed-with-deprecation",
];
