//! Rule OAS041 `required-response-header-removed`: a required response header was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A response header declared with `required: true` is missing from the revision (headers are
    /// matched case-insensitively). Also a required parameter (usually a header such as
    /// `X-Signature`) the API sends with a webhook: consumers read it like a response header.
    ///
    /// ## Why it is dangerous
    /// Clients read the header unconditionally (a rate limit, a location, a cursor) and break
    /// without it.
    ///
    /// ## Safe alternative
    /// Keep sending the header.
    ///
    /// ## References
    /// oasdiff checks covered: `required-response-header-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequiredResponseHeaderRemoved {
        code: "OAS041",
        name: "required-response-header-removed",
        level: Error,
        summary: "A required response header was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["required-response-header-removed"];
