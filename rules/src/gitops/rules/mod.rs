//! The GitOps rules (`GIT…`), one per file, and their code table.

mod conflicting_versions;
mod deploy_blocked;
mod deploy_unknown;
mod deploy_warning;
mod image_version_unknown;
mod manifest_unreadable;
mod manifest_unsupported;
mod version_change;

pub use conflicting_versions::ConflictingVersions;
pub use deploy_blocked::DeployBlocked;
pub use deploy_unknown::DeployUnknown;
pub use deploy_warning::DeployWarning;
pub use image_version_unknown::ImageVersionUnknown;
pub use manifest_unreadable::ManifestUnreadable;
pub use manifest_unsupported::ManifestUnsupported;
pub use version_change::VersionChange;

use shipgate_diagnostics::RuleMeta;

/// Every GitOps rule, by code.
pub const ALL: &[RuleMeta] = &[
    DeployBlocked::META,
    DeployUnknown::META,
    DeployWarning::META,
    ManifestUnreadable::META,
    ManifestUnsupported::META,
    ImageVersionUnknown::META,
    ConflictingVersions::META,
    VersionChange::META,
];
