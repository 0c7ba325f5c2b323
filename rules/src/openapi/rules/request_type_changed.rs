//! Rule OAS014 `request-type-changed`: a request parameter, body or property changed to an incompatible type.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The `type` (or `format`) of something a client sends changed so that old values are no
    /// longer accepted: a different type, a narrower type (`number` → `integer`), fewer types in
    /// a 3.1 type list, or a new `format`.
    ///
    /// ## Why it is dangerous
    /// Requests built for the old type fail validation or are misparsed.
    ///
    /// ## Safe alternative
    /// Widen instead of changing: accept both types (`oneOf` or a type list) until clients have
    /// moved.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-type-changed`, `request-parameter-list-of-types-narrowed`, `request-parameter-property-type-changed`, `request-parameter-property-type-specialized`, `request-parameter-property-list-of-types-narrowed`, `request-body-type-changed`, `request-body-list-of-types-narrowed`, `request-property-type-changed`, `request-property-list-of-types-narrowed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestTypeChanged {
        code: "OAS014",
        name: "request-type-changed",
        level: Error,
        summary: "A request parameter, body or property changed to an incompatible type",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-type-changed",
    "request-parameter-list-of-types-narrowed",
    "request-parameter-property-type-changed",
    "request-parameter-property-type-specialized",
    "request-parameter-property-list-of-types-narrowed",
    "request-body-type-changed",
    "request-body-list-of-types-narrowed",
    "request-property-type-changed",
    "request-property-list-of-types-narrowed",
];
