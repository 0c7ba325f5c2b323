//! Rule OAS053 `request-parameter-style-changed`: how an array or object parameter is serialised changed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The effective `style`/`explode` of a request parameter whose value is an array or an
    /// object changed, for example `?ids=1,2` (`style: form, explode: false`) became
    /// `?ids=1&ids=2` (`explode: true`), or `pipeDelimited` became `spaceDelimited`. Defaults are
    /// applied first (`form` for query and cookie, `simple` for path and header; `explode` is
    /// true only for `form`), and Swagger 2.0's `collectionFormat` is read as its 3.x
    /// equivalent (`csv`: `form`/`simple` without explode, `multi`: `form` with explode,
    /// `ssv`: `spaceDelimited`, `pipes`: `pipeDelimited`), so a 2.0 → 3.x translation that keeps
    /// the wire format reports nothing. For path parameters, `matrix` and `label` styles are
    /// compared for every type.
    ///
    /// ## Why it is dangerous
    /// Clients keep serialising the value the old way. The server then parses `1,2` as one
    /// value, or sees only the last of several repeated parameters, and answers `400` or,
    /// worse, acts on the wrong values.
    ///
    /// ## Safe alternative
    /// Instead of changing `style` or `explode` of `ids`, keep it, and add a new parameter
    /// with the new serialisation (or accept both forms server-side) until clients have moved.
    ///
    /// ## Known false positives
    /// Servers that accept several serialisations of the same parameter (some frameworks
    /// accept both `a=1,2` and `a=1&a=2`) are not broken by the change.
    ///
    /// ## References
    /// OpenAPI 3.1 "Style Values"; Swagger 2.0 `collectionFormat`. Issue 13, "OpenAPI diff"
    /// item 7.
    pub struct RequestParameterStyleChanged {
        code: "OAS053",
        name: "request-parameter-style-changed",
        level: Error,
        summary: "A request parameter's serialisation (style/explode) changed",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &[];
