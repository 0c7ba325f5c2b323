//! Rule CON006 `interaction-required-parameter-missing`: a pact request omits a required query or header parameter.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The operation declares a `required: true` query or header parameter that the interaction's request does not send.
    ///
    /// ## Why it is dangerous
    /// The provider rejects requests without required parameters.
    ///
    /// ## Safe alternative
    /// Send the parameter, or make it optional in the OpenAPI document.
    pub struct InteractionRequiredParameterMissing {
        code: "CON006",
        name: "interaction-required-parameter-missing",
        level: Error,
        summary: "A pact request omits a required query or header parameter",
    }
}
