//! Rule OAS105 `request-relaxed`: a request accepts more than before.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A compatible request change: a new optional parameter or property, a constraint relaxed,
    /// an enum value added, a type widened, a request `oneOf`/`anyOf` branch added, a media type
    /// added, something became optional or nullable.
    ///
    /// ## Why it is dangerous
    /// It is not: every request that was valid stays valid. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    pub struct RequestRelaxed {
        code: "OAS105",
        name: "request-relaxed",
        level: Info,
        summary: "A request accepts more than before",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
