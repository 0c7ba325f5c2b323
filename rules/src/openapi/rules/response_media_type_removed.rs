//! Rule OAS038 `response-media-type-removed`: a response media type was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A media type in a response's `content` is missing from the revision. Media types are
    /// matched exactly, so a renamed media type is reported as removed.
    ///
    /// ## Why it is dangerous
    /// Clients that ask for it (`Accept`) get a 406 or a body they cannot parse.
    ///
    /// ## Safe alternative
    /// Keep producing the media type.
    ///
    /// ## References
    /// oasdiff checks covered: `response-media-type-removed`, `response-media-type-name-generalized`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseMediaTypeRemoved {
        code: "OAS038",
        name: "response-media-type-removed",
        level: Error,
        summary: "A response media type was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "response-media-type-removed",
    "response-media-type-name-generalized",
];
