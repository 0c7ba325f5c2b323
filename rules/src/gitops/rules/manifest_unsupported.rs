//! Rule GIT005 `manifest-unsupported`: a manifest sets a container image in a way shipgate does not read.

shipgate_diagnostics::declare_rule! {
    /// ## What it flags
    /// A document that mentions a container image outside the workloads shipgate reads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, Argo Rollout), a Kustomize remote resource, Helm chart, or patch that sets an image, or Flux `spec.images`.
    ///
    /// ## Why it is dangerous
    /// An image that shipgate cannot see is a version change that the gate never judges, and a deployment the broker never hears about.
    ///
    /// ## Safe alternative
    /// Set the image in a supported workload, or with Kustomize's `images:` field. If the image is not a service that the broker knows, list it in `[gitops] ignore-images`.
    pub struct ManifestUnsupported {
        code: "GIT005",
        name: "manifest-unsupported",
        level: Error,
        summary: "A manifest sets a container image in a way shipgate does not read",
    }
}
