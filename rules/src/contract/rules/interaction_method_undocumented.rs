//! Rule CON002 `interaction-method-undocumented`: a pact interaction uses a method the OpenAPI path does not declare.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The path exists in the OpenAPI document but has no operation for the interaction's HTTP method.
    ///
    /// ## Why it is dangerous
    /// The provider answers undeclared methods with 405 or not at all; the consumer's call will fail.
    ///
    /// ## Safe alternative
    /// Declare the operation, or use a method the path supports.
    pub struct InteractionMethodUndocumented {
        code: "CON002",
        name: "interaction-method-undocumented",
        level: Error,
        summary: "A pact interaction uses a method the OpenAPI path does not declare",
    }
}
