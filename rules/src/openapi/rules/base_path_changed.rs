//! Rule OAS054 `base-path-changed`: the path part of the API's server URLs changed, moving every operation.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// No server of the revision keeps a base path the base version's servers had: Swagger
    /// 2.0's `basePath` changed, or the path of every `servers` URL did (for example
    /// `https://api.example.com/v1` became `https://api.example.com/v2`). Server variables are
    /// replaced by their defaults first, and a missing `servers` list means `/`. Operation
    /// paths are compared relative to the servers, so without this rule a moved API looks
    /// unchanged.
    ///
    /// ## Why it is dangerous
    /// Every operation's URL moved: clients built against the old base path get `404` on
    /// every request.
    ///
    /// ## Safe alternative
    /// Instead of replacing `servers: [{url: /v1}]` by `servers: [{url: /v2}]`, serve both
    /// base paths (list both servers) until clients have moved, then remove the old one.
    ///
    /// ## Known false positives
    /// A gateway that rewrites the old base path to the new one keeps clients working.
    ///
    /// ## References
    /// Issue 13, "OpenAPI diff" item 7.
    pub struct BasePathChanged {
        code: "OAS054",
        name: "base-path-changed",
        level: Error,
        summary: "The base path of the API's servers changed, moving every operation",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
