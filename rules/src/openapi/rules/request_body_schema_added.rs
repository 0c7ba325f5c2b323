//! Rule OAS037 `request-body-schema-added`: a schema was added to a request media type that had none.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request body media type without a `schema` (anything accepted) now has one. A bare
    /// `{type: string, format: binary}` (any bytes, the schema 3.0 needs for a file upload and
    /// 3.1 drops) accepts everything too and is not flagged.
    ///
    /// ## Why it is dangerous
    /// Bodies that clients send today may not match the new schema.
    ///
    /// ## Safe alternative
    /// Add the schema in a new media type or a new API version.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-media-type-schema-added`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBodySchemaAdded {
        code: "OAS037",
        name: "request-body-schema-added",
        level: Error,
        summary: "A schema was added to a request media type that had none",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-body-media-type-schema-added"];
