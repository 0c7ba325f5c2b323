//! Comparing pacts: the previous distinct version of a pact (the newest
//! earlier consumer version whose pact content differs), and text diffs
//! against it, against another consumer version or another content hash.

use super::pact_lists::{publications, Publication};
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{with_content_type, Base};
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use sqlx::AnyConnection;

async fn publication_of(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    version: &str,
) -> Result<Publication, ApiError> {
    publications(
        conn,
        "p.name = $1 AND c.name = $2 AND v.number = $3",
        &[provider, consumer, version],
    )
    .await?
    .into_iter()
    .next()
    .ok_or_else(|| {
        ApiError::not_found(format!(
            "no pact between {consumer} version {version} and {provider}"
        ))
    })
}

/// The newest earlier publication with other content.
async fn previous_distinct(
    conn: &mut AnyConnection,
    current: &Publication,
) -> Result<Option<Publication>, ApiError> {
    let earlier = publications(
        conn,
        "p.name = $1 AND c.name = $2 AND pp.consumer_version_id < CAST($3 AS BIGINT) AND pc.sha <> $4",
        &[
            &current.provider,
            &current.consumer,
            &current.version_id.to_string(),
            &current.sha,
        ],
    )
    .await?;
    Ok(earlier.into_iter().next())
}

async fn content(conn: &mut AnyConnection, content_id: i64) -> Result<String, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT content FROM pact_contents WHERE id = $1")
            .bind(content_id)
            .fetch_one(conn)
            .await?,
    )
}

fn diff_response(text: String) -> Response {
    with_content_type(StatusCode::OK, text, "text/plain;charset=utf-8")
}

async fn diff_of(
    conn: &mut AnyConnection,
    old: &Publication,
    new: &Publication,
) -> Result<Response, ApiError> {
    let a = content(conn, old.content_id).await?;
    let b = content(conn, new.content_id).await?;
    let mut text = format!(
        "Diff between the pact of {} version {} and version {} (provider {})\n\n",
        new.consumer, old.version, new.version, new.provider
    );
    if old.sha == new.sha {
        text.push_str("No differences: both versions have the same pact content.\n");
    } else {
        text.push_str(&store::json_diff(&a, &b));
    }
    Ok(diff_response(text))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/previous-distinct", tag = "pacts", summary = "The previous version of this pact whose content differs", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn previous_distinct_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let current = publication_of(&mut conn, &provider, &consumer, &version).await?;
    let prev = previous_distinct(&mut conn, &current)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
            "the pact of {consumer} version {version} has no earlier version with other content"
        ))
        })?;
    let doc = super::pacts::pact_document(
        &mut conn,
        &base,
        &provider,
        &consumer,
        &prev.sha,
        Some(&prev.version),
    )
    .await?;
    Ok(crate::http::hal_text(
        axum::http::StatusCode::OK,
        doc.into_body(),
    ))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/previous-distinct", tag = "pacts", summary = "A diff with the previous version of this pact whose content differs", responses((status = 200, description = "A unified diff", body = String, content_type = "text/plain")))]
pub async fn diff_previous_distinct(
    State(state): State<AppState>,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let current = publication_of(&mut conn, &provider, &consumer, &version).await?;
    match previous_distinct(&mut conn, &current).await? {
        Some(prev) => diff_of(&mut conn, &prev, &current).await,
        None => Ok(diff_response(format!(
            "The pact of {consumer} version {version} has no earlier version with other content: nothing to compare.\n"
        ))),
    }
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/version/{other}", tag = "pacts", summary = "A diff between the pacts of two consumer versions", params(("other" = String, Path, description = "The other consumer version")), responses((status = 200, description = "A unified diff", body = String, content_type = "text/plain")))]
pub async fn diff_versions(
    State(state): State<AppState>,
    Path((provider, consumer, version, other)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let current = publication_of(&mut conn, &provider, &consumer, &version).await?;
    let old = publication_of(&mut conn, &provider, &consumer, &other).await?;
    diff_of(&mut conn, &old, &current).await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/diff/pact-version/{other}", tag = "pacts", summary = "A diff between two pact contents", params(("other" = String, Path, description = "The other pact content hash")), responses((status = 200, description = "A unified diff", body = String, content_type = "text/plain")))]
pub async fn diff_contents(
    State(state): State<AppState>,
    Path((provider, consumer, sha, other)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let mut texts = Vec::new();
    for s in [&other, &sha] {
        let text: String = sqlx::query_scalar(
            "SELECT pc.content FROM pact_contents pc JOIN pacticipants c ON c.id = pc.consumer_id \
             JOIN pacticipants p ON p.id = pc.provider_id WHERE pc.sha = $1 AND c.name = $2 AND p.name = $3",
        )
        .bind(s)
        .bind(&consumer)
        .bind(&provider)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no pact with content {s} between {consumer} and {provider}")))?;
        texts.push(text);
    }
    let mut text =
        format!("Diff between pact contents {other} and {sha} ({consumer} and {provider})\n\n");
    text.push_str(&store::json_diff(&texts[0], &texts[1]));
    Ok(diff_response(text))
}
