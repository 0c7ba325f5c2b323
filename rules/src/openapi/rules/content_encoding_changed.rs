//! Rule OAS043 `content-encoding-changed`: a string's `contentEncoding` or `contentMediaType` changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The `contentEncoding` (for example `base64`) or `contentMediaType` of a string in a
    /// request or response changed.
    ///
    /// ## Why it is dangerous
    /// Both sides encode and decode the string's content; the other side now reads garbage.
    ///
    /// ## Safe alternative
    /// Add a new property with the new encoding.
    ///
    /// ## References
    /// oasdiff checks covered: `request-body-content-encoding-changed`, `request-body-content-media-type-changed`, `request-property-content-encoding-changed`, `request-property-content-media-type-changed`, `response-body-content-encoding-changed`, `response-body-content-media-type-changed`, `response-property-content-encoding-changed`, `response-property-content-media-type-changed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ContentEncodingChanged {
        code: "OAS043",
        name: "content-encoding-changed",
        level: Error,
        summary: "A string's `contentEncoding` or `contentMediaType` changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-body-content-encoding-changed",
    "request-body-content-media-type-changed",
    "request-property-content-encoding-changed",
    "request-property-content-media-type-changed",
    "response-body-content-encoding-changed",
    "response-body-content-media-type-changed",
    "response-property-content-encoding-changed",
    "response-property-content-media-type-changed",
];
