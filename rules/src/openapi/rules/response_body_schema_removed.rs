//! Rule OAS039 `response-body-schema-removed`: a response media type lost its schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response media type had a `schema` and no longer has one, so anything may be returned.
    ///
    /// ## Why it is dangerous
    /// Clients generated from the schema lose their types; whether they break depends on what is
    /// returned.
    ///
    /// ## Safe alternative
    /// Keep the schema.
    ///
    /// ## References
    /// oasdiff checks covered: `response-body-media-type-schema-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseBodySchemaRemoved {
        code: "OAS039",
        name: "response-body-schema-removed",
        level: Warning,
        summary: "A response media type lost its schema",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["response-body-media-type-schema-removed"];
