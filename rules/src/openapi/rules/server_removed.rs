//! Rule OAS055 `server-removed`: a server URL (host) of the API was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A server URL of the base version (its scheme and host, after replacing server
    /// variables by their defaults; Swagger 2.0's `host` and `schemes`) is not in the
    /// revision's `servers`, while its base path is still served (a changed base path is
    /// OAS054). Servers added are info (OAS108).
    ///
    /// ## Why it is dangerous
    /// Clients configured with the removed URL fail to connect, or reach a host that no
    /// longer serves the API.
    ///
    /// ## Safe alternative
    /// Keep the old host serving (or redirecting) and listed in `servers` until clients have
    /// moved to the new one.
    ///
    /// ## Known false positives
    /// Documents that list per-environment hosts (staging, sandbox) report those hosts too;
    /// clients in production may not use them.
    ///
    /// ## References
    /// Issue 13, "OpenAPI diff" item 7.
    pub struct ServerRemoved {
        code: "OAS055",
        name: "server-removed",
        level: Warning,
        summary: "A server URL (host) of the API was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
