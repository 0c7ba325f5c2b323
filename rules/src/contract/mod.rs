//! Contract-vs-OpenAPI checks: is every interaction in a pact valid against the provider's API document?
//! Also the registry entry point for contract verification codes (`PACT…`).

use shipgate_diagnostics::RuleMeta;

/// Every contract rule: verification codes (`PACT…`) and contract-vs-OpenAPI codes (`CON…`).
pub fn registry() -> Vec<RuleMeta> {
    crate::pact::codes::registry()
}
