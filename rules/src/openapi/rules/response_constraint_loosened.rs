//! Rule OAS021 `response-constraint-loosened`: a response bound was loosened or removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A maximum (`maximum`, `maxLength`, `maxItems`, …) increased or was removed, or a minimum
    /// decreased or was removed, on something a client receives.
    ///
    /// ## Why it is dangerous
    /// Clients sized buffers, columns or validation for the old bounds; larger or smaller values
    /// now arrive.
    ///
    /// ## Safe alternative
    /// Keep the bound; return the wider range in a new property.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-max-increased`, `response-body-min-decreased`, `response-body-max-length-increased`, `response-body-max-length-unset`, `response-body-min-items-decreased`, `response-body-min-items-unset`, `response-body-min-length-decreased`, `response-body-exclusive-max-increased`, `response-body-exclusive-min-decreased`, `response-body-max-contains-increased`, `response-body-min-contains-decreased`, `response-property-max-increased`, `response-property-min-decreased`, `response-property-max-length-increased`, `response-property-max-length-unset`, `response-property-min-items-decreased`, `response-property-min-items-unset`, `response-property-min-length-decreased`, `response-property-exclusive-max-increased`, `response-property-exclusive-min-decreased`, `response-property-max-contains-increased`, `response-property-min-contains-decreased`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseConstraintLoosened {
        code: "OAS021",
        name: "response-constraint-loosened",
        level: Error,
        summary: "A response bound was loosened or removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-body-max-increased",
    "response-body-min-decreased",
    "response-body-max-length-increased",
    "response-body-max-length-unset",
    "response-body-min-items-decreased",
    "response-body-min-items-unset",
    "response-body-min-length-decreased",
    "response-body-exclusive-max-increased",
    "response-body-exclusive-min-decreased",
    "response-body-max-contains-increased",
    "response-body-min-contains-decreased",
    "response-property-max-increased",
    "response-property-min-decreased",
    "response-property-max-length-increased",
    "response-property-max-length-unset",
    "response-property-min-items-decreased",
    "response-property-min-items-unset",
    "response-property-min-length-decreased",
    "response-property-exclusive-max-increased",
    "response-property-exclusive-min-decreased",
    "response-property-max-contains-increased",
    "response-property-min-contains-decreased",
];
