//! Rule OAS035 `request-body-became-required`: a request body became required.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation's request body went from optional (or absent) to `required: true`.
    ///
    /// ## Why it is dangerous
    /// Clients that send no body get a 400.
    ///
    /// ## Safe alternative
    /// Keep the body optional and default its contents server-side.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-became-required`, `request-body-added-required`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBodyBecameRequired {
        code: "OAS035",
        name: "request-body-became-required",
        level: Error,
        summary: "A request body became required",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-body-became-required",
    "request-body-added-required",
];
