//! Rule OAS032 `request-branch-removed`: a `oneOf`/`anyOf` alternative was removed from a request schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A branch of a request `oneOf` or `anyOf` (matched by `$ref` target, title or structure) is
    /// missing from the revision, or a request schema with alternatives became a single schema.
    ///
    /// ## Why it is dangerous
    /// Clients that send the removed shape get a 400.
    ///
    /// ## Safe alternative
    /// Keep accepting the old shape until clients have moved.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-one-of-removed`, `request-body-any-of-removed`, `request-property-one-of-removed`, `request-property-any-of-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBranchRemoved {
        code: "OAS032",
        name: "request-branch-removed",
        level: Error,
        summary: "A `oneOf`/`anyOf` alternative was removed from a request schema",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-body-one-of-removed",
    "request-body-any-of-removed",
    "request-property-one-of-removed",
    "request-property-any-of-removed",
];
