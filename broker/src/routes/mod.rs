//! The HTTP routes: the Pact Broker HAL API, can-i-deploy, and operations
//! endpoints, assembled into one `Router` with auth, metrics and limits.

mod environments;
mod gates;
pub(crate) mod matrix;
mod migrations;
mod ops;
mod pacticipants;
mod pacts;
mod provider_contracts;
mod tokens;

use crate::api_doc::HalDocument;
use crate::error::{problem, ApiError};
use crate::http::{ok, Base};
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{middleware, Extension, Router};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `{"href": …}`.
pub fn link(href: String) -> Value {
    json!({ "href": href })
}

/// `{"href": …, "title": …, "name": …}`.
pub fn link_named(href: String, title: &str, name: &str) -> Value {
    json!({ "href": href, "title": title, "name": name })
}

/// A templated link.
pub fn templated(href: String, title: &str) -> Value {
    json!({ "href": href, "title": title, "templated": true })
}

/// Every API route, each registered through its handler's `#[utoipa::path]`
/// attribute: the attribute's method and path template are what the router
/// serves *and* what `/openapi.json` describes, so the two cannot drift.
///
/// To add a route: write the handler in the resource's file with a
/// `#[utoipa::path(method, path = "...", tag = "...", summary = "...",
/// request_body(...), responses(...))]` attribute, and add it here with
/// `.routes(routes!(file::handler))` (handlers sharing one path template go
/// in one `routes!`). Path parameters, error responses and the required
/// role are filled in by [`crate::api_doc::finish`]; a route that needs
/// other than the default role (safe methods read, others write) is listed
/// in [`crate::auth`]'s `EXCEPTIONS`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(ops::heartbeat))
        .routes(routes!(ops::dependencies))
        .routes(routes!(ops::metrics))
        .routes(routes!(ops::openapi))
        .routes(routes!(pacts::publish_contracts))
        .routes(routes!(pacts::put_pact, pacts::get_pact_for_version))
        .routes(routes!(pacts::get_latest_pact))
        .routes(routes!(pacts::get_pact_by_sha))
        .routes(routes!(pacts::get_pact_by_sha_meta))
        .routes(routes!(pacts::publish_verification))
        .routes(routes!(pacts::publish_verification_meta))
        .routes(routes!(pacts::get_verification))
        .routes(routes!(
            pacts::for_verification_get,
            pacts::for_verification_post
        ))
        .routes(routes!(pacticipants::list, pacticipants::create))
        .routes(routes!(pacticipants::get_one, pacticipants::update))
        .routes(routes!(pacticipants::versions))
        .routes(routes!(
            pacticipants::get_version,
            pacticipants::put_version
        ))
        .routes(routes!(pacticipants::latest_version))
        .routes(routes!(pacticipants::branches))
        .routes(routes!(pacticipants::branch))
        .routes(routes!(
            pacticipants::get_branch_version,
            pacticipants::put_branch_version
        ))
        .routes(routes!(pacticipants::get_tag, pacticipants::put_tag))
        .routes(routes!(
            environments::record_deployment,
            environments::version_deployments
        ))
        .routes(routes!(
            environments::record_release,
            environments::version_releases
        ))
        .routes(routes!(environments::list, environments::create))
        .routes(routes!(
            environments::get_one,
            environments::update,
            environments::delete
        ))
        .routes(routes!(environments::currently_deployed))
        .routes(routes!(environments::currently_supported))
        .routes(routes!(
            environments::get_deployed,
            environments::patch_deployed
        ))
        .routes(routes!(
            environments::get_released,
            environments::patch_released
        ))
        .routes(routes!(matrix::matrix))
        .routes(routes!(matrix::can_i_deploy))
        .routes(routes!(provider_contracts::publish))
        .routes(routes!(provider_contracts::get_contract))
        .routes(routes!(migrations::list, migrations::publish))
        .routes(routes!(migrations::applied))
        .routes(routes!(gates::can_i_deploy))
        .routes(routes!(gates::list_overrides, gates::create_override))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
}

/// The API description served at `/openapi.json`.
pub fn api_description() -> Value {
    crate::api_doc::finish(api().split_for_parts().1)
}

/// The served `/openapi.json` text, built once per router.
#[derive(Debug, Clone)]
pub struct ApiDescription(pub Arc<String>);

pub fn router(state: AppState) -> Router {
    let limit = state.config.body_limit;
    let (api, doc) = api().split_for_parts();
    let doc = crate::api_doc::finish(doc);
    let guard = crate::guard::GuardState {
        app: state.clone(),
        rules: crate::guard::BodyRules::from_description(&doc),
    };
    let doc = ApiDescription(Arc::new(doc.to_string()));
    api.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(doc))
        .layer(middleware::map_response(problem_for_plain_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_auth,
        ))
        // Outside auth, so it runs first: a cross-site write is refused
        // whatever credentials the browser attaches.
        .layer(middleware::from_fn_with_state(
            guard,
            crate::guard::guard_writes,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Rejections from axum's own extractors (a path segment that is not valid
/// UTF-8, a bad `pageSize`) are plain text; turn every error without a
/// problem document into one, keeping the text as the detail.
async fn problem_for_plain_errors(resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_problem = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            // A HAL document is a deliberate answer (the readiness probe's 503).
            ct.starts_with("application/problem+json")
                || ct.starts_with("application/json")
                || ct.starts_with("application/hal+json")
        });
    if is_problem {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let detail = String::from_utf8_lossy(&bytes).trim().to_string();
    let title = parts.status.canonical_reason().unwrap_or("Error");
    let mut out = problem(
        parts.status,
        title,
        if detail.is_empty() { title } else { &detail },
        Map::new(),
    );
    for (k, v) in parts.headers.iter() {
        if k != axum::http::header::CONTENT_TYPE && k != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

async fn not_found(uri: axum::http::Uri) -> Response {
    ApiError::not_found(format!("no resource at {}", uri.path())).into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        &format!("{method} is not supported on {}", uri.path()),
        Map::new(),
    )
}

#[utoipa::path(get, path = "/", tag = "index", summary = "The HAL index: every relation this broker offers", responses((status = 200, description = "The index", body = HalDocument, content_type = "application/hal+json")))]
async fn index(base: Base) -> Response {
    let b = |p: &str| base.url(p);
    ok(json!({
        "_links": {
            "self": {"href": b("/"), "title": "Index"},
            "pb:publish-pact": templated(b("/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}"), "Publish a pact"),
            "pb:publish-contracts": {"href": b("/contracts/publish"), "title": "Publish contracts"},
            "pb:latest-pact-versions": {"href": b("/pacts/latest"), "title": "Latest pact versions"},
            "pb:pacticipants": {"href": b("/pacticipants"), "title": "Pacticipants"},
            "pb:pacticipant": templated(b("/pacticipants/{pacticipant}"), "Fetch pacticipant by name"),
            "pb:latest-provider-pacts": templated(b("/pacts/provider/{provider}/latest"), "Latest pacts by provider"),
            "pb:latest-version": templated(b("/pacticipants/{pacticipant}/latest-version"), "Latest pacticipant version"),
            "pb:pacticipant-version": templated(b("/pacticipants/{pacticipant}/versions/{version}"), "Get, create or delete a pacticipant version"),
            "pb:pacticipant-version-tag": templated(b("/pacticipants/{pacticipant}/versions/{version}/tags/{tag}"), "Get, create or delete a tag for a pacticipant version"),
            "pb:pacticipant-branch": templated(b("/pacticipants/{pacticipant}/branches/{branch}"), "Get or delete a pacticipant branch"),
            "pb:pacticipant-branch-version": templated(b("/pacticipants/{pacticipant}/branches/{branch}/versions/{version}"), "Get or add/create a pacticipant version for a branch"),
            "pb:metrics": {"href": b("/metrics"), "title": "Get Prometheus metrics"},
            "pb:can-i-deploy-pacticipant-version-to-environment": templated(b("/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}"), "Determine if an application version can be safely deployed to an environment"),
            "pb:provider-pacts-for-verification": templated(b("/pacts/provider/{provider}/for-verification"), "Pact versions to be verified for the specified provider"),
            "beta:provider-pacts-for-verification": templated(b("/pacts/provider/{provider}/for-verification"), "DEPRECATED - please use pb:provider-pacts-for-verification"),
            "pb:environments": {"href": b("/environments"), "title": "Environments"},
            "pb:environment": templated(b("/environments/{uuid}"), "Environment"),
            "pb:matrix": {"href": b("/matrix"), "title": "The matrix of verification results"},
            "pf:publish-provider-contract": templated(b("/contracts/publish/{provider}"), "Publish a provider contract (OpenAPI) with its self-verification result"),
            "shipgate:publish-migrations": templated(b("/pacticipants/{pacticipant}/versions/{version}/migrations"), "Record the migrations a version carries"),
            "shipgate:can-i-deploy-gate": templated(b("/gates/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}"), "The joined verdict: 200 deployable, 412 not (or &mode=report)"),
            "shipgate:gate-overrides": {"href": b("/gates/overrides"), "title": "Overrides of the gate"},
            "shipgate:openapi": {"href": b("/openapi.json"), "title": "OpenAPI description of this API"},
            "curies": [{"name": "pb", "href": b("/doc/{rel}?context=index"), "templated": true}]
        }
    }))
}
