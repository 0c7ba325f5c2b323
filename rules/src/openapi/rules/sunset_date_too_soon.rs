//! Rule OAS005 `sunset-date-too-soon`: a sunset date is sooner than the minimum deprecation period, or was moved earlier.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A newly deprecated operation, parameter or property has an `x-sunset` date sooner than
    /// today plus the minimum deprecation days configured for its stability level, or an existing
    /// sunset date was moved earlier.
    ///
    /// ## Why it is dangerous
    /// Clients were told (by policy or by the earlier date) that they have more time to migrate.
    ///
    /// ## Safe alternative
    /// Keep the earlier promise: set the sunset date at least the configured number of days ahead
    /// and never move it earlier.
    ///
    /// ## References
    /// oasdiff checks covered: `api-sunset-date-too-small`, `api-sunset-date-changed-too-small`, `request-parameter-sunset-date-too-small`, `request-parameter-sunset-date-changed-too-small`, `request-property-sunset-date-too-small`, `response-property-sunset-date-too-small`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct SunsetDateTooSoon {
        code: "OAS005",
        name: "sunset-date-too-soon",
        level: Error,
        summary: "A sunset date is sooner than the minimum deprecation period, or was moved earlier",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-sunset-date-too-small",
    "api-sunset-date-changed-too-small",
    "request-parameter-sunset-date-too-small",
    "request-parameter-sunset-date-changed-too-small",
    "request-property-sunset-date-too-small",
    "response-property-sunset-date-too-small",
];
