//! Rule OAS049 `response-exclusion-removed`: a response schema's `not` now excludes fewer values.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A schema in a response lost its `not` subschema, or its `not` subschema was narrowed
    /// (so it excludes fewer values). The two `not` subschemas are compared structurally
    /// through `$ref`s, with the direction reversed: a change that would narrow a schema
    /// widens its negation. Moving the subschema into `components` is not a change.
    ///
    /// ## Why it is dangerous
    /// The server may now return values that were excluded before, and clients that relied
    /// on never seeing them (in a switch, or in validation) break.
    ///
    /// ## Safe alternative
    /// Instead of lifting the exclusion on an existing field, keep it and return the newly
    /// allowed values in a new property.
    ///
    /// ## References
    /// oasdiff has no check for `not`. See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseExclusionRemoved {
        code: "OAS049",
        name: "response-exclusion-removed",
        level: Warning,
        summary: "A response schema's `not` excludes fewer values",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
