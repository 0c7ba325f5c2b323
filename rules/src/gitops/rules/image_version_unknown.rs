//! Rule GIT006 `image-version-unknown`: a workload image has no tag that names a version.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// An image without a tag, with only a digest, or tagged `latest`.
    ///
    /// ## Why it is dangerous
    /// The version a service runs is its image tag. Without one, neither the gate nor the broker's record of what is deployed can say which version runs.
    ///
    /// ## Safe alternative
    /// Tag the image with the version the service's CI published to the broker (for example the commit SHA), and set that tag in the manifest or in Kustomize's `images:`.
    pub struct ImageVersionUnknown {
        code: "GIT006",
        name: "image-version-unknown",
        level: Error,
        summary: "A workload image has no tag that names a version",
    }
}
