//! Rule OAS011 `request-parameter-removed`: a request parameter was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request parameter of an existing operation is missing from the revision (and was not
    /// deprecated with a passed sunset date).
    ///
    /// ## Why it is dangerous
    /// Clients keep sending it. Many servers ignore unknown parameters, but strict ones reject
    /// the request, and the client's intent (a filter, a flag) is silently dropped.
    ///
    /// ## Safe alternative
    /// Deprecate the parameter with an `x-sunset` date and keep accepting it until then.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestParameterRemoved {
        code: "OAS011",
        name: "request-parameter-removed",
        level: Warning,
        summary: "A request parameter was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["request-parameter-removed"];
