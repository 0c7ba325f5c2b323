//! Rule CON005 `interaction-response-body-invalid`: a pact response body does not validate against the operation's response schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The JSON response body the consumer expects fails the schema of the declared response for that status.
    ///
    /// ## Why it is dangerous
    /// The consumer expects fields or types the provider does not promise; the provider can change them without seeing this dependency.
    ///
    /// ## Safe alternative
    /// Align the consumer's expectation with the documented schema, or document what the provider really returns.
    pub struct InteractionResponseBodyInvalid {
        code: "CON005",
        name: "interaction-response-body-invalid",
        level: Error,
        summary: "A pact response body does not validate against the operation's response schema",
    }
}
