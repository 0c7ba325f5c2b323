//! Rule OAS018 `response-enum-widened`: a response enum gained a value, or lost its enum or const.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A value was added to the `enum` of something clients receive, or the `enum`/`const` was
    /// removed (any value may now come back). `x-extensible-enum` is exempt: its consumers must
    /// handle unknown values.
    ///
    /// ## Why it is dangerous
    /// Clients with exhaustive `switch`/`match` statements or generated enum types fail to decode
    /// the new value.
    ///
    /// ## Safe alternative
    /// Declare the enum as `x-extensible-enum` from the start, or add the value in a new API
    /// version.
    ///
    /// ## References
    /// oasdiff checks covered: `response-property-enum-value-added`, `response-body-const-changed`, `response-property-const-changed`, `response-body-const-removed`, `response-property-const-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseEnumWidened {
        code: "OAS018",
        name: "response-enum-widened",
        level: Error,
        summary: "A response enum gained a value, or lost its enum or const",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-property-enum-value-added",
    "response-body-const-changed",
    "response-property-const-changed",
    "response-body-const-removed",
    "response-property-const-removed",
];
