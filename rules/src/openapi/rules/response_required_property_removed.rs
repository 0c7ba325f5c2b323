//! Rule OAS029 `response-required-property-removed`: a required response property was removed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A property that the base version listed as `required` in a response is missing from the
    /// revision.
    ///
    /// ## Why it is dangerous
    /// Clients read the property unconditionally; they crash or fail to deserialise the response.
    ///
    /// ## Safe alternative
    /// Keep returning the property; deprecate it with an `x-sunset` date and remove it after that
    /// date.
    ///
    /// ## References
    /// oasdiff checks covered: `response-required-property-removed`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseRequiredPropertyRemoved {
        code: "OAS029",
        name: "response-required-property-removed",
        level: Error,
        summary: "A required response property was removed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["response-required-property-removed"];
