//! Rule OAS109 `operation-tags-changed`: tags were added to or removed from an operation.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A tag was added to or removed from an operation's `tags` list.
    ///
    /// ## Why it is dangerous
    /// It is not a contract break: tags group operations in documentation. Some SDK
    /// generators name client classes after the first tag, so a generated client's layout
    /// may change. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to do for the wire contract; keep tags stable if clients are generated per tag.
    ///
    /// ## References
    /// oasdiff checks covered: `api-tag-added`, `api-tag-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct OperationTagsChanged {
        code: "OAS109",
        name: "operation-tags-changed",
        level: Info,
        summary: "Tags were added to or removed from an operation",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["api-tag-added", "api-tag-removed"];
