//! Rule OAS002 `removed-before-sunset`: a deprecated operation or parameter was removed before its sunset date.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation or request parameter that the base version deprecated with an `x-sunset` date
    /// is missing from the revision although that date has not passed yet.
    ///
    /// ## Why it is dangerous
    /// Clients were promised the operation until the sunset date and may not have migrated yet.
    ///
    /// ## Safe alternative
    /// Keep the operation until the sunset date has passed, then remove it.
    ///
    /// ## References
    /// oasdiff checks covered: `api-path-removed-before-sunset`, `api-removed-before-sunset`, `request-parameter-removed-before-sunset`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RemovedBeforeSunset {
        code: "OAS002",
        name: "removed-before-sunset",
        level: Error,
        summary: "A deprecated operation or parameter was removed before its sunset date",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-path-removed-before-sunset",
    "api-removed-before-sunset",
    "request-parameter-removed-before-sunset",
];
