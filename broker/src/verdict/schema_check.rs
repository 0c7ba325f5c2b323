//! The schema check behind bi-directional contract testing: a consumer's pact
//! checked against the provider version's OpenAPI document (the
//! `check-contract` logic of `shipgate_rules::contract`), combined with the
//! provider's own self-verification result. It stands in for a replayed
//! verification when there is none, and is marked `verificationType: "BDCT"`
//! ("schema-checked") in the matrix.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shipgate_rules::openapi::{LoadError, Spec};

/// The outcome of one pact × provider contract check, as cached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaCheck {
    /// `Some(true)` compatible and self-verified; `Some(false)` incompatible
    /// or self-verification failed; `None` compatible but no self-verification
    /// result was published.
    pub success: Option<bool>,
    /// One line per problem (`CON004 interaction "…": …`), at most [`MAX_FINDINGS`].
    pub findings: Vec<String>,
    /// How many interactions were checked.
    pub interactions: usize,
}

/// The most findings kept per check.
pub const MAX_FINDINGS: usize = 20;

/// Load a provider contract (OpenAPI 2.0, 3.0 or 3.1, JSON or YAML). Errors
/// name the line and column.
pub fn load_contract(name: &str, text: &str) -> Result<Spec, LoadError> {
    shipgate_rules::openapi::load_str(name, text)
}

/// Check the pact text `pact` against the loaded OpenAPI `root`.
/// `self_verified` is the provider's self-verification result, if published.
pub fn check(pact: &str, root: &Value, self_verified: Option<bool>) -> SchemaCheck {
    let parsed = match shipgate_rules::pact::parse_pact(pact) {
        Ok(p) => p,
        Err(e) => {
            return SchemaCheck {
                success: Some(false),
                findings: vec![format!(
                    "the pact cannot be read: {} at {}:{}",
                    e.message, e.line, e.column
                )],
                interactions: 0,
            }
        }
    };
    let interactions = parsed
        .interactions
        .iter()
        .filter(|i| matches!(i.kind, shipgate_rules::pact::InteractionKind::Http { .. }))
        .count();
    let diagnostics = shipgate_rules::contract::check(&parsed, "pact", root, "openapi");
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.level == shipgate_rules::diagnostics::Level::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    let mut findings: Vec<String> = errors.iter().take(MAX_FINDINGS).cloned().collect();
    if errors.len() > MAX_FINDINGS {
        findings.push(format!("… and {} more", errors.len() - MAX_FINDINGS));
    }
    let success = if !errors.is_empty() || self_verified == Some(false) {
        Some(false)
    } else {
        self_verified
    };
    if self_verified == Some(false) {
        findings.insert(
            0,
            "the provider's self-verification against its OpenAPI document failed".into(),
        );
    }
    SchemaCheck {
        success,
        findings,
        interactions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OAS: &str = "openapi: 3.0.3\ninfo: {title: orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [id, userId]\n                properties: {id: {type: string}, userId: {type: string}}\n";

    fn pact(path: &str, body: Value) -> String {
        json!({
            "consumer": {"name": "checkout-ui"}, "provider": {"name": "orders"},
            "interactions": [{"description": "an order", "request": {"method": "GET", "path": path},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body}}],
            "metadata": {"pactSpecification": {"version": "2.0.0"}}
        })
        .to_string()
    }

    #[test]
    fn table() {
        let spec = load_contract("oas.yaml", OAS).unwrap();
        let root = &spec.docs[0].root;
        let good = pact("/orders/1", json!({"id": "1", "userId": "u"}));
        let undocumented = pact("/carts/1", json!({}));
        let wrong_type = pact("/orders/1", json!({"id": 1, "userId": "u"}));
        // (pact, self-verification) → success
        let cases = [
            (&good, Some(true), Some(true)),
            (&good, None, None),
            (&good, Some(false), Some(false)),
            (&undocumented, Some(true), Some(false)),
            (&wrong_type, Some(true), Some(false)),
            (&"{".to_string(), Some(true), Some(false)),
        ];
        for (i, (p, sv, want)) in cases.into_iter().enumerate() {
            let c = check(p, root, sv);
            assert_eq!(c.success, want, "case {i}: {c:?}");
            assert_eq!(
                c.findings.is_empty(),
                want != Some(false),
                "case {i}: {c:?}"
            );
        }
        let c = check(&undocumented, root, Some(true));
        assert!(c.findings[0].starts_with("CON"), "{:?}", c.findings);
    }

    #[test]
    fn invalid_openapi_names_line_and_column() {
        let err = load_contract("oas.yaml", "openapi: 3.0.0\npaths: [\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("oas.yaml:"), "{text}");
        assert!(
            text.split(':').nth(1).unwrap().parse::<u32>().is_ok(),
            "{text}"
        );
    }
}
