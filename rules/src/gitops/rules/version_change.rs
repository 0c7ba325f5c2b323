//! Rule GIT008 `version-change`: a manifests change deploys a new version, or removes a service, and the gate allows it.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// Each version that a manifests change sets in an environment and that the gate allows, and each service whose manifests are removed.
    ///
    /// ## Why it is dangerous
    /// Nothing: it is the record of what the pull request deploys.
    ///
    /// ## Safe alternative
    /// Nothing to do. `shipgate gitops record` after the merge keeps the broker in step.
    pub struct VersionChange {
        code: "GIT008",
        name: "version-change",
        level: Info,
        summary: "A manifests change deploys a new version, or removes a service, and the gate allows it",
    }
}
