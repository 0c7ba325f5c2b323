//! Rule OAS048 `request-exclusion-added`: a request schema's `not` now excludes more values.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A schema in a request got a `not` subschema, or its `not` subschema was widened (so it
    /// matches, and therefore excludes, more values). The two `not` subschemas are compared
    /// structurally through `$ref`s, with the direction reversed: a change that would widen
    /// a schema narrows its negation. Moving the subschema into `components` is not a change.
    ///
    /// ## Why it is dangerous
    /// The server now rejects values it accepted before: clients that send them get errors.
    ///
    /// ## Safe alternative
    /// Instead of excluding values clients may already send, accept them and ignore or map
    /// them server-side; enforce the exclusion in a new API version.
    ///
    /// ## References
    /// oasdiff has no check for `not`. See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestExclusionAdded {
        code: "OAS048",
        name: "request-exclusion-added",
        level: Error,
        summary: "A request schema's `not` excludes more values",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
