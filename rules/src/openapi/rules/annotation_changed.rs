//! Rule OAS107 `annotation-changed`: a schema annotation changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A change that does not affect which values are valid: `default` (outside request
    /// parameters), `discriminator`, `readOnly`/`writeOnly`, `x-stability-level` raised, `allOf`
    /// restructuring that leaves the merged schema equal.
    ///
    /// ## Why it is dangerous
    /// It is not a contract break. It is listed by `--changelog`.
    ///
    /// ## Safe alternative
    /// Nothing to change.
    pub struct AnnotationChanged {
        code: "OAS107",
        name: "annotation-changed",
        level: Info,
        summary: "A schema annotation changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
