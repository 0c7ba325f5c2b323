//! The API diff cache: the breaking changes between two provider versions'
//! OpenAPI documents, computed when a provider contract is published or a
//! deployment is recorded, so that can-i-deploy only looks them up.

use crate::db::now;
use crate::error::ApiError;
use crate::verdict::api::{self, ApiChange};
use sqlx::AnyConnection;

/// The cached changes from `base` to `rev`, if computed.
pub async fn cached(
    conn: &mut AnyConnection,
    base: i64,
    rev: i64,
) -> Result<Option<Vec<ApiChange>>, ApiError> {
    let text: Option<String> = sqlx::query_scalar(
        "SELECT changes FROM api_diffs WHERE base_version_id = $1 AND rev_version_id = $2",
    )
    .bind(base)
    .bind(rev)
    .fetch_optional(conn)
    .await?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Diff the contracts of `base` and `rev` (both must have one); `None` when
/// either is missing. CPU work runs on a blocking thread.
pub async fn compute(
    conn: &mut AnyConnection,
    base: i64,
    rev: i64,
) -> Result<Option<Vec<ApiChange>>, ApiError> {
    let (Some(b), Some(r)) = (
        super::contracts::find(conn, base).await?,
        super::contracts::find(conn, rev).await?,
    ) else {
        return Ok(None);
    };
    let today = chrono::Utc::now().date_naive();
    let changes = tokio::task::spawn_blocking(move || {
        let bs = shipgate_rules::openapi::load_str("deployed", &b.content);
        let rs = shipgate_rules::openapi::load_str("candidate", &r.content);
        match (bs, rs) {
            (Ok(bs), Ok(rs)) => api::changes(&bs, &rs, today),
            _ => Vec::new(),
        }
    })
    .await
    .map_err(|e| ApiError::Internal(format!("API diff failed: {e}")))?;
    Ok(Some(changes))
}

/// Store computed changes (an existing entry wins).
pub async fn store(
    conn: &mut AnyConnection,
    base: i64,
    rev: i64,
    changes: &[ApiChange],
) -> Result<(), ApiError> {
    let text = serde_json::to_string(changes).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO api_diffs (base_version_id, rev_version_id, changes, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (base_version_id, rev_version_id) DO NOTHING",
    )
    .bind(base)
    .bind(rev)
    .bind(text)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Compute and store the diff of every pair in `pairs` not cached yet.
pub async fn precompute(conn: &mut AnyConnection, pairs: &[(i64, i64)]) -> Result<(), ApiError> {
    for (base, rev) in pairs {
        if base == rev || cached(conn, *base, *rev).await?.is_some() {
            continue;
        }
        if let Some(changes) = compute(conn, *base, *rev).await? {
            store(conn, *base, *rev, &changes).await?;
        }
    }
    Ok(())
}

/// Pairs to precompute when provider version `version_id` of `pacticipant_id`
/// gets a contract: from every version of it deployed or released anywhere.
pub async fn pairs_for_new_contract(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
) -> Result<Vec<(i64, i64)>, ApiError> {
    let bases: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT d.version_id FROM deployed_versions d JOIN provider_contracts pc ON pc.version_id = d.version_id \
         WHERE d.pacticipant_id = $1 AND d.currently_deployed = 1 \
         UNION SELECT DISTINCT r.version_id FROM released_versions r JOIN provider_contracts pc ON pc.version_id = r.version_id \
         WHERE r.pacticipant_id = $1 AND r.currently_supported = 1",
    )
    .bind(pacticipant_id)
    .fetch_all(conn)
    .await?;
    Ok(bases.into_iter().map(|b| (b, version_id)).collect())
}

/// Pairs to precompute when `version_id` is deployed: to the newest few
/// versions of the same application that have a contract.
pub async fn pairs_for_deployment(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
) -> Result<Vec<(i64, i64)>, ApiError> {
    let has: Option<i64> =
        sqlx::query_scalar("SELECT version_id FROM provider_contracts WHERE version_id = $1")
            .bind(version_id)
            .fetch_optional(&mut *conn)
            .await?;
    if has.is_none() {
        return Ok(Vec::new());
    }
    let revs: Vec<i64> = sqlx::query_scalar(
        "SELECT version_id FROM provider_contracts WHERE pacticipant_id = $1 AND version_id > $2 ORDER BY version_id DESC LIMIT 3",
    )
    .bind(pacticipant_id)
    .bind(version_id)
    .fetch_all(conn)
    .await?;
    Ok(revs.into_iter().map(|r| (version_id, r)).collect())
}
