//! Rule OAS034 `request-body-media-type-removed`: a request body media type was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A media type in an operation's `requestBody.content` is missing from the revision.
    ///
    /// ## Why it is dangerous
    /// Clients sending that `Content-Type` get a 415.
    ///
    /// ## Safe alternative
    /// Keep accepting the media type.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-media-type-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBodyMediaTypeRemoved {
        code: "OAS034",
        name: "request-body-media-type-removed",
        level: Error,
        summary: "A request body media type was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-body-media-type-removed"];
