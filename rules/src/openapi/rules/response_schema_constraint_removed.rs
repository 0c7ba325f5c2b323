//! Rule OAS045 `response-schema-constraint-removed`: a JSON Schema constraint keyword was removed from a response schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response schema lost (or changed) a constraining JSON Schema 2020-12 keyword:
    /// `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `patternProperties`,
    /// `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`, `contains`, `contentSchema`,
    /// or gained `prefixItems`.
    ///
    /// ## Why it is dangerous
    /// Responses may now hold values that clients were promised would never appear.
    ///
    /// ## Safe alternative
    /// Keep the constraint.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-if-removed`, `response-body-then-removed`, `response-body-else-removed`, `response-body-dependent-required-removed`, `response-body-dependent-required-changed`, `response-body-dependent-schema-removed`, `response-body-pattern-property-removed`, `response-body-property-names-removed`, `response-body-unevaluated-items-removed`, `response-body-unevaluated-properties-removed`, `response-body-contains-removed`, `response-body-content-schema-removed`, `response-body-prefix-items-added`, `response-property-if-removed`, `response-property-then-removed`, `response-property-else-removed`, `response-property-dependent-required-removed`, `response-property-dependent-required-changed`, `response-property-dependent-schema-removed`, `response-property-pattern-property-removed`, `response-property-property-names-removed`, `response-property-unevaluated-items-removed`, `response-property-unevaluated-properties-removed`, `response-property-contains-removed`, `response-property-content-schema-removed`, `response-property-prefix-items-added`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseSchemaConstraintRemoved {
        code: "OAS045",
        name: "response-schema-constraint-removed",
        level: Error,
        summary: "A JSON Schema constraint keyword was removed from a response schema",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-body-if-removed",
    "response-body-then-removed",
    "response-body-else-removed",
    "response-body-dependent-required-removed",
    "response-body-dependent-required-changed",
    "response-body-dependent-schema-removed",
    "response-body-pattern-property-removed",
    "response-body-property-names-removed",
    "response-body-unevaluated-items-removed",
    "response-body-unevaluated-properties-removed",
    "response-body-contains-removed",
    "response-body-content-schema-removed",
    "response-body-prefix-items-added",
    "response-property-if-removed",
    "response-property-then-removed",
    "response-property-else-removed",
    "response-property-dependent-required-removed",
    "response-property-dependent-required-changed",
    "response-property-dependent-schema-removed",
    "response-property-pattern-property-removed",
    "response-property-property-names-removed",
    "response-property-unevaluated-items-removed",
    "response-property-unevaluated-properties-removed",
    "response-property-contains-removed",
    "response-property-content-schema-removed",
    "response-property-prefix-items-added",
];
