//! Rule OAS044 `request-schema-constraint-added`: a JSON Schema constraint keyword was added to a request schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request schema gained (or changed) a constraining JSON Schema 2020-12 keyword:
    /// `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `patternProperties`,
    /// `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`, `contains`, `contentSchema`,
    /// or lost `prefixItems`.
    ///
    /// ## Why it is dangerous
    /// The keyword rejects requests that were valid before.
    ///
    /// ## Safe alternative
    /// Add constraints in a new API version.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-if-added`, `request-body-then-added`, `request-body-else-added`, `request-body-dependent-required-added`, `request-body-dependent-required-changed`, `request-body-dependent-schema-added`, `request-body-pattern-property-added`, `request-body-property-names-added`, `request-body-unevaluated-items-added`, `request-body-unevaluated-properties-added`, `request-body-contains-added`, `request-body-content-schema-added`, `request-body-prefix-items-removed`, `request-property-if-added`, `request-property-then-added`, `request-property-else-added`, `request-property-dependent-required-added`, `request-property-dependent-required-changed`, `request-property-dependent-schema-added`, `request-property-pattern-property-added`, `request-property-property-names-added`, `request-property-unevaluated-items-added`, `request-property-unevaluated-properties-added`, `request-property-contains-added`, `request-property-content-schema-added`, `request-property-prefix-items-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestSchemaConstraintAdded {
        code: "OAS044",
        name: "request-schema-constraint-added",
        level: Error,
        summary: "A JSON Schema constraint keyword was added to a request schema",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-body-if-added",
    "request-body-then-added",
    "request-body-else-added",
    "request-body-dependent-required-added",
    "request-body-dependent-required-changed",
    "request-body-dependent-schema-added",
    "request-body-pattern-property-added",
    "request-body-property-names-added",
    "request-body-unevaluated-items-added",
    "request-body-unevaluated-properties-added",
    "request-body-contains-added",
    "request-body-content-schema-added",
    "request-body-prefix-items-removed",
    "request-property-if-added",
    "request-property-then-added",
    "request-property-else-added",
    "request-property-dependent-required-added",
    "request-property-dependent-required-changed",
    "request-property-dependent-schema-added",
    "request-property-pattern-property-added",
    "request-property-property-names-added",
    "request-property-unevaluated-items-added",
    "request-property-unevaluated-properties-added",
    "request-property-contains-added",
    "request-property-content-schema-added",
    "request-property-prefix-items-removed",
];
