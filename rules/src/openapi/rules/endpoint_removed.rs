//! Rule OAS001 `endpoint-removed`: an operation was removed without a passed sunset date.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation (method and path) that exists in the base version is missing from the
    /// revision, and the base version did not deprecate it with a sunset date that has passed.
    ///
    /// ## Why it is dangerous
    /// Every client that calls the operation gets a 404 or 405 after the deploy. Generated SDKs
    /// lose the method and stop compiling.
    ///
    /// ## Safe alternative
    /// Instead of deleting the operation, mark it `deprecated: true` with an `x-sunset` date (RFC
    /// 3339 date or RFC 8594 HTTP date) at least the configured number of days ahead, and remove
    /// it once that date has passed.
    ///
    /// ## References
    /// oasdiff checks covered: `api-path-removed-without-deprecation`, `api-removed-without-deprecation`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct EndpointRemoved {
        code: "OAS001",
        name: "endpoint-removed",
        level: Error,
        summary: "An operation was removed without a passed sunset date",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-path-removed-without-deprecation",
    "api-removed-without-deprecation",
];
