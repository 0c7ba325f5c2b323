//! Rule OAS051 `webhook-reply-status-removed`: a webhook no longer documents a success status consumers reply with.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A 2xx (or `2XX`) response of a webhook (OpenAPI 3.1 `webhooks`) is missing from the
    /// revision and no `2XX` range in the revision covers it. A webhook's responses are the
    /// replies the API accepts from the consumer, so this is the reversed mirror of a request
    /// narrowing: base documents `200` and `204`, the revision only `200`. A removed non-success
    /// status, a removed status still covered by a range, or an added status is info (OAS106,
    /// OAS105).
    ///
    /// ## Why it is dangerous
    /// Consumers that reply `204` as the base allowed now get their deliveries treated as
    /// failures: the API retries them, and may eventually disable the subscription, so events
    /// are lost without any consumer code changing.
    ///
    /// The level is warning, not error: it is the same situation as OAS050 (the API stops
    /// accepting something clients send and that worked before), which is a warning, rather than
    /// OAS016 (an enum value removed from a request body), because many webhook senders treat
    /// any 2xx as delivered whatever the document lists, so a narrowed list is often a
    /// documentation fix that the document alone cannot tell apart from a behaviour change.
    /// Run with `--fail-on warning` to block on it if your sender enforces the documented
    /// statuses.
    ///
    /// ## Safe alternative
    /// Keep accepting, and documenting, every success status consumers may return; document a
    /// `2XX` range if the sender accepts any of them:
    ///
    /// ```yaml
    /// responses:
    ///   '2XX':
    ///     description: Delivered.
    /// ```
    ///
    /// ## References
    /// oasdiff does not compare webhook responses. See `docs/rules/oasdiff-mapping.md`.
    pub struct WebhookReplyStatusRemoved {
        code: "OAS051",
        name: "webhook-reply-status-removed",
        level: Warning,
        summary: "A webhook no longer documents a success status consumers reply with",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`): none.
pub const OASDIFF: &[&str] = &[];
