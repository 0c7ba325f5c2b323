//! Rule OAS004 `sunset-date-invalid`: an `x-sunset` value is not a date.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An `x-sunset` extension on an operation, parameter or property is neither an RFC 3339 date
    /// (`2026-01-31`) nor an RFC 8594 HTTP date (`Sat, 31 Jan 2026 00:00:00 GMT`).
    ///
    /// ## Why it is dangerous
    /// shipgate (and clients that read the date) cannot tell when removal becomes safe, so the
    /// deprecation promise is meaningless.
    ///
    /// ## Safe alternative
    /// Write the date as `YYYY-MM-DD`.
    ///
    /// ## References
    /// oasdiff checks covered: `api-deprecated-sunset-parse`, `api-path-sunset-parse`, `request-parameter-sunset-parse`, `request-property-deprecated-sunset-invalid`, `response-property-deprecated-sunset-invalid`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct SunsetDateInvalid {
        code: "OAS004",
        name: "sunset-date-invalid",
        level: Error,
        summary: "An `x-sunset` value is not a date",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-deprecated-sunset-parse",
    "api-path-sunset-parse",
    "request-parameter-sunset-parse",
    "request-property-deprecated-sunset-invalid",
    "response-property-deprecated-sunset-invalid",
];
