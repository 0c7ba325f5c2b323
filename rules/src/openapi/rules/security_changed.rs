//! Rule OAS104 `security-changed`: security requirements or schemes changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation's (or the document's) security requirements or scopes, or a security scheme
    /// in `components.securitySchemes`, changed.
    ///
    /// ## Why it is dangerous
    /// Usually it is not a contract break, but an added requirement or scope needs new
    /// credentials; review each one. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Announce new credential requirements ahead of the deploy.
    ///
    /// ## References
    /// oasdiff checks covered: `api-global-security-added`, `api-global-security-removed`, `api-global-security-scope-added`, `api-global-security-scope-removed`, `api-security-added`, `api-security-removed`, `api-security-scope-added`, `api-security-scope-removed`, `api-security-component-added`, `api-security-component-removed`, `api-security-component-type-changed`, `api-security-component-oauth-scope-added`, `api-security-component-oauth-scope-changed`, `api-security-component-oauth-scope-removed`, `api-security-component-oauth-token-url-changed`, `api-security-component-oauth-url-changed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct SecurityChanged {
        code: "OAS104",
        name: "security-changed",
        level: Info,
        summary: "Security requirements or schemes changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "api-global-security-added",
    "api-global-security-removed",
    "api-global-security-scope-added",
    "api-global-security-scope-removed",
    "api-security-added",
    "api-security-removed",
    "api-security-scope-added",
    "api-security-scope-removed",
    "api-security-component-added",
    "api-security-component-removed",
    "api-security-component-type-changed",
    "api-security-component-oauth-scope-added",
    "api-security-component-oauth-scope-changed",
    "api-security-component-oauth-scope-removed",
    "api-security-component-oauth-token-url-changed",
    "api-security-component-oauth-url-changed",
];
