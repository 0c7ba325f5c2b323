//! Rule OAS019 `request-constraint-tightened`: a request bound was tightened.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A `maximum`, `exclusiveMaximum`, `maxLength`, `maxItems`, `maxProperties` or `maxContains`
    /// decreased, or the matching minimum increased, on something a client sends.
    ///
    /// ## Why it is dangerous
    /// Values that were valid before are now rejected.
    ///
    /// ## Safe alternative
    /// Keep the old bound, and validate the stricter one only for new clients (for example behind
    /// a new parameter).
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-max-decreased`, `request-parameter-min-increased`, `request-parameter-max-length-decreased`, `request-parameter-min-length-increased`, `request-parameter-max-items-decreased`, `request-parameter-min-items-increased`, `request-parameter-exclusive-max-decreased`, `request-parameter-exclusive-min-increased`, `request-body-max-decreased`, `request-body-min-increased`, `request-body-max-length-decreased`, `request-body-min-length-increased`, `request-body-min-items-increased`, `request-body-exclusive-max-decreased`, `request-body-exclusive-min-increased`, `request-body-max-contains-decreased`, `request-body-min-contains-increased`, `request-property-max-decreased`, `request-property-min-increased`, `request-property-max-length-decreased`, `request-property-min-length-increased`, `request-property-min-items-increased`, `request-property-exclusive-max-decreased`, `request-property-exclusive-min-increased`, `request-property-max-contains-decreased`, `request-property-min-contains-increased`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestConstraintTightened {
        code: "OAS019",
        name: "request-constraint-tightened",
        level: Error,
        summary: "A request bound was tightened",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-max-decreased",
    "request-parameter-min-increased",
    "request-parameter-max-length-decreased",
    "request-parameter-min-length-increased",
    "request-parameter-max-items-decreased",
    "request-parameter-min-items-increased",
    "request-parameter-exclusive-max-decreased",
    "request-parameter-exclusive-min-increased",
    "request-body-max-decreased",
    "request-body-min-increased",
    "request-body-max-length-decreased",
    "request-body-min-length-increased",
    "request-body-min-items-increased",
    "request-body-exclusive-max-decreased",
    "request-body-exclusive-min-increased",
    "request-body-max-contains-decreased",
    "request-body-min-contains-increased",
    "request-property-max-decreased",
    "request-property-min-increased",
    "request-property-max-length-decreased",
    "request-property-min-length-increased",
    "request-property-min-items-increased",
    "request-property-exclusive-max-decreased",
    "request-property-exclusive-min-increased",
    "request-property-max-contains-decreased",
    "request-property-min-contains-increased",
];
