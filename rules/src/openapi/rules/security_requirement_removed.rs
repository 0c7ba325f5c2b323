//! Rule OAS050 `security-requirement-removed`: an operation no longer accepts a way of authenticating it accepted before.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation's effective `security` (its own, or the document's global one) no longer
    /// lists an alternative it listed before: an alternative was removed, or narrowed by a new
    /// scheme or scope (the alternatives are OR-ed, the schemes in one alternative AND-ed). An
    /// operation that was open (no security, or an empty `{}` alternative) and now requires
    /// credentials is flagged too. Adding an alternative, or dropping security altogether, only
    /// widens what is accepted and stays an info-level OAS104.
    ///
    /// ## Why it is dangerous
    /// Clients that authenticate the old way now get `401`/`403`: a token without the new
    /// scope, an API key where only OAuth is accepted, or no credentials at all on an endpoint
    /// that was public. oasdiff reports every security change at info level only; this is the
    /// subset that rejects requests that worked before.
    ///
    /// ## Safe alternative
    /// Instead of replacing `- oauth: [users:read]` with `- oauth: [users:read, users:admin]`,
    /// keep the old alternative accepted while clients obtain the new scope, then remove it in a
    /// later release after announcing it:
    ///
    /// ```yaml
    /// security:
    ///   - oauth: [users:read]               # still accepted until the announced date
    ///   - oauth: [users:read, users:admin]
    /// ```
    ///
    /// ## References
    /// oasdiff reports these changes (`api-security-removed`, `api-security-scope-added`,
    /// `api-global-security-removed`, …) at info level; they map to OAS104. See
    /// `docs/rules/oasdiff-mapping.md`.
    pub struct SecurityRequirementRemoved {
        code: "OAS050",
        name: "security-requirement-removed",
        level: Warning,
        summary: "An operation no longer accepts a security alternative it accepted before",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`): none of
/// its own; the info-level ids stay with OAS104.
pub const OASDIFF: &[&str] = &[];
