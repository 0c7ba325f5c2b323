//! `/doc/{rel}`: the documentation page each index relation's `curies`
//! entry points at: what the relation is, its URL template, and the methods
//! and roles of the operations behind it (from the generated API
//! description, so it cannot drift).

use super::{ApiDescription, INDEX_RELATIONS};
use crate::error::ApiError;
use crate::http::{with_content_type, Base};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::Value;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[utoipa::path(get, path = "/doc/{rel}", tag = "index", summary = "Documentation of an index relation (the target of the index's curies)", params(("rel" = String, Path, description = "The relation, with or without its `pb:` prefix")), responses((status = 200, description = "An HTML page", body = String, content_type = "text/html")))]
pub async fn relation(
    base: Base,
    Path(rel): Path<String>,
    Extension(doc): Extension<ApiDescription>,
) -> Result<Response, ApiError> {
    let wanted = rel.trim();
    let found = INDEX_RELATIONS.iter().find(|(r, _, _)| {
        *r == wanted || r.split_once(':').is_some_and(|(_, name)| name == wanted)
    });
    let (name, path, title) = found.ok_or_else(|| {
        ApiError::not_found(format!(
            "no relation `{wanted}` in the index; the index at {} lists them all",
            base.url("/")
        ))
    })?;
    let api: Value = serde_json::from_str(&doc.0).unwrap_or(Value::Null);
    let template = path.split('?').next().unwrap_or(path);
    let template = template.replace("{consumerApplicationVersion}", "{version}");
    let mut ops = String::new();
    let item = api["paths"].get(&template).or_else(|| {
        api["paths"].as_object().and_then(|paths| {
            // Parameter names may differ ({uuid} vs {environment}): match by shape.
            let shape = |p: &str| {
                p.split('/')
                    .map(|s| if s.starts_with('{') { "{}" } else { s })
                    .collect::<Vec<_>>()
                    .join("/")
            };
            paths
                .iter()
                .find(|(k, _)| shape(k) == shape(&template))
                .map(|(_, v)| v)
        })
    });
    if let Some(item) = item.and_then(Value::as_object) {
        for (method, op) in item {
            let summary = op["summary"].as_str().unwrap_or_default();
            let access = op["x-shipgate-access"].as_str().unwrap_or("read");
            ops.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                escape(&method.to_ascii_uppercase()),
                escape(summary),
                escape(access)
            ));
        }
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}</title></head><body>\n\
         <h1><code>{name}</code></h1>\n<p>{title}.</p>\n<p>URL template: <code>{href}</code></p>\n\
         <table><thead><tr><th>Method</th><th>What it does</th><th>Role</th></tr></thead><tbody>\n{ops}</tbody></table>\n\
         <p>The whole API is described at <a href=\"{openapi}\">{openapi}</a>.</p>\n</body></html>\n",
        name = escape(name),
        title = escape(title),
        href = escape(&base.url(path)),
        openapi = escape(&base.url("/openapi.json")),
    );
    Ok(with_content_type(
        StatusCode::OK,
        page,
        "text/html;charset=utf-8",
    ))
}
