//! Rule GIT004 `manifest-unreadable`: a manifest under an environment's directory cannot be read.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A YAML file that does not parse, a file that is not UTF-8, a workload container without an image, a Kustomize resource that does not exist, or a `kustomization.yaml` that is not a mapping.
    ///
    /// ## Why it is dangerous
    /// The versions an environment runs are read from its manifests. A manifest that cannot be read may hold a version change that would then go unchecked.
    ///
    /// ## Safe alternative
    /// Fix the file: the finding names the file, line and column. Templates (Helm) must be rendered before they are checked.
    pub struct ManifestUnreadable {
        code: "GIT004",
        name: "manifest-unreadable",
        level: Error,
        summary: "A manifest under an environment's directory cannot be read",
    }
}
