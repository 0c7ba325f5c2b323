//! `GET /pacts/provider/{p}/provider-states[/branch/{b}|/environment/{env}]`:
//! the provider states that a provider's consumers use, each with the
//! consumers that use it (what `pact broker provider-states list` shows).

use super::pact_lists::{publications, Publication};
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// The states in one pact: `(name, params)` for every interaction and message.
pub fn states_of(pact: &Value) -> Vec<(String, Option<Value>)> {
    let mut out = Vec::new();
    for key in ["interactions", "messages"] {
        for i in pact
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = i.get("providerState").and_then(Value::as_str) {
                out.push((name.to_string(), None));
            }
            for s in i
                .get("providerStates")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = s.get("name").and_then(Value::as_str) {
                    let params = s
                        .get("params")
                        .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()))
                        .cloned();
                    out.push((name.to_string(), params));
                }
            }
        }
    }
    out
}

/// Newest publication per consumer, input newest first.
fn latest_per_consumer(list: Vec<Publication>) -> Vec<Publication> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|p| seen.insert(p.consumer_id))
        .collect()
}

async fn render(
    conn: &mut AnyConnection,
    base: &Base,
    self_path: &str,
    pubs: &[Publication],
) -> Result<Value, ApiError> {
    let mut states: BTreeMap<(String, String), (Option<Value>, Vec<String>)> = BTreeMap::new();
    for p in pubs {
        let content: String = sqlx::query_scalar("SELECT content FROM pact_contents WHERE id = $1")
            .bind(p.content_id)
            .fetch_one(&mut *conn)
            .await?;
        let pact: Value = serde_json::from_str(&content).unwrap_or(Value::Null);
        for (name, params) in states_of(&pact) {
            let key = (
                name,
                params.as_ref().map(Value::to_string).unwrap_or_default(),
            );
            let entry = states.entry(key).or_insert_with(|| (params, Vec::new()));
            if !entry.1.contains(&p.consumer) {
                entry.1.push(p.consumer.clone());
            }
        }
    }
    let list: Vec<Value> = states
        .into_iter()
        .map(|((name, _), (params, mut consumers))| {
            consumers.sort();
            let mut s = json!({"name": name, "consumers": consumers});
            if let Some(p) = params {
                s["params"] = p;
            }
            s
        })
        .collect();
    Ok(json!({"providerStates": list, "_links": {"self": {"href": base.url(self_path)}}}))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/provider-states", tag = "pacts", summary = "Provider states used by the latest pacts of the consumers' main branches (the latest pact when a consumer has no main branch)", responses((status = 200, description = "The provider states", body = HalDocument, content_type = "application/hal+json")))]
pub async fn main_branch(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    store::require_pacticipant(&mut conn, &provider).await?;
    let on_main = publications(
        &mut conn,
        "p.name = $1 AND pp.consumer_version_id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
         WHERE b.pacticipant_id = pp.consumer_id AND b.name = c.main_branch)",
        &[&provider],
    )
    .await?;
    let without_main = publications(
        &mut conn,
        "p.name = $1 AND c.main_branch IS NULL",
        &[&provider],
    )
    .await?;
    let mut pubs = latest_per_consumer(on_main);
    pubs.extend(latest_per_consumer(without_main));
    let path = format!("/pacts/provider/{}/provider-states", seg(&provider));
    Ok(ok(render(&mut conn, &base, &path, &pubs).await?))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/provider-states/branch/{branch}", tag = "pacts", summary = "Provider states used by the latest pacts from a consumer branch", responses((status = 200, description = "The provider states", body = HalDocument, content_type = "application/hal+json")))]
pub async fn for_branch(
    State(state): State<AppState>,
    base: Base,
    Path((provider, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    store::require_pacticipant(&mut conn, &provider).await?;
    let pubs = latest_per_consumer(
        publications(
            &mut conn,
            "p.name = $1 AND pp.consumer_version_id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
             WHERE b.pacticipant_id = pp.consumer_id AND b.name = $2)",
            &[&provider, &branch],
        )
        .await?,
    );
    let path = format!(
        "/pacts/provider/{}/provider-states/branch/{}",
        seg(&provider),
        seg(&branch)
    );
    Ok(ok(render(&mut conn, &base, &path, &pubs).await?))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/provider-states/environment/{environment}", tag = "pacts", summary = "Provider states used by the pacts of consumer versions deployed or released to an environment", responses((status = 200, description = "The provider states", body = HalDocument, content_type = "application/hal+json")))]
pub async fn for_environment(
    State(state): State<AppState>,
    base: Base,
    Path((provider, environment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    store::require_pacticipant(&mut conn, &provider).await?;
    let env = store::require_environment(&mut conn, &environment).await?;
    let env_id = env.id.to_string();
    let pubs = publications(
        &mut conn,
        "p.name = $1 AND (pp.consumer_version_id IN (SELECT d.version_id FROM deployed_versions d WHERE d.currently_deployed = 1 AND CAST(d.environment_id AS TEXT) = $2) \
         OR pp.consumer_version_id IN (SELECT r.version_id FROM released_versions r WHERE r.currently_supported = 1 AND CAST(r.environment_id AS TEXT) = $2))",
        &[&provider, &env_id],
    )
    .await?;
    let path = format!(
        "/pacts/provider/{}/provider-states/environment/{}",
        seg(&provider),
        seg(&environment)
    );
    Ok(ok(render(&mut conn, &base, &path, &pubs).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_come_from_every_specification_version() {
        let v2 = json!({"interactions": [{"providerState": "a"}, {"description": "none"}]});
        assert_eq!(states_of(&v2), vec![("a".to_string(), None)]);
        let v3 = json!({"interactions": [{"providerStates": [{"name": "b", "params": {"id": 1}}, {"name": "c", "params": {}}]}],
                        "messages": [{"providerStates": [{"name": "d"}]}]});
        let s = states_of(&v3);
        assert_eq!(s[0], ("b".to_string(), Some(json!({"id": 1}))));
        assert_eq!(s[1], ("c".to_string(), None));
        assert_eq!(s[2].0, "d");
    }
}
