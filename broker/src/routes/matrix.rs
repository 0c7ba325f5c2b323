//! `GET /matrix` and `GET /can-i-deploy`: the matrix rows and the deploy
//! decision with its reasons, in the Pact Broker's response shape.

use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::matrix::{self, MatrixQuery, MatrixResult};
use crate::nested_query::NestedQuery;
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use serde_json::{json, Value};

fn version_json(base: &Base, res: &MatrixResult, id: Option<i64>) -> Value {
    let Some(v) = id.and_then(|id| res.versions.get(&id)) else {
        return Value::Null;
    };
    json!({
        "number": v.number,
        "branch": v.branches.last(),
        "branches": v.branches.iter().map(|b| json!({"name": b, "latest": null})).collect::<Vec<_>>(),
        "branchVersions": v.branches.iter().map(|b| json!({"name": b})).collect::<Vec<_>>(),
        "tags": v.tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        "_links": {"self": {"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(&v.pacticipant), seg(&v.number)))}}
    })
}

/// The response document for a matrix result.
pub fn render(base: &Base, res: &MatrixResult) -> Value {
    let rows: Vec<Value> = res
        .rows
        .iter()
        .map(|r| {
            let mut row = json!({
                "consumer": {
                    "name": r.consumer,
                    "version": version_json(base, res, r.consumer_version),
                    "_links": {"self": {"href": base.url(&format!("/pacticipants/{}", seg(&r.consumer)))}}
                },
                "provider": {
                    "name": r.provider,
                    "version": version_json(base, res, r.provider_version),
                    "_links": {"self": {"href": base.url(&format!("/pacticipants/{}", seg(&r.provider)))}}
                },
                "pact": {
                    "createdAt": r.pact_created_at,
                    "_links": {"self": {"href": r.pact_sha.as_ref().map(|sha| base.url(&format!("/pacts/provider/{}/consumer/{}/pact-version/{sha}", seg(&r.provider), seg(&r.consumer))))}}
                },
                "verificationResult": r.verification.as_ref().map(|v| json!({
                    "success": v.success,
                    "verifiedAt": v.verified_at,
                    "_links": {"self": {"href": base.url(&format!(
                        "/pacts/provider/{}/consumer/{}/pact-version/{}/verification-results/{}",
                        seg(&r.provider), seg(&r.consumer), r.pact_sha.clone().unwrap_or_default(), v.id))}}
                })),
            });
            if r.ignored {
                row["ignored"] = Value::Bool(true);
            }
            if let Some(t) = r.verification_type {
                row["verificationType"] = json!(t);
                if t == "BDCT" {
                    if let (Some(v), Some(pv)) = (&r.verification, r.provider_version.and_then(|id| res.versions.get(&id))) {
                        row["verificationResult"] = json!({
                            "success": v.success,
                            "verifiedAt": v.verified_at,
                            "verificationType": "BDCT",
                            "_links": {"self": {"href": base.url(&format!(
                                "/pacticipants/{}/versions/{}/provider-contract", seg(&r.provider), seg(&pv.number)))}}
                        });
                    }
                }
            }
            if let Some(c) = &r.schema_check {
                row["schemaCheck"] = json!(c);
            }
            row
        })
        .collect();
    let mut summary = json!({
        "deployable": res.verdict.deployable,
        "reason": res.verdict.summary_reason(),
        "success": res.success,
        "failed": res.failed,
        "unknown": res.unknown,
    });
    if let Some(ignored) = res.ignored {
        summary["ignored"] = json!(ignored);
    }
    let notices: Vec<Value> = res
        .verdict
        .reasons
        .iter()
        .map(|r| json!({"type": r.level.as_str(), "text": r.text}))
        .collect();
    json!({"summary": summary, "notices": notices, "reasons": res.verdict.reasons, "matrix": rows})
}

/// `strictApi=true`: the strict API answer for this one question.
pub(crate) fn strict_api(state: &AppState, q: &NestedQuery) -> bool {
    state.config.gate_api_strict || matches!(q.get("strictApi"), Some("true" | "1"))
}

/// Run the matrix and join in the other evidence (API, migrations, overrides).
pub async fn answer(
    state: &AppState,
    query: &MatrixQuery,
    strict: bool,
) -> Result<MatrixResult, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    decide(&mut conn, query, strict).await
}

/// [`answer`] on a connection the caller holds: the one entry point that
/// `GET /matrix`, `GET /can-i-deploy` and the web view's pages all call, so
/// every piece of evidence joined into the verdict shows in each of them.
pub async fn decide(
    conn: &mut sqlx::AnyConnection,
    query: &MatrixQuery,
    strict: bool,
) -> Result<MatrixResult, ApiError> {
    let mut res = matrix::query(conn, query).await?;
    res.verdict = crate::gate::evaluate(
        conn,
        query,
        &res,
        crate::gate::Options { strict_api: strict },
    )
    .await?;
    Ok(res)
}

#[utoipa::path(get, path = "/matrix", tag = "matrix", summary = "The verification matrix and the can-i-deploy decision (Rack nested query: q[][pacticipant], q[][version], latestby, tag, environment, ...)", responses((status = 200, description = "The matrix", body = HalDocument, content_type = "application/hal+json")))]
pub async fn matrix(
    State(state): State<AppState>,
    base: Base,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = NestedQuery::parse(uri.query().unwrap_or(""));
    let query = MatrixQuery::from_matrix_query(&q)?;
    let res = answer(&state, &query, strict_api(&state, &q)).await?;
    Ok(ok(render(&base, &res)))
}

#[utoipa::path(get, path = "/can-i-deploy", tag = "matrix", summary = "Can this pacticipant version be deployed to an environment?", responses((status = 200, description = "The decision with the matrix behind it", body = HalDocument, content_type = "application/hal+json")))]
pub async fn can_i_deploy(
    State(state): State<AppState>,
    base: Base,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = NestedQuery::parse(uri.query().unwrap_or(""));
    let query = MatrixQuery::from_can_i_deploy_query(&q)?;
    let res = answer(&state, &query, strict_api(&state, &q)).await?;
    Ok(ok(render(&base, &res)))
}
