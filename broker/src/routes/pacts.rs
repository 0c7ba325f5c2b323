//! Publishing pacts (`POST /contracts/publish` and the legacy PUT), fetching
//! them by version or content hash, pacts for verification, and publishing
//! verification results.

use super::{link, link_named};
use crate::api_doc::{HalDocument, PactDocument};
use crate::error::ApiError;
use crate::for_verification::{pacts_for_verification, ForVerificationRequest};
use crate::http::{created, created_text, hal_text, ok, seg, validate_name, Base, JsonBody};
use crate::store::{self, ContentConflict, PactOutcome, PactText};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishContracts {
    pacticipant_name: String,
    pacticipant_version_number: String,
    branch: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    build_url: Option<String>,
    contracts: Vec<Contract>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contract {
    consumer_name: String,
    provider_name: String,
    specification: String,
    content_type: String,
    content: String,
    on_conflict: Option<String>,
}

fn pact_url(base: &Base, provider: &str, consumer: &str, version: &str) -> String {
    base.url(&format!(
        "/pacts/provider/{}/consumer/{}/version/{}",
        seg(provider),
        seg(consumer),
        seg(version)
    ))
}

fn conflict_error(consumer: &str, version: &str, provider: &str, c: &ContentConflict) -> ApiError {
    let text = format!(
        "Cannot change the content of the pact for {consumer} version {version} and provider {provider}, \
         as race conditions will cause unreliable results for can-i-deploy. Each pact must be published \
         with a unique consumer version number. Start the broker with --allow-contract-modification to allow it."
    );
    ApiError::conflict(text.clone())
        .with(
            "notices",
            json!([{"type": "error", "text": text}, {"type": "info", "text": c.diff}]),
        )
        .with("errors", json!({"content": [text]}))
        .with("diff", Value::String(c.diff.clone()))
}

/// Decode one contract's content into its canonical text (no `Value` tree
/// of the pact is built: see [`crate::canonical`]).
fn decode_contract(i: usize, c: &mut Contract) -> Result<PactText, ApiError> {
    let field = format!("contracts[{i}].content");
    if c.specification != "pact" {
        return Err(ApiError::invalid_field(
            &format!("contracts[{i}].specification"),
            format!(
                "specification `{}` is not supported; only `pact` is",
                c.specification
            ),
        ));
    }
    if !c.content_type.starts_with("application/json") {
        return Err(ApiError::invalid_field(
            &format!("contracts[{i}].contentType"),
            format!(
                "contentType `{}` is not supported; pacts are application/json",
                c.content_type
            ),
        ));
    }
    // The base64 text is not needed once decoded: free it now.
    let content = std::mem::take(&mut c.content);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(content.trim()))
        .map_err(|e| {
            ApiError::invalid_field(&field, format!("{field} is not valid base64: {e}"))
        })?;
    drop(content);
    let not_a_pact = |detail: String| {
        ApiError::invalid_field(
            &field,
            format!("{field} does not decode to a JSON pact: {detail}"),
        )
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| not_a_pact(format!("not UTF-8: {e}")))?;
    let pact = PactText::from_json(text).map_err(|e| {
        not_a_pact(format!(
            "{} (line {}, column {})",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        ))
    })?;
    check_pact(&field, text, &c.consumer_name, &c.provider_name)?;
    Ok(pact)
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// The pact must be an object whose consumer and provider names match.
fn check_pact(field: &str, pact: &str, consumer: &str, provider: &str) -> Result<(), ApiError> {
    let Some(names) = crate::canonical::pact_names(pact) else {
        return Err(ApiError::invalid_field(
            field,
            format!("{field} must be a JSON object (a pact)"),
        ));
    };
    match names {
        (Some(c), Some(p)) if c == consumer && p == provider => Ok(()),
        (Some(c), Some(p)) => Err(ApiError::invalid_field(
            field,
            format!(
                "the pact is between {c} and {p}, but the request names {consumer} and {provider}"
            ),
        )),
        _ => Err(ApiError::invalid_field(
            field,
            format!("{field} is not a pact: it needs consumer.name and provider.name"),
        )),
    }
}

#[utoipa::path(post, path = "/contracts/publish", tag = "pacts", summary = "Publish pacts for a consumer version, with its branch and tags", request_body(content = PublishContracts, content_type = "application/json"), responses((status = 200, description = "Published; notices say what happened", body = HalDocument, content_type = "application/hal+json")))]
pub async fn publish_contracts(
    State(state): State<AppState>,
    base: Base,
    JsonBody(mut body): JsonBody<PublishContracts>,
) -> Result<Response, ApiError> {
    let name = body.pacticipant_name.clone();
    let number = body.pacticipant_version_number.clone();
    validate_name("pacticipant", &name)?;
    validate_name("version", &number)?;
    if let Some(b) = &body.branch {
        validate_name("branch", b)?;
    }
    for t in &body.tags {
        validate_name("tag", t)?;
    }
    if body.contracts.is_empty() {
        return Err(ApiError::invalid_field(
            "contracts",
            "`contracts` must list at least one contract",
        ));
    }
    // Validate everything before touching the database.
    let mut decoded = Vec::new();
    for (i, c) in body.contracts.iter_mut().enumerate() {
        validate_name("pacticipant", &c.provider_name)?;
        if c.consumer_name != name {
            return Err(ApiError::invalid_field(
                &format!("contracts[{i}].consumerName"),
                format!(
                    "contract {i} is for consumer {}, but pacticipantName is {name}",
                    c.consumer_name
                ),
            ));
        }
        if let Some(mode) = &c.on_conflict {
            if mode != "overwrite" && mode != "merge" {
                return Err(ApiError::invalid_field(
                    &format!("contracts[{i}].onConflict"),
                    format!("onConflict must be overwrite or merge, not `{mode}`"),
                ));
            }
        }
        decoded.push(decode_contract(i, c)?);
    }
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &name).await?;
    let vid = store::upsert_version(&mut tx, pid, &number, body.build_url.as_deref()).await?;
    if let Some(b) = &body.branch {
        store::add_branch_version(&mut tx, pid, vid, b).await?;
    }
    for t in &body.tags {
        store::add_tag(&mut tx, pid, vid, t).await?;
    }
    let mut notices = Vec::new();
    let mut contract_links = Vec::new();
    let mut queued = 0;
    for (c, pact) in body.contracts.iter().zip(&decoded) {
        let provider_id = store::upsert_pacticipant(&mut tx, &c.provider_name).await?;
        let merge = c.on_conflict.as_deref() == Some("merge");
        let merged: PactText;
        let (pact, allow) = if merge {
            merged = merge_with_published(&mut tx, vid, provider_id, pact)
                .await
                .map_err(|detail| {
                    conflict_error(
                        &name,
                        &number,
                        &c.provider_name,
                        &ContentConflict { diff: detail },
                    )
                })?;
            (&merged, true)
        } else {
            (pact, state.config.allow_contract_modification)
        };
        let outcome = store::publish_pact(&mut tx, pid, vid, provider_id, pact, allow).await?;
        let (outcome, _) = match outcome {
            Ok(o) => o,
            Err(conflict) => {
                // Dropping the transaction rolls everything back.
                return Err(conflict_error(&name, &number, &c.provider_name, &conflict));
            }
        };
        queued += crate::webhooks::on_published(
            &mut tx,
            &base.0,
            vid,
            provider_id,
            outcome != PactOutcome::Unchanged,
        )
        .await?;
        let url = pact_url(&base, &c.provider_name, &name, &number);
        let verb = match outcome {
            PactOutcome::Created => "published",
            PactOutcome::Unchanged => "republished (unchanged)",
            PactOutcome::Overwritten => "published (content overwritten)",
        };
        notices.push(json!({"type": "success", "text": format!("Pact between {name} ({number}) and {} {verb}: {url}", c.provider_name)}));
        contract_links.push(link_named(
            url,
            "Pact",
            &format!("Pact between {name} ({number}) and {}", c.provider_name),
        ));
    }
    tx.commit().await?;
    if queued > 0 {
        state.webhooks.wake();
    }
    let pme = base.url(&format!("/pacticipants/{}", seg(&name)));
    let vme = format!("{pme}/versions/{}", seg(&number));
    let mut head = format!("Created {name} version {number}");
    if let Some(b) = &body.branch {
        head.push_str(&format!(" with branch {b}"));
    }
    if !body.tags.is_empty() {
        head.push_str(&format!(" and tags {}", body.tags.join(", ")));
    }
    notices.insert(0, json!({"type": "debug", "text": head}));
    Ok(ok(json!({
        "notices": notices,
        "logs": notices.iter().map(|n| json!({"level": n["type"], "message": n["text"], "deprecationWarning": ""})).collect::<Vec<_>>(),
        "_embedded": {
            "pacticipant": {"name": name, "_links": {"self": link(pme.clone())}},
            "version": {
                "number": number,
                "branch": body.branch,
                "buildUrl": body.build_url,
                "_links": {"self": {"href": vme.clone(), "title": "Version", "name": number}}
            }
        },
        "_links": {
            "pb:pacticipant": {"title": "Pacticipant", "name": name, "href": pme},
            "pb:pacticipant-version": {"title": "Pacticipant version", "name": number, "href": vme},
            "pb:pacticipant-version-tags": body.tags.iter().map(|t| json!({"title": "Tag", "name": t, "href": format!("{vme}/tags/{}", seg(t))})).collect::<Vec<_>>(),
            "pb:contracts": contract_links,
        }
    })))
}

/// The interaction key used for merging: its description and provider states.
fn interaction_key(i: &Value) -> String {
    let states = i.get("providerStates").or_else(|| i.get("providerState"));
    format!(
        "{}|{}",
        i.get("description").and_then(Value::as_str).unwrap_or(""),
        states.map(Value::to_string).unwrap_or_default()
    )
}

/// `onConflict: merge`: add the new interactions to the already published
/// pact. The same interaction with different content is a conflict.
async fn merge_with_published(
    conn: &mut AnyConnection,
    consumer_version_id: i64,
    provider_id: i64,
    new: &PactText,
) -> Result<PactText, String> {
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT pc.content FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         WHERE pp.consumer_version_id = $1 AND pp.provider_id = $2",
    )
    .bind(consumer_version_id)
    .bind(provider_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| format!("cannot read the published pact: {e}"))?;
    let Some(existing) = existing else {
        return Ok(new.clone());
    };
    let new: Value =
        serde_json::from_str(&new.text).map_err(|e| format!("the new pact is not JSON: {e}"))?;
    let mut merged: Value =
        serde_json::from_str(&existing).map_err(|e| format!("stored pact is not JSON: {e}"))?;
    let key = if merged.get("messages").is_some() && merged.get("interactions").is_none() {
        "messages"
    } else {
        "interactions"
    };
    let mut list: Vec<Value> = merged
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for item in new.get(key).and_then(Value::as_array).into_iter().flatten() {
        let k = interaction_key(item);
        match list.iter().find(|old| interaction_key(old) == k) {
            Some(old) if store::canonical(old) == store::canonical(item) => {}
            Some(old) => {
                return Err(format!(
                    "cannot merge: the interaction `{}` is already published with different content\n{}",
                    item.get("description").and_then(Value::as_str).unwrap_or(""),
                    store::json_diff(&old.to_string(), &item.to_string())
                ))
            }
            None => list.push(item.clone()),
        }
    }
    merged[key] = Value::Array(list);
    Ok(PactText::from_value(&merged))
}

/// Legacy `PUT /pacts/provider/{p}/consumer/{c}/version/{v}` with the pact as body.
#[utoipa::path(put, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", tag = "pacts", summary = "Publish a pact for a consumer version (legacy)", request_body(content = PactDocument, content_type = "application/json"), responses((status = 200, description = "Unchanged or updated", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, number)): Path<(String, String, String)>,
    JsonBody(raw): JsonBody<Box<serde_json::value::RawValue>>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &provider)?;
    validate_name("pacticipant", &consumer)?;
    validate_name("version", &number)?;
    check_pact("body", raw.get(), &consumer, &provider)?;
    let pact = PactText::from_json(raw.get())
        .map_err(|e| ApiError::bad_request(format!("the pact is not valid JSON: {e}")))?;
    drop(raw);
    let mut tx = state.db.begin_write().await?;
    let cid = store::upsert_pacticipant(&mut tx, &consumer).await?;
    let pid = store::upsert_pacticipant(&mut tx, &provider).await?;
    let vid = store::upsert_version(&mut tx, cid, &number, None).await?;
    let outcome = store::publish_pact(
        &mut tx,
        cid,
        vid,
        pid,
        &pact,
        state.config.allow_contract_modification,
    )
    .await?;
    let (outcome, sha) = match outcome {
        Ok(o) => o,
        Err(conflict) => return Err(conflict_error(&consumer, &number, &provider, &conflict)),
    };
    let queued = crate::webhooks::on_published(
        &mut tx,
        &base.0,
        vid,
        pid,
        outcome != PactOutcome::Unchanged,
    )
    .await?;
    tx.commit().await?;
    if queued > 0 {
        state.webhooks.wake();
    }
    let mut conn = state.db.pool.acquire().await?;
    let doc = pact_document(&mut conn, &base, &provider, &consumer, &sha, Some(&number)).await?;
    let url = pact_url(&base, &provider, &consumer, &number);
    Ok(if outcome == PactOutcome::Created {
        created_text(&url, doc.into_body())
    } else {
        hal_text(StatusCode::OK, doc.into_body())
    })
}

/// `PATCH /pacts/provider/{p}/consumer/{c}/version/{v}`: merge the
/// interactions into the published pact (the same interaction with other
/// content is a 409); creates the pact when there is none.
#[utoipa::path(patch, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", tag = "pacts", summary = "Merge interactions into the pact of a consumer version", request_body(content = PactDocument, content_type = "application/json"), responses((status = 200, description = "Merged", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn patch_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, number)): Path<(String, String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &provider)?;
    validate_name("pacticipant", &consumer)?;
    validate_name("version", &number)?;
    let pact = PactText::from_value(&body);
    check_pact("body", &pact.text, &consumer, &provider)?;
    let mut tx = state.db.begin_write().await?;
    let cid = store::upsert_pacticipant(&mut tx, &consumer).await?;
    let pid = store::upsert_pacticipant(&mut tx, &provider).await?;
    let vid = store::upsert_version(&mut tx, cid, &number, None).await?;
    let merged = merge_with_published(&mut tx, vid, pid, &pact)
        .await
        .map_err(|detail| {
            conflict_error(
                &consumer,
                &number,
                &provider,
                &ContentConflict { diff: detail },
            )
        })?;
    let outcome = store::publish_pact(&mut tx, cid, vid, pid, &merged, true).await?;
    let (outcome, sha) = match outcome {
        Ok(o) => o,
        Err(conflict) => return Err(conflict_error(&consumer, &number, &provider, &conflict)),
    };
    let queued = crate::webhooks::on_published(
        &mut tx,
        &base.0,
        vid,
        pid,
        outcome != PactOutcome::Unchanged,
    )
    .await?;
    tx.commit().await?;
    if queued > 0 {
        state.webhooks.wake();
    }
    let mut conn = state.db.pool.acquire().await?;
    let doc = pact_document(&mut conn, &base, &provider, &consumer, &sha, Some(&number)).await?;
    let url = pact_url(&base, &provider, &consumer, &number);
    Ok(if outcome == PactOutcome::Created {
        created_text(&url, doc.into_body())
    } else {
        hal_text(StatusCode::OK, doc.into_body())
    })
}

/// `DELETE /pacts/provider/{p}/consumer/{c}/version/{v}`.
#[utoipa::path(delete, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", tag = "pacts", summary = "Delete the pact of a consumer version (its content and verification results go when no other version shares the content)", responses((status = 204, description = "Deleted")))]
pub async fn delete_pact(
    State(state): State<AppState>,
    Path((provider, consumer, number)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "SELECT pp.id FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id \
         JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id \
         WHERE c.name = $1 AND p.name = $2 AND v.number = $3",
    )
    .bind(&consumer)
    .bind(&provider)
    .bind(&number)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| {
        ApiError::not_found(format!(
            "no pact between {consumer} version {number} and {provider}"
        ))
    })?;
    crate::deletion::delete_publications(&mut tx, &[id]).await?;
    tx.commit().await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::http::StatusCode::NO_CONTENT,
    ))
}

/// A stored pact with the HAL links it is served with.
#[derive(Debug)]
pub struct PactDoc {
    content: String,
    created_at: String,
    pub links: Value,
}

impl PactDoc {
    /// The response body: the stored pact text with `createdAt` and
    /// `_links` added as its last members. They are spliced into the text,
    /// so serving a large pact costs its text and not a `Value` tree; a pact
    /// that has its own `createdAt` or `_links` (or is not an object) goes
    /// through `Value`, which replaces them.
    pub fn into_body(self) -> String {
        let extra = format!(
            "\"createdAt\":{},\"_links\":{}",
            Value::String(self.created_at.clone()),
            self.links
        );
        let plain = self.content.ends_with('}')
            && crate::canonical::top_level_keys(&self.content)
                .is_some_and(|keys| !keys.iter().any(|k| k == "createdAt" || k == "_links"));
        if plain {
            let mut body = self.content;
            body.pop();
            if body.trim_end() != "{" {
                body.push(',');
            }
            body.push_str(&extra);
            body.push('}');
            return body;
        }
        let mut doc: Value = serde_json::from_str(&self.content).unwrap_or(Value::Null);
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("createdAt".into(), Value::String(self.created_at));
            obj.insert("_links".into(), self.links);
        }
        doc.to_string()
    }
}

/// The pact content with HAL links, as the verifier reads it.
pub async fn pact_document(
    conn: &mut AnyConnection,
    base: &Base,
    provider: &str,
    consumer: &str,
    sha: &str,
    consumer_version: Option<&str>,
) -> Result<PactDoc, ApiError> {
    let row = sqlx::query(
        "SELECT pc.content, pc.created_at FROM pact_contents pc JOIN pacticipants c ON c.id = pc.consumer_id \
         JOIN pacticipants p ON p.id = pc.provider_id WHERE pc.sha = $1 AND c.name = $2 AND p.name = $3",
    )
    .bind(sha)
    .bind(consumer)
    .bind(provider)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        ApiError::not_found(format!("no pact with content {sha} between {consumer} and {provider}"))
    })?;
    let content: String = row.try_get(0)?;
    let created_at: String = row.try_get(1)?;
    drop(row);
    let consumer_version = match consumer_version {
        Some(v) => Some(v.to_string()),
        None => sqlx::query_scalar(
            "SELECT v.number FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id \
             JOIN pact_contents pc ON pc.id = pp.pact_content_id WHERE pc.sha = $1 ORDER BY pp.consumer_version_id DESC LIMIT 1",
        )
        .bind(sha)
        .fetch_optional(&mut *conn)
        .await?,
    };
    let pact_version = base.url(&format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}",
        seg(provider),
        seg(consumer)
    ));
    let mut links = json!({
        "self": {"href": pact_version.clone(), "title": "Pact", "name": format!("Pact between {consumer} and {provider}")},
        "pb:consumer": {"href": base.url(&format!("/pacticipants/{}", seg(consumer))), "title": "Consumer", "name": consumer},
        "pb:provider": {"href": base.url(&format!("/pacticipants/{}", seg(provider))), "title": "Provider", "name": provider},
        "pb:pact-version": {"href": pact_version.clone(), "title": "Pact content version permalink", "name": sha},
        "pb:latest-pact-version": {"href": base.url(&format!("/pacts/provider/{}/consumer/{}/latest", seg(provider), seg(consumer))), "title": "Latest version of this pact"},
        "pb:publish-verification-results": {"href": format!("{pact_version}/verification-results"), "title": "Publish verification results"},
    });
    let integration = base.url(&format!(
        "/pacts/provider/{}/consumer/{}",
        seg(provider),
        seg(consumer)
    ));
    links["pb:all-pact-versions"] =
        json!({"href": format!("{integration}/versions"), "title": "All versions of this pact"});
    links["pb:latest-untagged-pact-version"] = json!({"href": format!("{integration}/latest-untagged"), "title": "Latest untagged version of this pact"});
    links["pb:latest-tagged-pact-version"] = json!({"href": format!("{integration}/latest/{{tag}}"), "title": "Latest tagged version of this pact", "templated": true});
    links["pb:latest-verification-results"] = json!({"href": format!("{pact_version}/verification-results/latest"), "title": "Latest verification results for this pact content"});
    links["pb:pact-webhooks"] = json!({"href": base.url(&format!("/webhooks/provider/{}/consumer/{}", seg(provider), seg(consumer))), "title": "Webhooks for the pact between {consumer} and {provider}"});
    links["pb:consumer-webhooks"] = json!({"href": base.url(&format!("/webhooks/consumer/{}", seg(consumer))), "title": "Webhooks for all pacts with consumer {consumer}"});
    links["pb:provider-webhooks"] = json!({"href": base.url(&format!("/webhooks/provider/{}", seg(provider))), "title": "Webhooks for all pacts with provider {provider}"});
    links["pb:diff"] = json!({"href": format!("{pact_version}/diff/pact-version/{{pactVersion}}"), "title": "Diff with another pact content version", "templated": true});
    links["pb:badge"] = json!({"href": format!("{integration}/latest/badge"), "title": "Status badge for the latest version of this pact"});
    if let Some(v) = &consumer_version {
        let by_version = format!("{integration}/version/{}", seg(v));
        links["pb:consumer-version"] = json!({"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(consumer), seg(v))), "title": "Consumer version", "name": v});
        links["pb:matrix-for-consumer-version"] = json!({"href": base.url(&format!("/matrix?q[][pacticipant]={}&q[][version]={}&latestby=cvpv", seg(consumer), seg(v))), "title": "View matrix rows for the consumer version to which this pact belongs"});
        links["pb:previous-distinct"] = json!({"href": format!("{by_version}/previous-distinct"), "title": "Previous distinct version of this pact"});
        links["pb:diff-previous-distinct"] = json!({"href": format!("{by_version}/diff/previous-distinct"), "title": "Diff with previous distinct version of this pact"});
        links["pb:triggered-webhooks"] = json!({"href": format!("{by_version}/triggered-webhooks"), "title": "Webhooks triggered by the publication of this pact"});
        links["pb:tag-prod-version"] = json!({"href": base.url(&format!("/pacticipants/{}/versions/{}/tags/prod", seg(consumer), seg(v))), "title": "PUT to this resource to tag this consumer version as 'production'"});
        links["pb:tag-version"] = json!({"href": base.url(&format!("/pacticipants/{}/versions/{}/tags/{{tag}}", seg(consumer), seg(v))), "title": "PUT to this resource to tag this consumer version", "templated": true});
        links["pb:consumer-version-verification-results"] = json!({"href": format!("{by_version}/verification-results/latest"), "title": "Latest verification results for this consumer version's pact"});
    }
    Ok(PactDoc {
        content,
        created_at,
        links,
    })
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", tag = "pacts", summary = "The pact a consumer version published", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_pact_for_version(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, number)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let sha: Option<String> = sqlx::query_scalar(
        "SELECT pc.sha FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id \
         JOIN pacticipants p ON p.id = pp.provider_id WHERE c.name = $1 AND p.name = $2 AND v.number = $3",
    )
    .bind(&consumer)
    .bind(&provider)
    .bind(&number)
    .fetch_optional(&mut *conn)
    .await?;
    let sha = sha.ok_or_else(|| {
        ApiError::not_found(format!(
            "no pact between {consumer} version {number} and {provider}"
        ))
    })?;
    let doc = pact_document(&mut conn, &base, &provider, &consumer, &sha, Some(&number)).await?;
    Ok(hal_text(StatusCode::OK, doc.into_body()))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}", tag = "pacts", summary = "A pact by content hash", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_pact_by_sha(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let doc = pact_document(&mut conn, &base, &provider, &consumer, &sha, None).await?;
    Ok(hal_text(StatusCode::OK, doc.into_body()))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}", tag = "pacts", summary = "A pact by content hash, with verification metadata", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_pact_by_sha_meta(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, metadata)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let meta = decode_metadata(&metadata)?;
    let mut conn = state.db.pool.acquire().await?;
    let cv = meta
        .iter()
        .find(|(k, _)| k == "cvn")
        .map(|(_, v)| v.clone());
    let mut doc =
        pact_document(&mut conn, &base, &provider, &consumer, &sha, cv.as_deref()).await?;
    // Verification results go back through the metadata URL.
    let url = base.url(&format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}/metadata/{metadata}",
        seg(&provider),
        seg(&consumer)
    ));
    doc.links["self"]["href"] = Value::String(url.clone());
    doc.links["pb:publish-verification-results"]["href"] =
        Value::String(format!("{url}/verification-results"));
    Ok(hal_text(StatusCode::OK, doc.into_body()))
}

/// Decode the base64url metadata path segment (a Rack nested query).
fn decode_metadata(metadata: &str) -> Result<Vec<(String, String)>, ApiError> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(metadata.trim_end_matches('='))
        .map_err(|e| {
            ApiError::bad_request(format!("the metadata segment is not base64url: {e}"))
        })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request("the metadata segment is not UTF-8"))?;
    Ok(form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// Encode metadata for a pact URL.
pub fn encode_metadata(pairs: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(query)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationBody {
    success: Option<bool>,
    provider_application_version: Option<String>,
    build_url: Option<String>,
    #[serde(default)]
    test_results: Value,
    #[serde(default)]
    verified_by: Value,
}

#[utoipa::path(post, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results", tag = "verifications", summary = "Publish a verification result", request_body(content = VerificationBody, content_type = "application/json"), responses((status = 201, description = "Recorded", body = HalDocument, content_type = "application/hal+json")))]
pub async fn publish_verification(
    state: State<AppState>,
    base: Base,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
    body: JsonBody<VerificationBody>,
) -> Result<Response, ApiError> {
    do_publish_verification(state, base, provider, consumer, sha, body.0).await
}

#[utoipa::path(post, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results", tag = "verifications", summary = "Publish a verification result (URL with verification metadata)", request_body(content = VerificationBody, content_type = "application/json"), responses((status = 201, description = "Recorded", body = HalDocument, content_type = "application/hal+json")))]
pub async fn publish_verification_meta(
    state: State<AppState>,
    base: Base,
    Path((provider, consumer, sha, metadata)): Path<(String, String, String, String)>,
    body: JsonBody<VerificationBody>,
) -> Result<Response, ApiError> {
    decode_metadata(&metadata)?;
    do_publish_verification(state, base, provider, consumer, sha, body.0).await
}

async fn do_publish_verification(
    State(state): State<AppState>,
    base: Base,
    provider: String,
    consumer: String,
    sha: String,
    body: VerificationBody,
) -> Result<Response, ApiError> {
    let success = body.success.ok_or_else(|| {
        ApiError::invalid_field("success", "`success` (true or false) is required")
    })?;
    let number = body.provider_application_version.clone().ok_or_else(|| {
        ApiError::invalid_field(
            "providerApplicationVersion",
            "`providerApplicationVersion` is required",
        )
    })?;
    validate_name("version", &number)?;
    let mut tx = state.db.begin_write().await?;
    let content_id: i64 = sqlx::query_scalar(
        "SELECT pc.id FROM pact_contents pc JOIN pacticipants c ON c.id = pc.consumer_id \
         JOIN pacticipants p ON p.id = pc.provider_id WHERE pc.sha = $1 AND c.name = $2 AND p.name = $3",
    )
    .bind(&sha)
    .bind(&consumer)
    .bind(&provider)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| ApiError::not_found(format!("no pact with content {sha} between {consumer} and {provider}")))?;
    let pid = store::upsert_pacticipant(&mut tx, &provider).await?;
    let vid = store::upsert_version(&mut tx, pid, &number, None).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verifications (pact_content_id, provider_version_id, provider_id, success, build_url, test_results, verified_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(content_id)
    .bind(vid)
    .bind(pid)
    .bind(i64::from(success))
    .bind(body.build_url.clone())
    .bind(body.test_results.to_string())
    .bind(body.verified_by.to_string())
    .bind(crate::db::now())
    .fetch_one(&mut **tx)
    .await?;
    let queued = crate::webhooks::on_verification_published(&mut tx, &base.0, id).await?;
    tx.commit().await?;
    if queued > 0 {
        state.webhooks.wake();
    }
    let url = base.url(&format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results/{id}",
        seg(&provider),
        seg(&consumer)
    ));
    Ok(created(
        &url,
        json!({
            "success": success,
            "providerApplicationVersion": number,
            "buildUrl": body.build_url,
            "testResults": body.test_results,
            "verifiedBy": body.verified_by,
            "_links": {
                "self": {"href": url, "title": "Verification result", "name": format!("Verification #{id}")},
                "pb:provider-version": {"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(&provider), seg(&number))), "title": "Provider version", "name": number},
            }
        }),
    ))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}", tag = "verifications", summary = "A verification result", responses((status = 200, description = "The verification result", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_verification(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, id)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no verification result `{id}`")))?;
    let row = sqlx::query(
        "SELECT v.success, v.build_url, v.test_results, v.created_at, pv.number FROM verifications v \
         JOIN pact_contents pc ON pc.id = v.pact_content_id JOIN versions pv ON pv.id = v.provider_version_id \
         WHERE v.id = $1 AND pc.sha = $2",
    )
    .bind(id)
    .bind(&sha)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| ApiError::not_found(format!("no verification result {id} for pact {sha}")))?;
    let url = base.url(&format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results/{id}",
        seg(&provider),
        seg(&consumer)
    ));
    let results: String = row.try_get(2)?;
    Ok(ok(json!({
        "success": row.try_get::<i64, _>(0)? != 0,
        "buildUrl": row.try_get::<Option<String>, _>(1)?,
        "testResults": serde_json::from_str::<Value>(&results).unwrap_or(Value::Null),
        "verificationDate": row.try_get::<String, _>(3)?,
        "providerApplicationVersion": row.try_get::<String, _>(4)?,
        "_links": {"self": link(url)}
    })))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/for-verification", tag = "pacts", summary = "Where to POST to get the pacts to verify", responses((status = 200, description = "A link to POST to", body = HalDocument, content_type = "application/hal+json")))]
pub async fn for_verification_get(base: Base, Path(provider): Path<String>) -> Response {
    ok(json!({
        "_links": {
            "self": {"href": base.url(&format!("/pacts/provider/{}/for-verification", seg(&provider))), "title": "Pacts to be verified"}
        }
    }))
}

#[utoipa::path(post, path = "/pacts/provider/{provider}/for-verification", tag = "pacts", summary = "The pacts to verify, from consumer version selectors, with pending and WIP pacts (needs only the read role)", request_body(content = ForVerificationRequest, content_type = "application/json"), responses((status = 200, description = "The pacts to verify", body = HalDocument, content_type = "application/hal+json")))]
pub async fn for_verification_post(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    JsonBody(req): JsonBody<ForVerificationRequest>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &provider).await?;
    let pacts = pacts_for_verification(&mut conn, &p, &req).await?;
    let list: Vec<Value> = pacts
        .iter()
        .map(|vp| {
            let versions = vp.consumer_versions.join(", ");
            let meta = encode_metadata(&[
                ("cvn", vp.consumer_versions.last().map_or("", String::as_str)),
                ("w", if vp.wip { "true" } else { "false" }),
            ]);
            let href = base.url(&format!(
                "/pacts/provider/{}/consumer/{}/pact-version/{}/metadata/{meta}",
                seg(&provider),
                seg(&vp.consumer),
                vp.sha
            ));
            let why = vp.descriptions.join(", ");
            let mut notices = vec![json!({
                "when": "before_verification",
                "text": format!("The pact at {href} is being verified because the pact content belongs to the consumer version(s) {versions} matching: {why}")
            })];
            let mut props = json!({"notices": []});
            if req.include_pending_status {
                props["pending"] = Value::Bool(vp.pending);
                let pending_text = if vp.pending {
                    "This pact is in pending state for this version of the provider: a failure will not fail the build."
                } else {
                    "This pact has been successfully verified by this provider branch before: a failure will fail the build."
                };
                notices.push(json!({"when": "before_verification", "text": pending_text}));
            }
            if vp.wip {
                props["wip"] = Value::Bool(true);
            }
            props["notices"] = Value::Array(notices);
            json!({
                "shortDescription": why,
                "verificationProperties": props,
                "_links": {"self": {"href": href, "name": format!("Pact between {} ({versions}) and {provider}", vp.consumer)}}
            })
        })
        .collect();
    Ok(ok(json!({
        "_embedded": {"pacts": list},
        "_links": {"self": {"href": base.url(&format!("/pacts/provider/{}/for-verification", seg(&provider))), "title": "Pacts to be verified"}}
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips() {
        let m = encode_metadata(&[("cvn", "1.0.0"), ("w", "false")]);
        assert!(!m.contains('='));
        assert_eq!(
            decode_metadata(&m).unwrap(),
            vec![("cvn".into(), "1.0.0".into()), ("w".into(), "false".into())]
        );
        assert!(decode_metadata("!!!").is_err());
    }

    #[test]
    fn pacts_must_name_the_right_pacticipants() {
        let pact = json!({"consumer": {"name": "A"}, "provider": {"name": "B"}}).to_string();
        assert!(check_pact("f", &pact, "A", "B").is_ok());
        assert!(check_pact("f", &pact, "A", "C").is_err());
        assert!(check_pact("f", "[1]", "A", "B").is_err());
    }

    #[test]
    fn served_pacts_get_created_at_and_links_spliced_in() {
        let links = json!({"self": {"href": "http://b/x"}});
        let doc = |content: &str| PactDoc {
            content: content.to_string(),
            created_at: "2026-01-01T00:00:00Z".into(),
            links: links.clone(),
        };
        let body: Value =
            serde_json::from_str(&doc(r#"{"consumer":{"name":"A"},"x":[1]}"#).into_body()).unwrap();
        assert_eq!(body["consumer"]["name"], "A");
        assert_eq!(body["createdAt"], "2026-01-01T00:00:00Z");
        assert_eq!(body["_links"], links);
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["consumer", "x", "createdAt", "_links"]);
        let empty: Value = serde_json::from_str(&doc("{}").into_body()).unwrap();
        assert_eq!(empty["_links"], links);
        // A pact with its own _links: replaced, not repeated.
        let own = doc(r#"{"_links":{"old":1},"a":1}"#).into_body();
        assert_eq!(own.matches("_links").count(), 1, "{own}");
        assert!(!own.contains("old"), "{own}");
    }
}
