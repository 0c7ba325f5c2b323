//! Rule OAS106 `response-changed-compatibly`: a response changed in a way clients can handle.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A compatible response change: a new property, status, media type or header; a constraint
    /// tightened; an enum value removed; something became required or not nullable; a response
    /// branch removed.
    ///
    /// ## Why it is dangerous
    /// It is not: every response clients can receive was already possible. It is listed by
    /// `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    pub struct ResponseChangedCompatibly {
        code: "OAS106",
        name: "response-changed-compatibly",
        level: Info,
        summary: "A response changed in a way clients can handle",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
