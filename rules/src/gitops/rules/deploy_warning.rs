//! Rule GIT003 `deploy-warning`: the gate allows the manifests change but reports a warning.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// The broker allows the set of new versions but one of its reasons is a warning (for example a breaking API change that no deployed consumer relies on).
    ///
    /// ## Why it is dangerous
    /// A warning today is an outage when the next consumer starts to rely on the change.
    ///
    /// ## Safe alternative
    /// Read the reason; nothing blocks. Raise `--fail-on warning` to make warnings block.
    pub struct DeployWarning {
        code: "GIT003",
        name: "deploy-warning",
        level: Warning,
        summary: "The gate allows the manifests change but reports a warning",
    }
}
