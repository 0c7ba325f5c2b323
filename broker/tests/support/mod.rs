//! Shared by the broker's in-process route walks (`access.rs`,
//! `bad_input.rs`): a request sender, a dump of every stored row, and route
//! templates filled with names that exist.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use shipgate_broker::Db;
use tower::ServiceExt as _;

/// Every row of every table, as text, in a stable order.
pub async fn dump(db: &Db) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .fetch_all(&db.pool)
                .await
                .expect("columns");
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT json_array({list}) AS r FROM \"{t}\" ORDER BY r"
        ))
        .fetch_all(&db.pool)
        .await
        .expect("rows");
        out.push(format!("{t}: {rows:?}"));
    }
    out
}

/// Send `body` (raw bytes) with its content type and extra headers; returns
/// the status, the response headers and the body text.
pub async fn send_bytes(
    router: &axum::Router,
    method: Method,
    path: &str,
    auth: Option<String>,
    body: Option<(&str, Vec<u8>)>,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some((content_type, b)) => {
            if !content_type.is_empty() {
                req = req.header(header::CONTENT_TYPE, content_type);
            }
            req.header(header::CONTENT_LENGTH, b.len())
                .body(Body::from(b))
        }
        None => req.body(Body::empty()),
    }
    .expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// [`send_bytes`] with a text body.
pub async fn send_raw(
    router: &axum::Router,
    method: Method,
    path: &str,
    auth: Option<String>,
    body: Option<(&str, String)>,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let body = body.map(|(t, b)| (t, b.into_bytes()));
    send_bytes(router, method, path, auth, body, headers).await
}

/// Fill a route template with names that exist (so an allowed write would
/// really change something).
pub fn fill(template: &str) -> String {
    template
        .replace("{provider}", "P")
        .replace("{consumer}", "C")
        .replace("{pacticipant}", "C")
        .replace("{version}", "1.0.0")
        .replace("{branch}", "main")
        .replace("{tag}", "prod")
        .replace("{environment}", "production")
        .replace("{sha}", "0000")
        .replace("{metadata}", "e30")
        .replace("{uuid}", "00000000-0000-0000-0000-000000000000")
        .replace("{id}", "1")
        .replace("{name}", "victim")
}

/// A minimal v2 pact from `consumer` to `P`.
pub fn pact(consumer: &str) -> Value {
    json!({
        "consumer": {"name": consumer},
        "provider": {"name": "P"},
        "interactions": [{
            "description": "a request",
            "request": {"method": "GET", "path": "/"},
            "response": {"status": 200}
        }],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

/// The route templates and methods that `/openapi.json` describes, with
/// whether the operation declares a required request body.
pub async fn operations(router: &axum::Router) -> Vec<(Method, String, bool)> {
    let (status, _, body) = send_raw(router, Method::GET, "/openapi.json", None, None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).expect("openapi.json");
    let mut out = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let body_required = op["requestBody"]["required"].as_bool().unwrap_or(false);
            out.push((m, template.clone(), body_required));
        }
    }
    out
}
