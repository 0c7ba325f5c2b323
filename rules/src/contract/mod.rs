//! Contract-vs-OpenAPI checks: is every interaction in a pact valid against the provider's API document?

use shipgate_diagnostics::RuleMeta;

/// Every contract-vs-OpenAPI rule.
pub fn registry() -> Vec<RuleMeta> {
    Vec::new()
}
