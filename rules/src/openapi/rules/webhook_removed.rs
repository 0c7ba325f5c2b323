//! Rule OAS009 `webhook-removed`: a webhook was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An entry of the OpenAPI 3.1 `webhooks` map is missing from the revision.
    ///
    /// ## Why it is dangerous
    /// Consumers that registered for the webhook stop receiving events without being told.
    ///
    /// ## Safe alternative
    /// Deprecate the webhook first and keep sending it until consumers have moved.
    ///
    /// ## References
    /// oasdiff checks covered: `webhook-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct WebhookRemoved {
        code: "OAS009",
        name: "webhook-removed",
        level: Error,
        summary: "A webhook was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["webhook-removed"];
