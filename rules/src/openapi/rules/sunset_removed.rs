//! Rule OAS006 `sunset-removed`: a sunset date was removed from something still deprecated.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An operation or parameter is still `deprecated: true` in the revision but its `x-sunset`
    /// date was deleted.
    ///
    /// ## Why it is dangerous
    /// Clients lose the date they planned the migration around, and the removal can no longer be
    /// checked against it.
    ///
    /// ## Safe alternative
    /// Keep the `x-sunset` date, or undeprecate the operation (remove `deprecated: true`) if it
    /// is staying.
    ///
    /// ## References
    /// oasdiff checks covered: `sunset-deleted`, `request-parameter-sunset-deleted`.
    /// See `docs/rules/oasdiff-mapping.md`.
    pub struct SunsetRemoved {
        code: "OAS006",
        name: "sunset-removed",
        level: Error,
        summary: "A sunset date was removed from something still deprecated",
    }
}

/// The oasdiff check ids this rule covers (see `docs/rules/oasdiff-mapping.md`).
pub const OASDIFF: &[&str] = &["sunset-deleted", "request-parameter-sunset-deleted"];
