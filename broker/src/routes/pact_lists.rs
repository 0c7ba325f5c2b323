//! Collections of pacts and the "latest" pact resources: the latest pact of
//! every integration (`/pacts/latest`), a provider's pacts (all, latest, by
//! consumer version tag or branch), the versions of one consumer's pact (all,
//! by tag, by branch), and the latest pact for a tag, a branch or no tag.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::Response;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

/// One pact publication with the names around it.
#[derive(Debug, Clone)]
pub struct Publication {
    pub consumer: String,
    pub consumer_id: i64,
    pub provider: String,
    pub version: String,
    pub version_id: i64,
    pub sha: String,
    pub content_id: i64,
    pub created_at: String,
}

/// The SELECT behind [`Publication`]; append `WHERE …` and `ORDER BY`.
pub const PUBLICATION_SELECT: &str =
    "SELECT pp.id, c.name AS consumer, pp.consumer_id, p.name AS provider, pp.provider_id, \
     v.number, pp.consumer_version_id, pc.sha, pp.pact_content_id, pp.created_at \
     FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
     JOIN pacticipants p ON p.id = pp.provider_id JOIN versions v ON v.id = pp.consumer_version_id \
     JOIN pact_contents pc ON pc.id = pp.pact_content_id";

impl Publication {
    pub fn from_row(r: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Publication {
            consumer: r.try_get(1)?,
            consumer_id: r.try_get(2)?,
            provider: r.try_get(3)?,
            version: r.try_get(5)?,
            version_id: r.try_get(6)?,
            sha: r.try_get(7)?,
            content_id: r.try_get(8)?,
            created_at: r.try_get(9)?,
        })
    }

    /// `/pacts/provider/P/consumer/C/version/V`.
    pub fn url(&self, base: &Base) -> String {
        base.url(&format!(
            "/pacts/provider/{}/consumer/{}/version/{}",
            seg(&self.provider),
            seg(&self.consumer),
            seg(&self.version)
        ))
    }

    pub fn title(&self) -> String {
        format!(
            "Pact between {} ({}) and {}",
            self.consumer, self.version, self.provider
        )
    }
}

/// Publications matching `where_sql` (binding `args` as text, in order).
pub async fn publications(
    conn: &mut AnyConnection,
    where_sql: &str,
    args: &[&str],
) -> Result<Vec<Publication>, ApiError> {
    let sql = format!(
        "{PUBLICATION_SELECT} WHERE {where_sql} ORDER BY pp.consumer_version_id DESC, c.name"
    );
    let mut q = sqlx::query(&sql);
    for a in args {
        q = q.bind(a.to_string());
    }
    let rows = q.fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(Publication::from_row)
        .collect::<Result<_, _>>()?)
}

/// Keep the newest publication per consumer (input is newest first).
fn latest_per_consumer(list: Vec<Publication>) -> Vec<Publication> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Publication> = list
        .into_iter()
        .filter(|p| seen.insert(p.consumer_id))
        .collect();
    out.sort_by(|a, b| a.consumer.cmp(&b.consumer));
    out
}

/// Condition selecting consumer versions on a branch (`$n` is the branch name).
fn on_branch(n: usize) -> String {
    format!(
        "pp.consumer_version_id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
         WHERE b.pacticipant_id = pp.consumer_id AND b.name = ${n})"
    )
}

/// Condition selecting consumer versions on their pacticipant's main branch.
const ON_MAIN_BRANCH: &str = "pp.consumer_version_id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
     WHERE b.pacticipant_id = pp.consumer_id AND b.name = c.main_branch)";

fn with_tag(n: usize) -> String {
    format!("pp.consumer_version_id IN (SELECT t.version_id FROM tags t WHERE t.name = ${n})")
}

/// A provider's collection: `_links.pb:pacts` (and the older `pacts`).
fn provider_collection(
    base: &Base,
    provider: &str,
    self_path: &str,
    title: &str,
    list: &[Publication],
) -> Value {
    let pacts: Vec<Value> = list
        .iter()
        .map(|p| json!({"href": p.url(base), "title": p.title(), "name": p.consumer}))
        .collect();
    let provider_url = base.url(&format!("/pacticipants/{}", seg(provider)));
    json!({
        "_links": {
            "self": {"href": base.url(self_path), "title": title},
            "pb:provider": {"href": provider_url, "name": provider, "title": provider},
            "provider": {"href": provider_url, "title": provider},
            "pb:pacts": pacts,
            "pacts": pacts,
        }
    })
}

/// One consumer's pact versions with a provider.
fn consumer_collection(
    base: &Base,
    provider: &str,
    consumer: &str,
    self_path: &str,
    title: &str,
    list: &[Publication],
) -> Value {
    let embedded: Vec<Value> = list
        .iter()
        .map(|p| {
            let version_url = base.url(&format!(
                "/pacticipants/{}/versions/{}",
                seg(&p.consumer),
                seg(&p.version)
            ));
            json!({
                "createdAt": p.created_at,
                "_embedded": {"consumerVersion": {
                    "number": p.version,
                    "_links": {"self": {"href": version_url, "title": "Version", "name": p.version}}
                }},
                "_links": {"self": {"href": p.url(base), "title": p.title()}}
            })
        })
        .collect();
    let versions: Vec<Value> = list
        .iter()
        .map(|p| {
            json!({
                "href": p.url(base),
                "title": "Pact",
                "name": format!("Version {} - {}", p.version, p.created_at.get(..10).unwrap_or(&p.created_at)),
            })
        })
        .collect();
    let pacts: Vec<Value> = list
        .iter()
        .map(|p| json!({"href": p.url(base), "title": p.title(), "name": p.consumer}))
        .collect();
    json!({
        "_embedded": {"pacts": embedded},
        "_links": {
            "self": {"href": base.url(self_path), "title": title},
            "consumer": {"href": base.url(&format!("/pacticipants/{}", seg(consumer))), "title": "Consumer", "name": consumer},
            "provider": {"href": base.url(&format!("/pacticipants/{}", seg(provider))), "title": "Provider", "name": provider},
            "pact-versions": versions,
            "pb:pacts": pacts,
        }
    })
}

async fn require_integration_parties(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: Option<&str>,
) -> Result<(), ApiError> {
    store::require_pacticipant(conn, provider).await?;
    if let Some(c) = consumer {
        store::require_pacticipant(conn, c).await?;
    }
    Ok(())
}

#[utoipa::path(get, path = "/pacts/latest", tag = "pacts", summary = "The latest pact of every integration", responses((status = 200, description = "The latest pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_pacts(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let sql = format!(
        "{PUBLICATION_SELECT} WHERE pp.consumer_version_id = (SELECT MAX(pp2.consumer_version_id) FROM pact_publications pp2 \
         WHERE pp2.consumer_id = pp.consumer_id AND pp2.provider_id = pp.provider_id) ORDER BY c.name, p.name"
    );
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let list: Vec<Publication> = rows
        .iter()
        .map(Publication::from_row)
        .collect::<Result<_, _>>()?;
    let pacts: Vec<Value> = list
        .iter()
        .map(|p| {
            json!({
                "createdAt": p.created_at,
                "_links": {"self": [
                    {"href": base.url(&format!("/pacts/provider/{}/consumer/{}/latest", seg(&p.provider), seg(&p.consumer)))},
                    {"href": p.url(&base)}
                ]},
                "_embedded": {
                    "consumer": {
                        "name": p.consumer,
                        "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&p.consumer))))},
                        "_embedded": {"version": {"number": p.version}}
                    },
                    "provider": {
                        "name": p.provider,
                        "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&p.provider))))}
                    }
                }
            })
        })
        .collect();
    Ok(ok(json!({
        "pacts": pacts,
        "_links": {"self": link(base.url("/pacts/latest"))}
    })))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}", tag = "pacts", summary = "Every pact version for a provider", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn provider_pacts(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = publications(&mut conn, "p.name = $1", &[&provider]).await?;
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}", seg(&provider)),
        &format!("All pact versions for the provider {provider}"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/latest", tag = "pacts", summary = "The latest pact from each consumer of a provider", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_provider_pacts(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = latest_per_consumer(publications(&mut conn, "p.name = $1", &[&provider]).await?);
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/latest", seg(&provider)),
        &format!("Latest pact versions for the provider {provider}"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/latest/{tag}", tag = "pacts", summary = "The latest pact with a consumer version tag from each consumer of a provider", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_provider_pacts_with_tag(
    State(state): State<AppState>,
    base: Base,
    Path((provider, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = latest_per_consumer(
        publications(
            &mut conn,
            &format!("p.name = $1 AND {}", with_tag(2)),
            &[&provider, &tag],
        )
        .await?,
    );
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/latest/{}", seg(&provider), seg(&tag)),
        &format!(
            "Latest pact versions for the provider {provider} with consumer version tag '{tag}'"
        ),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/tag/{tag}", tag = "pacts", summary = "Every pact version for a provider with a consumer version tag", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn provider_pacts_with_tag(
    State(state): State<AppState>,
    base: Base,
    Path((provider, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND {}", with_tag(2)),
        &[&provider, &tag],
    )
    .await?;
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/tag/{}", seg(&provider), seg(&tag)),
        &format!("All pact versions for the provider {provider} with consumer version tag '{tag}'"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/branch", tag = "pacts", summary = "Every pact version for a provider from its consumers' main branches", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn provider_pacts_main_branch(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND {ON_MAIN_BRANCH}"),
        &[&provider],
    )
    .await?;
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/branch", seg(&provider)),
        &format!("All pact versions for the provider {provider} from the consumers' main branches"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/branch/latest", tag = "pacts", summary = "The latest pact from each consumer's main branch for a provider", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_provider_pacts_main_branch(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = latest_per_consumer(
        publications(
            &mut conn,
            &format!("p.name = $1 AND {ON_MAIN_BRANCH}"),
            &[&provider],
        )
        .await?,
    );
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/branch/latest", seg(&provider)),
        &format!(
            "Latest pact versions for the provider {provider} from the consumers' main branches"
        ),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/branch/{branch}", tag = "pacts", summary = "Every pact version for a provider with a consumer version branch", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn provider_pacts_with_branch(
    State(state): State<AppState>,
    base: Base,
    Path((provider, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND {}", on_branch(2)),
        &[&provider, &branch],
    )
    .await?;
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/branch/{}", seg(&provider), seg(&branch)),
        &format!(
            "All pact versions for the provider {provider} with consumer version branch '{branch}'"
        ),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/branch/{branch}/latest", tag = "pacts", summary = "The latest pact from each consumer's branch for a provider", responses((status = 200, description = "The pacts", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_provider_pacts_with_branch(
    State(state): State<AppState>,
    base: Base,
    Path((provider, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, None).await?;
    let list = latest_per_consumer(
        publications(
            &mut conn,
            &format!("p.name = $1 AND {}", on_branch(2)),
            &[&provider, &branch],
        )
        .await?,
    );
    Ok(ok(provider_collection(
        &base,
        &provider,
        &format!("/pacts/provider/{}/branch/{}/latest", seg(&provider), seg(&branch)),
        &format!("Latest pact versions for the provider {provider} with consumer version branch '{branch}'"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/versions", tag = "pacts", summary = "Every version of the pact between a consumer and a provider", responses((status = 200, description = "The pact versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn pact_versions(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, Some(&consumer)).await?;
    let list = publications(
        &mut conn,
        "p.name = $1 AND c.name = $2",
        &[&provider, &consumer],
    )
    .await?;
    Ok(ok(consumer_collection(
        &base,
        &provider,
        &consumer,
        &format!(
            "/pacts/provider/{}/consumer/{}/versions",
            seg(&provider),
            seg(&consumer)
        ),
        &format!("All versions of the pact between {consumer} and {provider}"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}", tag = "pacts", summary = "Every version of a pact with a consumer version tag", responses((status = 200, description = "The pact versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn tagged_pact_versions(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, Some(&consumer)).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND c.name = $2 AND {}", with_tag(3)),
        &[&provider, &consumer, &tag],
    )
    .await?;
    Ok(ok(consumer_collection(
        &base,
        &provider,
        &consumer,
        &format!("/pacts/provider/{}/consumer/{}/tag/{}", seg(&provider), seg(&consumer), seg(&tag)),
        &format!("All versions of the pact between {consumer} and {provider} with consumer version tag '{tag}'"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/branch", tag = "pacts", summary = "Every version of a pact from the consumer's main branch", responses((status = 200, description = "The pact versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn main_branch_pact_versions(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, Some(&consumer)).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND c.name = $2 AND {ON_MAIN_BRANCH}"),
        &[&provider, &consumer],
    )
    .await?;
    Ok(ok(consumer_collection(
        &base,
        &provider,
        &consumer,
        &format!("/pacts/provider/{}/consumer/{}/branch", seg(&provider), seg(&consumer)),
        &format!("All versions of the pact between {consumer} and {provider} from the consumer's main branch"),
        &list,
    )))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}", tag = "pacts", summary = "Every version of a pact from a consumer branch", responses((status = 200, description = "The pact versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn branch_pact_versions(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, branch)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    require_integration_parties(&mut conn, &provider, Some(&consumer)).await?;
    let list = publications(
        &mut conn,
        &format!("p.name = $1 AND c.name = $2 AND {}", on_branch(3)),
        &[&provider, &consumer, &branch],
    )
    .await?;
    Ok(ok(consumer_collection(
        &base,
        &provider,
        &consumer,
        &format!("/pacts/provider/{}/consumer/{}/branch/{}", seg(&provider), seg(&consumer), seg(&branch)),
        &format!("All versions of the pact between {consumer} and {provider} from consumer branch '{branch}'"),
        &list,
    )))
}

/// A single latest pact as the pact document, with `X-Pact-Consumer-Version`.
async fn latest_document(
    conn: &mut AnyConnection,
    base: &Base,
    provider: &str,
    consumer: &str,
    condition: &str,
    args: &[&str],
    what: &str,
) -> Result<Response, ApiError> {
    let mut all: Vec<&str> = vec![provider, consumer];
    all.extend_from_slice(args);
    let list = publications(
        conn,
        &format!("p.name = $1 AND c.name = $2{condition}"),
        &all,
    )
    .await?;
    let p = list.into_iter().next().ok_or_else(|| {
        ApiError::not_found(format!("no pact between {consumer} and {provider}{what}"))
    })?;
    let doc = super::pacts::pact_document(conn, base, provider, consumer, &p.sha, Some(&p.version))
        .await?;
    let mut resp = crate::http::hal_text(axum::http::StatusCode::OK, doc.into_body());
    if let Ok(v) = HeaderValue::from_str(&p.version) {
        resp.headers_mut().insert("X-Pact-Consumer-Version", v);
    }
    Ok(resp)
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/latest", tag = "pacts", summary = "The latest pact between a consumer and a provider", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    latest_document(&mut conn, &base, &provider, &consumer, "", &[], "").await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}", tag = "pacts", summary = "The latest pact from a consumer version with a tag", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_tagged_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let cond = format!(" AND {}", with_tag(3));
    latest_document(
        &mut conn,
        &base,
        &provider,
        &consumer,
        &cond,
        &[&tag],
        &format!(" with consumer version tag '{tag}'"),
    )
    .await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/latest-untagged", tag = "pacts", summary = "The latest pact from a consumer version without tags", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_untagged_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let cond = " AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id)";
    latest_document(
        &mut conn,
        &base,
        &provider,
        &consumer,
        cond,
        &[],
        " from an untagged consumer version",
    )
    .await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/branch/latest", tag = "pacts", summary = "The latest pact from the consumer's main branch", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_main_branch_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let cond = format!(" AND {ON_MAIN_BRANCH}");
    latest_document(
        &mut conn,
        &base,
        &provider,
        &consumer,
        &cond,
        &[],
        " from the consumer's main branch",
    )
    .await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest", tag = "pacts", summary = "The latest pact from a consumer branch", responses((status = 200, description = "The pact with HAL links", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_branch_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, branch)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let cond = format!(" AND {}", on_branch(3));
    latest_document(
        &mut conn,
        &base,
        &provider,
        &consumer,
        &cond,
        &[&branch],
        &format!(" from consumer branch '{branch}'"),
    )
    .await
}
