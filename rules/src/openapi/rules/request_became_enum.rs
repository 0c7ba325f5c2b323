//! Rule OAS017 `request-became-enum`: a free request value was restricted to an enum or const.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A request parameter, body or property that accepted any value of its type now has an
    /// `enum` or `const`.
    ///
    /// ## Why it is dangerous
    /// Clients sending any value outside the new list get a 400.
    ///
    /// ## Safe alternative
    /// Document the recommended values instead of enforcing them, or use `x-extensible-enum`.
    ///
    /// ## References
    /// oasdiff checks covered: `request-parameter-became-enum`, `request-header-property-became-enum`, `request-body-became-enum`, `request-property-became-enum`, `request-body-const-added`, `request-property-const-added`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestBecameEnum {
        code: "OAS017",
        name: "request-became-enum",
        level: Error,
        summary: "A free request value was restricted to an enum or const",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[
    "request-parameter-became-enum",
    "request-header-property-became-enum",
    "request-body-became-enum",
    "request-property-became-enum",
    "request-body-const-added",
    "request-property-const-added",
];
