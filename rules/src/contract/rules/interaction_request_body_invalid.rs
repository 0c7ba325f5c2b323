//! Rule CON004 `interaction-request-body-invalid`: a pact request body does not validate against the operation's request schema.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The JSON request body recorded in the pact fails the operation's `requestBody` schema (checked with JSON Schema).
    ///
    /// ## Why it is dangerous
    /// The provider validates requests against this schema; the consumer's real request would be rejected with 400.
    ///
    /// ## Safe alternative
    /// Send what the schema accepts, or change the schema (a provider-side change, reviewed with `shipgate diff`).
    pub struct InteractionRequestBodyInvalid {
        code: "CON004",
        name: "interaction-request-body-invalid",
        level: Error,
        summary: "A pact request body does not validate against the operation's request schema",
    }
}
