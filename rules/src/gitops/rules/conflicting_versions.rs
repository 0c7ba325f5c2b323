//! Rule GIT007 `conflicting-versions`: one service runs two versions in one environment.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// Two workloads in one environment whose images map to the same pacticipant (and application instance) but carry different tags.
    ///
    /// ## Why it is dangerous
    /// The broker records one deployed version per pacticipant and application instance; which of the two it should judge against is ambiguous.
    ///
    /// ## Safe alternative
    /// Map the namespaces to application instances in `[gitops.namespaces]`, map one of the images to another pacticipant in `[gitops.images]`, or give both the same tag.
    pub struct ConflictingVersions {
        code: "GIT007",
        name: "conflicting-versions",
        level: Error,
        summary: "One service runs two versions in one environment",
    }
}
