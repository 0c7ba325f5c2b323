//! The HTTP routes: the Pact Broker HAL API, can-i-deploy, and operations
//! endpoints, assembled into one `Router` with auth, metrics and limits.

mod environments;
mod gates;
mod matrix;
mod migrations;
mod ops;
mod pacticipants;
mod pacts;
mod provider_contracts;

use crate::error::{problem, ApiError};
use crate::http::{ok, Base};
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{middleware, Router};
use serde_json::{json, Map, Value};

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

pub fn router(state: AppState) -> Router {
    let limit = state.config.body_limit;
    Router::new()
        .route("/", get(index))
        .route("/diagnostic/status/heartbeat", get(ops::heartbeat))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(ops::openapi))
        .route("/contracts/publish", post(pacts::publish_contracts))
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
            put(pacts::put_pact).get(pacts::get_pact_for_version),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/latest",
            get(pacts::get_latest_pact),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}",
            get(pacts::get_pact_by_sha),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}",
            get(pacts::get_pact_by_sha_meta),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results",
            post(pacts::publish_verification),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results",
            post(pacts::publish_verification_meta),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}",
            get(pacts::get_verification),
        )
        .route(
            "/pacts/provider/{provider}/for-verification",
            get(pacts::for_verification_get).post(pacts::for_verification_post),
        )
        .route("/pacticipants", get(pacticipants::list).post(pacticipants::create))
        .route(
            "/pacticipants/{pacticipant}",
            get(pacticipants::get_one)
                .put(pacticipants::update)
                .patch(pacticipants::update),
        )
        .route("/pacticipants/{pacticipant}/versions", get(pacticipants::versions))
        .route(
            "/pacticipants/{pacticipant}/versions/{version}",
            get(pacticipants::get_version).put(pacticipants::put_version),
        )
        .route(
            "/pacticipants/{pacticipant}/latest-version",
            get(pacticipants::latest_version),
        )
        .route(
            "/pacticipants/{pacticipant}/branches",
            get(pacticipants::branches),
        )
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}",
            get(pacticipants::branch),
        )
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
            get(pacticipants::get_branch_version).put(pacticipants::put_branch_version),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
            get(pacticipants::get_tag).put(pacticipants::put_tag),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environment}",
            post(environments::record_deployment).get(environments::version_deployments),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environment}",
            post(environments::record_release).get(environments::version_releases),
        )
        .route(
            "/environments",
            get(environments::list).post(environments::create),
        )
        .route(
            "/environments/{environment}",
            get(environments::get_one)
                .put(environments::update)
                .delete(environments::delete),
        )
        .route(
            "/environments/{environment}/deployed-versions/currently-deployed",
            get(environments::currently_deployed),
        )
        .route(
            "/environments/{environment}/released-versions/currently-supported",
            get(environments::currently_supported),
        )
        .route(
            "/deployed-versions/{uuid}",
            get(environments::get_deployed).patch(environments::patch_deployed),
        )
        .route(
            "/released-versions/{uuid}",
            get(environments::get_released).patch(environments::patch_released),
        )
        .route("/matrix", get(matrix::matrix))
        .route("/can-i-deploy", get(matrix::can_i_deploy))
        .route(
            "/contracts/publish/{provider}",
            post(provider_contracts::publish),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/provider-contract",
            get(provider_contracts::get_contract),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/migrations",
            get(migrations::list).post(migrations::publish),
        )
        .route(
            "/environments/{environment}/migrations",
            get(migrations::applied),
        )
        .route("/gates/can-i-deploy", get(gates::can_i_deploy))
        .route(
            "/gates/overrides",
            get(gates::list_overrides).post(gates::create_override),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::map_response(problem_for_plain_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_auth,
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
            ct.starts_with("application/problem+json") || ct.starts_with("application/json")
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
