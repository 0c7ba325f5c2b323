//! Rule OAS047 `response-format-removed`: a response schema lost its `format`.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A schema in a response (body, property or header) that had a `format` no longer has
    /// one, for example `type: string, format: date-time` became `type: string`.
    ///
    /// ## Why it is dangerous
    /// Clients parse the value by its format: a generated client turns a `date-time` into a
    /// date object and fails on any other string. Without the format the server may return
    /// values those clients cannot parse. It is a warning, not an error, because the server
    /// may well keep returning the same values.
    ///
    /// ## Safe alternative
    /// Instead of dropping the format, keep it and return values that match it; return
    /// free-form values in a new property.
    ///
    /// ## References
    /// oasdiff has no separate format checks: it reports format changes as type changes
    /// (`response-property-type-changed` with a `type/format` argument), which OAS015 covers.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct ResponseFormatRemoved {
        code: "OAS047",
        name: "response-format-removed",
        level: Warning,
        summary: "A response schema lost its format",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
