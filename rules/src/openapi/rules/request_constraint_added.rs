//! Rule OAS020 `request-constraint-added`: a request bound was set where there was none.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A bound (`maximum`, `minimum`, `maxLength`, `minItems`, exclusive bounds, …) was added to
    /// something a client sends that had none.
    ///
    /// ## Why it is dangerous
    /// Whether clients break depends on the values they send, which the document cannot tell; any
    /// value outside the new bound is rejected.
    ///
    /// ## Safe alternative
    /// Check real traffic before adding the bound, or add it in a new API version.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-max-set`, `request-parameter-min-set`, `request-parameter-max-length-set`, `request-parameter-min-items-set`, `request-parameter-exclusive-max-set`, `request-parameter-exclusive-min-set`, `request-body-max-set`, `request-body-min-set`, `request-body-max-length-set`, `request-body-min-items-set`, `request-body-exclusive-max-set`, `request-body-exclusive-min-set`, `request-property-max-set`, `request-property-min-set`, `request-property-max-length-set`, `request-property-min-items-set`, `request-property-exclusive-max-set`, `request-property-exclusive-min-set`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestConstraintAdded {
        code: "OAS020",
        name: "request-constraint-added",
        level: Warning,
        summary: "A request bound was set where there was none",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-max-set",
    "request-parameter-min-set",
    "request-parameter-max-length-set",
    "request-parameter-min-items-set",
    "request-parameter-exclusive-max-set",
    "request-parameter-exclusive-min-set",
    "request-body-max-set",
    "request-body-min-set",
    "request-body-max-length-set",
    "request-body-min-items-set",
    "request-body-exclusive-max-set",
    "request-body-exclusive-min-set",
    "request-property-max-set",
    "request-property-min-set",
    "request-property-max-length-set",
    "request-property-min-items-set",
    "request-property-exclusive-max-set",
    "request-property-exclusive-min-set",
];
