//! Rule OAS036 `request-body-removed`: an operation's request body was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation that accepted a request body no longer declares one.
    ///
    /// ## Why it is dangerous
    /// Clients keep sending the body; the server ignores or rejects it, so what they asked for
    /// does not happen.
    ///
    /// ## Safe alternative
    /// Keep accepting (and honouring) the body until clients have moved.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBodyRemoved {
        code: "OAS036",
        name: "request-body-removed",
        level: Error,
        summary: "An operation's request body was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-body-removed"];
