//! SQL migration analysis for `shipgate lint-migrations`: statement
//! splitting, the rule registry, and expand/migrate/contract phases.
//!
//! Architecture invariant: this crate does no I/O. Callers hand it file
//! names and text and receive [`shipgate_diagnostics::Diagnostic`]s back.

pub use shipgate_diagnostics as diagnostics;

use shipgate_diagnostics::RuleMeta;

/// Every migration rule, by code.
pub fn registry() -> Vec<RuleMeta> {
    Vec::new()
}
