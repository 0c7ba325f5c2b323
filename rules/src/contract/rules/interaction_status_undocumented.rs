//! Rule CON003 `interaction-status-undocumented`: a pact interaction expects a status the operation does not declare.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The interaction's response status is not among the operation's responses (exact code, `2XX`-style range, or `default`).
    ///
    /// ## Why it is dangerous
    /// The consumer handles a status the provider never promised; its error handling or success path is built on an assumption.
    ///
    /// ## Safe alternative
    /// Declare the status in the operation's `responses`, or fix the consumer's expectation.
    pub struct InteractionStatusUndocumented {
        code: "CON003",
        name: "interaction-status-undocumented",
        level: Error,
        summary: "A pact interaction expects a status the operation does not declare",
    }
}
