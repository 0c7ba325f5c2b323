//! Rule OAS015 `response-type-changed`: a response body, property or header changed to an incompatible or wider type.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The `type` (or `format`) of something a client receives changed, or widened (`integer` →
    /// `number`, more types in a 3.1 type list).
    ///
    /// ## Why it is dangerous
    /// Clients decode the response into the old type; the new values fail deserialisation or are
    /// silently truncated.
    ///
    /// ## Safe alternative
    /// Add a new property with the new type and deprecate the old one.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-type-changed`, `response-body-type-generalized`, `response-body-list-of-types-widened`, `response-property-type-changed`, `response-property-type-generalized`, `response-property-list-of-types-widened`, `response-header-type-changed`, `response-header-type-generalized`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseTypeChanged {
        code: "OAS015",
        name: "response-type-changed",
        level: Error,
        summary: "A response body, property or header changed to an incompatible or wider type",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-body-type-changed",
    "response-body-type-generalized",
    "response-body-list-of-types-widened",
    "response-property-type-changed",
    "response-property-type-generalized",
    "response-property-list-of-types-widened",
    "response-header-type-changed",
    "response-header-type-generalized",
];
