//! GitOps manifests: which image, and so which version of which service,
//! each workload in a Kubernetes manifest runs; Kustomize `images:`
//! overrides; and the rules `shipgate gitops check` reports (`GIT…`).
//! Pure: callers hand it text, and read files and git themselves.

pub mod image;
pub mod kustomize;
pub mod manifest;
pub mod rules;

pub use image::ImageRef;
pub use manifest::{parse_manifests, Workload};

use shipgate_diagnostics::RuleMeta;

/// Every GitOps rule.
pub fn registry() -> Vec<RuleMeta> {
    rules::ALL.to_vec()
}
