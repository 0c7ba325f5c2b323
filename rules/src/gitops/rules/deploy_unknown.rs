//! Rule GIT002 `deploy-unknown`: the broker cannot tell whether the versions this manifests change sets can be deployed.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A changed image tag whose version the broker cannot judge: verification results are missing, or the version was never published to the broker.
    ///
    /// ## Why it is dangerous
    /// An unknown answer is not a yes. Merging deploys a version nobody has verified against what runs in the environment.
    ///
    /// ## Safe alternative
    /// Publish the version's pacts, provider contract and verification results from its CI before its manifests change, or wait for verification and run the check again.
    pub struct DeployUnknown {
        code: "GIT002",
        name: "deploy-unknown",
        level: Error,
        summary: "The broker cannot tell whether the versions this manifests change sets can be deployed",
    }
}
