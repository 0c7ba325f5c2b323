//! Rule OAS025 `response-became-nullable`: a response value became nullable.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response body, property or header became nullable (`nullable: true`, or `null` added to
    /// its type list).
    ///
    /// ## Why it is dangerous
    /// Clients that dereference the value without a null check crash; typed SDKs change the field
    /// to an optional type.
    ///
    /// ## Safe alternative
    /// Omit the property or return a sentinel value, or add a new nullable property.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-became-nullable`, `response-property-became-nullable`, `response-header-became-nullable`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseBecameNullable {
        code: "OAS025",
        name: "response-became-nullable",
        level: Error,
        summary: "A response value became nullable",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-body-became-nullable",
    "response-property-became-nullable",
    "response-header-became-nullable",
];
