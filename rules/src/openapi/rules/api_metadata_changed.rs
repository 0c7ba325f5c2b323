//! Rule OAS108 `api-metadata-changed`: document metadata changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// `info.version`, an `operationId`, operation tags, or a component schema no operation uses
    /// changed.
    ///
    /// ## Why it is dangerous
    /// It is not a contract break. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    pub struct ApiMetadataChanged {
        code: "OAS108",
        name: "api-metadata-changed",
        level: Info,
        summary: "Document metadata changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
