//! Rule OAS024 `request-became-not-nullable`: a request value no longer accepts null.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request parameter, body or property that was nullable (`nullable: true` or a type list
    /// with `null`) no longer is.
    ///
    /// ## Why it is dangerous
    /// Clients that send `null` get a 400.
    ///
    /// ## Safe alternative
    /// Keep accepting `null` and treat it as "not set".
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-became-not-nullable`, `request-parameter-property-became-not-nullable`, `request-body-became-not-nullable`, `request-property-became-not-nullable`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBecameNotNullable {
        code: "OAS024",
        name: "request-became-not-nullable",
        level: Error,
        summary: "A request value no longer accepts null",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-became-not-nullable",
    "request-parameter-property-became-not-nullable",
    "request-body-became-not-nullable",
    "request-property-became-not-nullable",
];
