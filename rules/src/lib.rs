//! Pure logic behind shipgate's contract and API checks: the Pact model and
//! matching ([`pact`]), the OpenAPI loader and breaking-change rules
//! ([`openapi`]), contract-vs-OpenAPI checks ([`contract`]), and the images
//! GitOps manifests deploy ([`gitops`]).
//!
//! Architecture invariant: this crate does no I/O. Callers hand it text and
//! receive models and [`shipgate_diagnostics::Diagnostic`]s back.

pub mod contract;
pub mod gitops;
pub mod openapi;
pub mod pact;

pub use shipgate_diagnostics as diagnostics;

use shipgate_diagnostics::RuleMeta;

/// Every rule this crate reports (OpenAPI diff rules, contract checks).
pub fn registry() -> Vec<RuleMeta> {
    let mut rules = openapi::registry();
    rules.extend(contract::registry());
    rules.extend(gitops::registry());
    rules
}
