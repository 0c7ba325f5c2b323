//! The broker's API description (`/openapi.json`), generated from the
//! handlers' `#[utoipa::path]` attributes and the routes they are registered
//! on, so it cannot drift from the router.
//!
//! What every operation shares is added here, once, rather than on each
//! handler: the path parameters (from the `{name}` segments of its template),
//! the problem+json error responses, and the access it needs
//! (`x-shipgate-access` and `security`, from [`crate::auth::required_access`],
//! the same table the auth middleware enforces).

use crate::auth::{required_access, Access, Role};
use axum::http::Method;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// A HAL document: a JSON object with `_links` (response bodies are built
/// as JSON values, so their schema is this open object).
pub struct HalDocument;

impl PartialSchema for HalDocument {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("A HAL document (`_links` plus the resource's fields)"))
            .into()
    }
}
impl ToSchema for HalDocument {}

/// Any JSON value.
pub struct AnyJson;

impl PartialSchema for AnyJson {
    fn schema() -> RefOr<Schema> {
        Schema::default().into()
    }
}
impl ToSchema for AnyJson {}

/// A pact file (any specification version): an object naming its consumer
/// and provider.
pub struct PactDocument;

impl PartialSchema for PactDocument {
    fn schema() -> RefOr<Schema> {
        let name = || {
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("name", ObjectBuilder::new().schema_type(Type::String))
                .required("name")
        };
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("A pact file, specification v1 to v4"))
            .property("consumer", name())
            .property("provider", name())
            .required("consumer")
            .required("provider")
            .into()
    }
}
impl ToSchema for PactDocument {}

/// An object whose members are ignored (`{}`); the Pact clients send it
/// for "no attributes".
pub struct EmptyObject;

impl PartialSchema for EmptyObject {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Object).into()
    }
}
impl ToSchema for EmptyObject {}

/// What each path parameter name means.
fn parameter_description(name: &str) -> &'static str {
    match name {
        "provider" => "Provider name",
        "consumer" => "Consumer name",
        "pacticipant" => "Pacticipant (application) name",
        "version" => "Version number",
        "branch" => "Branch name",
        "tag" => "Tag name",
        "environment" => "Environment UUID or name",
        "sha" => "Pact content hash",
        "metadata" => {
            "Verification metadata (base64url Rack query), as for-verification links carry"
        }
        "uuid" => "UUID",
        "name" => "Name",
        "id" => "Identifier",
        _ => "Path parameter",
    }
}

const METHODS: &[(&str, Method)] = &[
    ("get", Method::GET),
    ("put", Method::PUT),
    ("post", Method::POST),
    ("patch", Method::PATCH),
    ("delete", Method::DELETE),
];

/// Turn what utoipa collected into the served document.
pub fn finish(api: utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(&api).unwrap_or_else(|_| json!({}));
    doc["openapi"] = json!("3.1.0");
    doc["info"] = json!({
        "title": "shipgate broker",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "A Pact Broker compatible HAL API with can-i-deploy. Errors are RFC 9457 problem documents. `x-shipgate-access` on each operation names the role it needs.",
        "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
    });
    let components = doc["components"]
        .as_object_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    doc["components"] = Value::Object(components);
    doc["components"]["securitySchemes"] = json!({
        "bearer": {"type": "http", "scheme": "bearer", "description": "A token from `shipgate broker token create`"},
        "basic": {"type": "http", "scheme": "basic", "description": "The configured read-write or read-only user"}
    });
    doc["components"]["schemas"]["Problem"] = json!({
        "type": "object",
        "description": "RFC 9457 problem details; 400s also carry the Pact Broker's `errors` object and 409s its `notices`",
        "required": ["title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "object"},
            "notices": {"type": "array"}
        }
    });
    doc["components"]["responses"] = json!({
        "Problem": {
            "description": "An error, as a problem document",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        }
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (template, item) in paths.iter_mut() {
            for (name, method) in METHODS {
                if let Some(op) = item.get_mut(*name) {
                    complete_operation(template, method, op);
                    *seen.entry(operation_id(op)).or_default() += 1;
                }
            }
        }
        // Handler names repeat across resource files (`list`, `get_one`) and
        // one handler may serve two methods: qualify those ids by tag and
        // method so that every operationId is unique.
        for item in paths.values_mut() {
            for (name, _) in METHODS {
                if let Some(op) = item.get_mut(*name) {
                    let id = operation_id(op);
                    if seen.get(&id).copied().unwrap_or(0) > 1 {
                        let tag = op["tags"][0].as_str().unwrap_or("api").to_string();
                        op["operationId"] = json!(format!("{tag}_{id}_{name}"));
                    }
                }
            }
        }
    }
    doc
}

fn operation_id(op: &Value) -> String {
    op["operationId"].as_str().unwrap_or_default().to_string()
}

fn complete_operation(template: &str, method: &Method, op: &mut Value) {
    let names: Vec<&str> = template
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect();
    let mut params: Vec<Value> = op["parameters"].as_array().cloned().unwrap_or_default();
    for name in &names {
        if !params
            .iter()
            .any(|p| p["name"] == *name && p["in"] == "path")
        {
            params.push(json!({
                "name": name,
                "in": "path",
                "required": true,
                "description": parameter_description(name),
                "schema": {"type": "string", "minLength": 1}
            }));
        }
    }
    if !params.is_empty() {
        op["parameters"] = Value::Array(params);
    }
    let access = required_access(method, Some(template));
    let (label, security) = match access {
        Access::Public => ("public", json!([])),
        Access::Role(role) => (
            match role {
                Role::Read => "read",
                Role::Write => "write",
                Role::Admin => "admin",
            },
            json!([{"bearer": []}, {"basic": []}]),
        ),
    };
    op["x-shipgate-access"] = json!(label);
    op["security"] = security;
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let responses = op["responses"]
        .as_object_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut responses: Map<String, Value> = responses;
    let mut add = |status: &str| {
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem.clone());
    };
    let has_body = op.get("requestBody").is_some();
    if has_body || !names.is_empty() || template == "/matrix" || template == "/can-i-deploy" {
        add("400");
    }
    if access != Access::Public {
        add("401");
        add("403");
    }
    if !names.is_empty() || template == "/matrix" || template == "/can-i-deploy" {
        add("404");
    }
    if has_body {
        add("409");
        add("413");
        add("415");
    }
    add("503");
    op["responses"] = Value::Object(responses);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_get_path_parameters_access_and_errors() {
        let mut op = json!({"responses": {"200": {"description": "OK"}}, "requestBody": {}});
        complete_operation(
            "/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
            &Method::PUT,
            &mut op,
        );
        let names: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["provider", "consumer", "version"]);
        assert_eq!(op["x-shipgate-access"], "write");
        for status in ["400", "401", "403", "404", "409", "413", "415", "503"] {
            assert!(op["responses"].get(status).is_some(), "{status}");
        }
        let mut op = json!({"responses": {"200": {"description": "OK"}}});
        complete_operation("/openapi.json", &Method::GET, &mut op);
        assert_eq!(op["x-shipgate-access"], "public");
        assert_eq!(op["security"], json!([]));
        assert!(op["responses"].get("401").is_none());
    }
}
