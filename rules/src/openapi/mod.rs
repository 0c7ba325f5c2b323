//! OpenAPI documents: loading (2.0, 3.0, 3.1; JSON or YAML) into a
//! version-neutral model, and the breaking-change rules behind `shipgate diff`.

use shipgate_diagnostics::RuleMeta;

/// Every OpenAPI diff rule.
pub fn registry() -> Vec<RuleMeta> {
    Vec::new()
}
