//! Provider contracts (bi-directional contract testing) in PactFlow's wire
//! format: `POST /contracts/publish/{provider}` (index relation
//! `pf:publish-provider-contract`), which the real `pact pactflow
//! publish-provider-contract` uses unchanged, and the stored contract of a
//! provider version.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::gate::contracts::{self, NewContract, Stored};
use crate::http::{ok, seg, validate_name, Base, JsonBody};
use crate::store;
use crate::verdict::schema_check;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Value};

/// The publication body (PactFlow's).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishBody {
    pacticipant_version_number: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    branch: Option<String>,
    build_url: Option<String>,
    contract: Option<ContractBody>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContractBody {
    content: Option<String>,
    content_type: Option<String>,
    specification: Option<String>,
    self_verification_results: Option<SelfVerification>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SelfVerification {
    success: Option<bool>,
    content: Option<String>,
    content_type: Option<String>,
    format: Option<String>,
    verifier: Option<String>,
    verifier_version: Option<String>,
}

fn decode(field: &str, b64: &str) -> Result<String, ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| {
            ApiError::invalid_field(field, format!("`{field}` is not valid base64: {e}"))
        })?;
    String::from_utf8(bytes)
        .map_err(|e| ApiError::invalid_field(field, format!("`{field}` is not UTF-8 text: {e}")))
}

/// The notices and links the Pact CLI reads.
fn response(
    base: &Base,
    provider: &str,
    version: &str,
    branch: Option<&str>,
    tags: &[String],
    notices: Vec<Value>,
) -> Value {
    let v = base.url(&format!(
        "/pacticipants/{}/versions/{}",
        seg(provider),
        seg(version)
    ));
    let mut links = json!({
        "pb:pacticipant": {"title": "Pacticipant", "name": provider, "href": base.url(&format!("/pacticipants/{}", seg(provider)))},
        "pb:pacticipant-version": {"title": "Pacticipant version", "name": version, "href": v},
        "pb:pacticipant-version-tags": tags.iter().map(|t| json!({"title": "Tag", "name": t, "href": format!("{v}/tags/{}", seg(t))})).collect::<Vec<_>>(),
        "pf:provider-contract": {"title": "Provider contract", "name": format!("Provider contract of {provider} ({version})"), "href": format!("{v}/provider-contract")},
    });
    if let Some(b) = branch {
        links["pb:branch-version"] = json!({
            "title": "Branch version", "name": version,
            "href": base.url(&format!("/pacticipants/{}/branches/{}/versions/{}", seg(provider), seg(b), seg(version)))
        });
    }
    json!({
        "notices": notices,
        "_embedded": {
            "pacticipant": {"name": provider, "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(provider))))}},
            "version": {"number": version, "branch": branch, "_links": {"self": {"href": v, "title": "Version", "name": version}}}
        },
        "_links": links
    })
}

/// `POST /contracts/publish/{provider}`.
#[utoipa::path(post, path = "/contracts/publish/{provider}", operation_id = "publish_provider_contract", tag = "gate", summary = "Publish a provider contract (OpenAPI, base64) with its self-verification result: PactFlow's pf:publish-provider-contract", request_body(content = PublishBody, content_type = "application/json"), responses((status = 200, description = "Published (or already published with the same content)", body = HalDocument, content_type = "application/hal+json")))]
pub async fn publish(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    JsonBody(body): JsonBody<PublishBody>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &provider)?;
    let version = body
        .pacticipant_version_number
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            ApiError::invalid_field(
                "pacticipantVersionNumber",
                "`pacticipantVersionNumber` is required (--provider-app-version)",
            )
        })?;
    validate_name("version", &version)?;
    if let Some(b) = &body.branch {
        validate_name("branch", b)?;
    }
    for t in &body.tags {
        validate_name("tag", t)?;
    }
    let contract = body
        .contract
        .as_ref()
        .ok_or_else(|| ApiError::invalid_field("contract", "`contract` is required"))?;
    let specification = contract
        .specification
        .clone()
        .unwrap_or_else(|| "oas".into());
    if specification != "oas" {
        return Err(ApiError::invalid_field(
            "contract.specification",
            format!(
                "unsupported specification `{specification}`: this broker accepts `oas` (OpenAPI)"
            ),
        ));
    }
    let content_type = contract
        .content_type
        .clone()
        .unwrap_or_else(|| "application/yaml".into());
    let text = decode(
        "contract.content",
        contract.content.as_deref().ok_or_else(|| {
            ApiError::invalid_field("contract.content", "`contract.content` is required")
        })?,
    )?;
    // Refuse what is not OpenAPI, with line and column, before storing anything.
    let label = format!("provider contract of {provider} ({version})");
    let check_text = text.clone();
    let check_label = label.clone();
    tokio::task::spawn_blocking(move || {
        schema_check::load_contract(&check_label, &check_text).map(|_| ())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| {
        ApiError::invalid_field(
            "contract.content",
            format!("the contract is not a valid OpenAPI document: {e}"),
        )
    })?;
    let sv = contract.self_verification_results.as_ref();
    let verification_content = match sv.and_then(|s| s.content.as_deref()) {
        Some(c) => Some(decode("contract.selfVerificationResults.content", c)?),
        None => None,
    };
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &provider).await?;
    let vid = store::upsert_version(&mut tx, pid, &version, body.build_url.as_deref()).await?;
    let new = NewContract {
        content: &text,
        content_type: &content_type,
        specification: &specification,
        self_verified: sv.and_then(|s| s.success),
        verifier: sv.and_then(|s| s.verifier.as_deref()),
        verifier_version: sv.and_then(|s| s.verifier_version.as_deref()),
        verification_content: verification_content.as_deref(),
        verification_content_type: sv.and_then(|s| s.content_type.as_deref()),
        verification_format: sv.and_then(|s| s.format.as_deref()),
        build_url: body.build_url.as_deref(),
    };
    let stored = match contracts::store(&mut tx, pid, vid, &new).await? {
        Ok(s) => s,
        Err(diff) => {
            let text = format!(
                "Cannot change the provider contract of {provider} ({version}): a different one is already published for this version. Publish it with a new version number"
            );
            return Err(ApiError::conflict(format!("{text}\n{diff}"))
                .with(
                    "notices",
                    json!([{"type": "error", "text": text}, {"type": "info", "text": diff}]),
                )
                .with("errors", json!({"contract": [text]})));
        }
    };
    if let Some(b) = &body.branch {
        store::add_branch_version(&mut tx, pid, vid, b).await?;
    }
    for t in &body.tags {
        store::add_tag(&mut tx, pid, vid, t).await?;
    }
    // Precompute what can-i-deploy will look up: API diffs from the versions
    // deployed now, and schema checks of the consumers' pacts.
    let pairs = crate::gate::api_diff::pairs_for_new_contract(&mut tx, pid, vid).await?;
    crate::gate::api_diff::precompute(&mut tx, &pairs).await?;
    let pact_ids = pacts_to_check(&mut tx, pid).await?;
    let cached = contracts::cached_checks(&mut tx, &pact_ids, &[vid]).await?;
    let missing: Vec<i64> = pact_ids
        .into_iter()
        .filter(|c| !cached.contains_key(&(*c, vid)))
        .collect();
    let mut checked = Vec::new();
    for (c, check) in contracts::compute_checks(&mut tx, vid, &missing).await? {
        contracts::store_check(&mut tx, c, vid, &check).await?;
        checked.push(check);
    }
    tx.commit().await?;
    let mut notices = vec![json!({
        "type": "success",
        "text": match stored {
            Stored::Created => format!("Provider contract for {provider} version {version} published"),
            Stored::Unchanged => format!("Provider contract for {provider} version {version} was already published with the same content"),
        }
    })];
    notices.push(json!({
        "type": "info",
        "text": match new.self_verified {
            Some(true) => format!("Self-verification by {} succeeded", new.verifier.unwrap_or("the provider")),
            Some(false) => format!("Self-verification by {} FAILED: every schema check against this contract fails", new.verifier.unwrap_or("the provider")),
            None => "No self-verification result was published: schema checks against this contract stay unknown".into(),
        }
    }));
    let failed = checked.iter().filter(|c| c.success == Some(false)).count();
    if !checked.is_empty() {
        notices.push(json!({
            "type": if failed > 0 { "warning" } else { "info" },
            "text": format!("Schema-checked {} consumer pact{} against it: {failed} incompatible", checked.len(), if checked.len() == 1 { "" } else { "s" })
        }));
    }
    Ok(ok(response(
        &base,
        &provider,
        &version,
        body.branch.as_deref(),
        &body.tags,
        notices,
    )))
}

/// Pact contents worth checking against a new contract of `provider_id`: the
/// latest pact of each consumer, and those of consumer versions deployed or
/// released anywhere.
async fn pacts_to_check(
    conn: &mut sqlx::AnyConnection,
    provider_id: i64,
) -> Result<Vec<i64>, ApiError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT pp.pact_content_id FROM pact_publications pp WHERE pp.provider_id = $1 AND pp.consumer_version_id = \
           (SELECT MAX(p2.consumer_version_id) FROM pact_publications p2 WHERE p2.provider_id = pp.provider_id AND p2.consumer_id = pp.consumer_id) \
         UNION SELECT pp.pact_content_id FROM pact_publications pp JOIN deployed_versions d ON d.version_id = pp.consumer_version_id AND d.currently_deployed = 1 \
           WHERE pp.provider_id = $1 \
         UNION SELECT pp.pact_content_id FROM pact_publications pp JOIN released_versions r ON r.version_id = pp.consumer_version_id AND r.currently_supported = 1 \
           WHERE pp.provider_id = $1",
    )
    .bind(provider_id)
    .fetch_all(conn)
    .await?;
    Ok(ids)
}

/// `GET /pacticipants/{pacticipant}/versions/{version}/provider-contract`.
#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}/provider-contract", tag = "gate", summary = "The provider contract of a version, with its self-verification result", responses((status = 200, description = "The provider contract", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_contract(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &pacticipant).await?;
    let v = store::find_version(&mut conn, p.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{pacticipant} has no version `{number}`")))?;
    let c = contracts::find(&mut conn, v.id).await?.ok_or_else(|| {
        ApiError::not_found(format!("{pacticipant} ({number}) has no provider contract"))
    })?;
    let me = base.url(&format!(
        "/pacticipants/{}/versions/{}/provider-contract",
        seg(&pacticipant),
        seg(&number)
    ));
    Ok(ok(json!({
        "provider": pacticipant,
        "version": number,
        "specification": c.specification,
        "contentType": c.content_type,
        "content": c.content,
        "sha": c.sha,
        "createdAt": c.created_at,
        "buildUrl": c.build_url,
        "selfVerificationResults": {
            "success": c.self_verified,
            "verifier": c.verifier,
            "verifierVersion": c.verifier_version,
            "content": c.verification_content,
            "contentType": c.verification_content_type,
            "format": c.verification_format,
        },
        "_links": {
            "self": link(me),
            "pb:pacticipant-version": link(base.url(&format!("/pacticipants/{}/versions/{}", seg(&pacticipant), seg(&number)))),
        }
    })))
}
