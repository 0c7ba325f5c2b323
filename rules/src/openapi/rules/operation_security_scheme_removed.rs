//! Rule OAS052 `operation-security-scheme-removed`: no way of authenticating that an operation accepted is accepted any more.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation that required credentials no longer accepts any security scheme it
    /// accepted before: the only scheme it accepted (or every one of its alternatives) was
    /// removed or replaced by another scheme, for example `security: [{apiKey: []}]` became
    /// `security: [{oauth: [read]}]`. Narrowing the scopes of a scheme that is still accepted,
    /// or removing one alternative while another stays, is OAS050 (warning).
    ///
    /// ## Why it is dangerous
    /// Every client authenticates in a way the operation no longer accepts: all of their
    /// requests get `401` after the deploy, not only some.
    ///
    /// ## Safe alternative
    /// Instead of replacing the scheme:
    ///
    /// ```yaml
    /// security:
    ///   - oauth: [read]
    /// ```
    ///
    /// accept both while clients move, and remove the old one in a later, announced release:
    ///
    /// ```yaml
    /// security:
    ///   - apiKey: []
    ///   - oauth: [read]
    /// ```
    ///
    /// ## Known false positives
    /// A scheme renamed in `components/securitySchemes` (same type and settings, new name) is
    /// reported as removed.
    ///
    /// ## References
    /// oasdiff reports security changes at info level (`api-security-removed`,
    /// `api-global-security-removed`); they map to OAS104. See `docs/rules/oasdiff-mapping.md`.
    /// Issue 13, "OpenAPI diff" item 8.
    pub struct OperationSecuritySchemeRemoved {
        code: "OAS052",
        name: "operation-security-scheme-removed",
        level: Error,
        summary: "An operation no longer accepts any security scheme it accepted before",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`): none of
/// its own; the info-level ids stay with OAS104.
pub const OASDIFF: &[&str] = &[];
