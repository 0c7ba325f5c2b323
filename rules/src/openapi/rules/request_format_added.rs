//! Rule OAS046 `request-format-added`: a request schema got a `format`.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A schema in a request (body, property or parameter) that had no `format` now has one,
    /// for example `type: string` became `type: string, format: uuid`.
    ///
    /// ## Why it is dangerous
    /// A format narrows what the server accepts: values clients send today, such as a
    /// free-form identifier, may now be rejected. Generated clients may also change the
    /// field's type (a string becomes a `Uuid` or a date).
    ///
    /// ## Safe alternative
    /// Instead of enforcing a format on an existing field, document the expected shape in
    /// `description` and validate leniently. Use a new field, or a new API version, for the
    /// stricter one. A format change between two formats is OAS014.
    ///
    /// ## References
    /// oasdiff has no separate format checks: it reports format changes as type changes
    /// (`request-property-type-changed` with a `type/format` argument), which OAS014 covers.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct RequestFormatAdded {
        code: "OAS046",
        name: "request-format-added",
        level: Error,
        summary: "A request schema got a format",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
