//! Rule CON001 `interaction-path-undocumented`: a pact interaction calls a path the OpenAPI document does not have.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An HTTP interaction whose request path matches no path template in the provider's OpenAPI document (after removing the server's base path).
    ///
    /// ## Why it is dangerous
    /// The consumer depends on an endpoint the provider does not declare: it may be removed or never have existed, and the provider's own API review will not see the dependency.
    ///
    /// ## Safe alternative
    /// Add the path to the OpenAPI document, or change the consumer to call a documented path.
    pub struct InteractionPathUndocumented {
        code: "CON001",
        name: "interaction-path-undocumented",
        level: Error,
        summary: "A pact interaction calls a path the OpenAPI document does not have",
    }
}
