//! Rule GIT001 `deploy-blocked`: the broker says the versions this manifests change sets cannot be deployed together.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A pull request to a GitOps manifests repository changes image tags in an environment, and the broker's gate (contracts, API changes, migrations, overrides) says that the whole set of new versions cannot be deployed to that environment. One finding per blocking reason, on the changed image line.
    ///
    /// ## Why it is dangerous
    /// In GitOps the merge is the deploy: Argo CD or Flux applies the manifests as soon as they land, so a version that breaks a consumer, or drops a column a deployed service still reads, goes out with no further check.
    ///
    /// ## Safe alternative
    /// Deploy what the reason asks for first (the consumer that no longer needs the field, the expand migration), or change the versions together in one pull request so that they are judged as one deployment. An accepted break is recorded with `shipgate gate allow`.
    pub struct DeployBlocked {
        code: "GIT001",
        name: "deploy-blocked",
        level: Error,
        summary: "The broker says the versions this manifests change sets cannot be deployed together",
    }
}
