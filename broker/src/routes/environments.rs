//! Environments, and the deployments and releases recorded into them.

use super::{link, templated};
use crate::api_doc::{EmptyObject, HalDocument};
use crate::db::{new_uuid, now};
use crate::error::ApiError;
use crate::http::{created, ok, seg, validate_name, Base, JsonBody};
use crate::store::{self, Environment};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

fn env_json(base: &Base, e: &Environment) -> Value {
    let me = base.url(&format!("/environments/{}", e.uuid));
    json!({
        "uuid": e.uuid,
        "name": e.name,
        "displayName": e.display_name.clone().unwrap_or_else(|| e.name.clone()),
        "production": e.production,
        "contacts": e.contacts.as_deref().and_then(|c| serde_json::from_str::<Value>(c).ok()).unwrap_or(json!([])),
        "createdAt": e.created_at,
        "_links": {
            "self": {"href": me.clone(), "title": "Environment", "name": e.name},
            "pb:currently-deployed-deployed-versions": {"href": format!("{me}/deployed-versions/currently-deployed"), "title": "Versions currently deployed to this environment"},
            "pb:currently-deployed-versions": {"href": format!("{me}/deployed-versions/currently-deployed"), "title": "Versions currently deployed to this environment"},
            "pb:currently-supported-released-versions": {"href": format!("{me}/released-versions/currently-supported"), "title": "Versions released and supported in this environment"},
            "pb:environments": link(base.url("/environments")),
        }
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvBody {
    name: Option<String>,
    display_name: Option<String>,
    production: Option<bool>,
    #[serde(default)]
    contacts: Option<Value>,
    #[serde(default)]
    uuid: Option<String>,
}

#[utoipa::path(get, path = "/environments", tag = "environments", summary = "Environments", responses((status = 200, description = "The environments", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(
    State(state): State<AppState>,
    base: Base,
    uri: axum::http::Uri,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let wanted = uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "name")
            .map(|(_, v)| v.into_owned())
    });
    let envs: Vec<Value> = store::list_environments(&mut conn)
        .await?
        .iter()
        .filter(|e| wanted.as_ref().is_none_or(|n| &e.name == n))
        .map(|e| env_json(&base, e))
        .collect();
    let env_links: Vec<Value> = envs
        .iter()
        .map(|e| json!({"href": e["_links"]["self"]["href"], "title": "Environment", "name": e["name"]}))
        .collect();
    Ok(ok(json!({
        "_embedded": {"environments": envs},
        "_links": {
            "self": link(base.url("/environments")),
            "pb:environments": env_links,
            "pb:environment": templated(base.url("/environments/{uuid}"), "Environment"),
        }
    })))
}

#[utoipa::path(post, path = "/environments", tag = "environments", summary = "Create an environment", request_body(content = EnvBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create(
    State(state): State<AppState>,
    base: Base,
    JsonBody(body): JsonBody<EnvBody>,
) -> Result<Response, ApiError> {
    let name = body
        .name
        .clone()
        .ok_or_else(|| ApiError::invalid_field("name", "`name` is required"))?;
    validate_name("environment", &name)?;
    if name.contains(char::is_whitespace) {
        return Err(ApiError::invalid_field(
            "name",
            format!("environment name `{name}` must not contain spaces"),
        ));
    }
    let production = body.production.ok_or_else(|| {
        ApiError::invalid_field("production", "`production` (true or false) is required")
    })?;
    let uuid = match &body.uuid {
        Some(u) => {
            validate_name("environment", u)?;
            u.clone()
        }
        None => new_uuid(),
    };
    let mut tx = state.db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO environments (uuid, name, display_name, production, contacts, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&uuid)
    .bind(&name)
    .bind(body.display_name.clone())
    .bind(i64::from(production))
    .bind(body.contacts.as_ref().map(Value::to_string))
    .bind(now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(format!(
            "an environment named `{name}` (or with that uuid) already exists"
        ))
        .with(
            "errors",
            json!({"name": [format!("Another environment with name '{name}' already exists.")]}),
        ));
    }
    let env = store::require_environment(&mut tx, &uuid).await?;
    tx.commit().await?;
    Ok(created(
        &base.url(&format!("/environments/{uuid}")),
        env_json(&base, &env),
    ))
}

#[utoipa::path(get, path = "/environments/{environment}", tag = "environments", summary = "An environment, by UUID or name", responses((status = 200, description = "The environment", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    base: Base,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let env = store::require_environment(&mut conn, &id).await?;
    Ok(ok(env_json(&base, &env)))
}

#[utoipa::path(put, path = "/environments/{environment}", tag = "environments", summary = "Update an environment", request_body(content = EnvBody, content_type = "application/json"), responses((status = 200, description = "Updated", body = HalDocument, content_type = "application/hal+json")))]
pub async fn update(
    State(state): State<AppState>,
    base: Base,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<EnvBody>,
) -> Result<Response, ApiError> {
    if let Some(n) = &body.name {
        validate_name("environment", n)?;
    }
    let mut tx = state.db.begin_write().await?;
    let env = store::require_environment(&mut tx, &id).await?;
    sqlx::query(
        "UPDATE environments SET name = COALESCE($1, name), display_name = COALESCE($2, display_name), \
         production = COALESCE($3, production), contacts = COALESCE($4, contacts) WHERE id = $5",
    )
    .bind(body.name.clone())
    .bind(body.display_name.clone())
    .bind(body.production.map(i64::from))
    .bind(body.contacts.as_ref().map(Value::to_string))
    .bind(env.id)
    .execute(&mut **tx)
    .await?;
    let env = store::require_environment(&mut tx, &env.uuid).await?;
    tx.commit().await?;
    Ok(ok(env_json(&base, &env)))
}

#[utoipa::path(delete, path = "/environments/{environment}", tag = "environments", summary = "Delete an environment", responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let env = store::require_environment(&mut tx, &id).await?;
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM deployed_versions WHERE environment_id = $1) + (SELECT COUNT(*) FROM released_versions WHERE environment_id = $1)",
    )
    .bind(env.id)
    .fetch_one(&mut **tx)
    .await?;
    if used > 0 {
        return Err(ApiError::conflict(format!(
            "environment `{}` has {used} recorded deployments or releases; it cannot be deleted",
            env.name
        )));
    }
    sqlx::query("DELETE FROM environments WHERE id = $1")
        .bind(env.id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(axum::response::IntoResponse::into_response(
        StatusCode::NO_CONTENT,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeployBody {
    application_instance: Option<String>,
    target: Option<String>,
}

struct Deployed {
    uuid: String,
    pacticipant: String,
    version: String,
    env: Environment,
    instance: String,
    current: bool,
    created_at: String,
    ended_at: Option<String>,
}

async fn load_deployed(
    conn: &mut AnyConnection,
    table: &str,
    uuid: &str,
) -> Result<Deployed, ApiError> {
    let (instance, current, ended) = if table == "deployed_versions" {
        (
            "d.application_instance",
            "d.currently_deployed",
            "d.undeployed_at",
        )
    } else {
        ("''", "d.currently_supported", "d.support_ended_at")
    };
    let sql = format!(
        "SELECT d.uuid, p.name, v.number, e.uuid AS env_uuid, {instance} AS instance, {current} AS cur, d.created_at, {ended} AS ended \
         FROM {table} d JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id \
         JOIN environments e ON e.id = d.environment_id WHERE d.uuid = $1"
    );
    let row = sqlx::query(&sql)
        .bind(uuid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no {} `{uuid}`",
                table.replace('_', " ").trim_end_matches('s')
            ))
        })?;
    let env_uuid: String = row.try_get("env_uuid")?;
    Ok(Deployed {
        uuid: row.try_get(0)?,
        pacticipant: row.try_get(1)?,
        version: row.try_get(2)?,
        env: store::require_environment(conn, &env_uuid).await?,
        instance: row.try_get("instance")?,
        current: row.try_get::<i64, _>("cur")? != 0,
        created_at: row.try_get("created_at")?,
        ended_at: row.try_get("ended")?,
    })
}

fn deployed_json(base: &Base, d: &Deployed, released: bool) -> Value {
    let (path, flag, ended) = if released {
        ("released-versions", "currentlySupported", "supportEndedAt")
    } else {
        ("deployed-versions", "currentlyDeployed", "undeployedAt")
    };
    let mut v = json!({
        "uuid": d.uuid,
        flag: d.current,
        "createdAt": d.created_at,
        ended: d.ended_at,
        "_embedded": {
            "version": {"number": d.version, "_links": {"self": link(base.url(&format!("/pacticipants/{}/versions/{}", seg(&d.pacticipant), seg(&d.version))))}},
            "pacticipant": {"name": d.pacticipant, "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&d.pacticipant))))}},
            "environment": env_json(base, &d.env),
        },
        "_links": {
            "self": link(base.url(&format!("/{path}/{}", d.uuid))),
            "pb:version": link(base.url(&format!("/pacticipants/{}/versions/{}", seg(&d.pacticipant), seg(&d.version)))),
            "pb:environment": link(base.url(&format!("/environments/{}", d.env.uuid))),
        }
    });
    if !released {
        let inst = (!d.instance.is_empty()).then(|| d.instance.clone());
        v["applicationInstance"] = json!(inst);
        v["target"] = json!(inst);
    }
    v
}

async fn version_and_env(
    conn: &mut AnyConnection,
    pacticipant: &str,
    number: &str,
    env: &str,
) -> Result<(i64, i64, Environment), ApiError> {
    let p = store::require_pacticipant(conn, pacticipant).await?;
    let v = store::find_version(conn, p.id, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{pacticipant} has no version `{number}`")))?;
    let e = store::require_environment(conn, env).await?;
    Ok((p.id, v.id, e))
}

/// Record a deployment; it replaces the previous deployment of this
/// pacticipant to the same environment and application instance.
#[utoipa::path(post, path = "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environment}", tag = "deployments", summary = "Record a deployment", request_body(content = Option<DeployBody>, content_type = "application/json"), responses((status = 201, description = "Recorded", body = HalDocument, content_type = "application/hal+json")))]
pub async fn record_deployment(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, number, env)): Path<(String, String, String)>,
    JsonBody(body): JsonBody<DeployBody>,
) -> Result<Response, ApiError> {
    let instance = body
        .application_instance
        .or(body.target)
        .unwrap_or_default();
    if !instance.is_empty() {
        validate_name("applicationInstance", &instance)?;
    }
    let mut tx = state.db.begin_write().await?;
    let (pid, vid, e) = version_and_env(&mut tx, &pacticipant, &number, &env).await?;
    // Two replicas recording deployments of one pacticipant at once would
    // each undeploy the others' *committed* rows and then both insert:
    // two versions currently deployed. Locking the pacticipant's row (a
    // no-op update: a row lock on PostgreSQL until commit; SQLite has one
    // writer anyway) makes the second wait and then see the first.
    sqlx::query("UPDATE pacticipants SET name = name WHERE id = $1")
        .bind(pid)
        .execute(&mut **tx)
        .await?;
    let ts = now();
    sqlx::query(
        "UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = $1 \
         WHERE pacticipant_id = $2 AND environment_id = $3 AND application_instance = $4 AND currently_deployed = 1 AND version_id <> $5",
    )
    .bind(&ts)
    .bind(pid)
    .bind(e.id)
    .bind(&instance)
    .bind(vid)
    .execute(&mut **tx)
    .await?;
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT uuid FROM deployed_versions WHERE version_id = $1 AND environment_id = $2 AND application_instance = $3 AND currently_deployed = 1",
    )
    .bind(vid)
    .bind(e.id)
    .bind(&instance)
    .fetch_optional(&mut **tx)
    .await?;
    let uuid = match existing {
        Some(u) => u,
        None => {
            let u = new_uuid();
            sqlx::query(
                "INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, currently_deployed, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6)",
            )
            .bind(&u)
            .bind(vid)
            .bind(pid)
            .bind(e.id)
            .bind(&instance)
            .bind(&ts)
            .execute(&mut **tx)
            .await?;
            u
        }
    };
    // The gate's evidence: the database now has this version's migrations
    // (for good: a rollback does not un-apply them), and API diffs from this
    // version to newer ones are precomputed. Never refuses (as in the Pact Broker).
    crate::gate::migrations::on_deployment(&mut tx, e.id, vid).await?;
    let pairs = crate::gate::api_diff::pairs_for_deployment(&mut tx, pid, vid).await?;
    crate::gate::api_diff::precompute(&mut tx, &pairs).await?;
    let d = load_deployed(&mut tx, "deployed_versions", &uuid).await?;
    tx.commit().await?;
    Ok(created(
        &base.url(&format!("/deployed-versions/{uuid}")),
        deployed_json(&base, &d, false),
    ))
}

/// Record a release; releases accumulate.
#[utoipa::path(post, path = "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environment}", tag = "releases", summary = "Record a release", request_body(content = Option<EmptyObject>, content_type = "application/json"), responses((status = 200, description = "Already released", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Recorded", body = HalDocument, content_type = "application/hal+json")))]
pub async fn record_release(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, number, env)): Path<(String, String, String)>,
    JsonBody(_body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let (pid, vid, e) = version_and_env(&mut tx, &pacticipant, &number, &env).await?;
    let u = new_uuid();
    sqlx::query(
        "INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, currently_supported, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (version_id, environment_id) \
         DO UPDATE SET currently_supported = 1, support_ended_at = NULL",
    )
    .bind(&u)
    .bind(vid)
    .bind(pid)
    .bind(e.id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let uuid: String = sqlx::query_scalar(
        "SELECT uuid FROM released_versions WHERE version_id = $1 AND environment_id = $2",
    )
    .bind(vid)
    .bind(e.id)
    .fetch_one(&mut **tx)
    .await?;
    let d = load_deployed(&mut tx, "released_versions", &uuid).await?;
    tx.commit().await?;
    Ok(created(
        &base.url(&format!("/released-versions/{uuid}")),
        deployed_json(&base, &d, true),
    ))
}

async fn list_for_version(
    state: &AppState,
    base: &Base,
    table: &str,
    pacticipant: &str,
    number: &str,
    env: &str,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, vid, e) = version_and_env(&mut conn, pacticipant, number, env).await?;
    let uuids: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT uuid FROM {table} WHERE version_id = $1 AND environment_id = $2 ORDER BY id"
    ))
    .bind(vid)
    .bind(e.id)
    .fetch_all(&mut *conn)
    .await?;
    let released = table == "released_versions";
    let mut list = Vec::new();
    for u in uuids {
        list.push(deployed_json(
            base,
            &load_deployed(&mut conn, table, &u).await?,
            released,
        ));
    }
    let key = if released {
        "releasedVersions"
    } else {
        "deployedVersions"
    };
    Ok(ok(json!({"_embedded": {key: list}, "_links": {}})))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environment}", tag = "deployments", summary = "The deployments of a version to an environment", responses((status = 200, description = "The deployments", body = HalDocument, content_type = "application/hal+json")))]
pub async fn version_deployments(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, e)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    list_for_version(&state, &base, "deployed_versions", &p, &v, &e).await
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environment}", tag = "releases", summary = "The releases of a version to an environment", responses((status = 200, description = "The releases", body = HalDocument, content_type = "application/hal+json")))]
pub async fn version_releases(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, e)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    list_for_version(&state, &base, "released_versions", &p, &v, &e).await
}

async fn currently(
    state: &AppState,
    base: &Base,
    env: &str,
    released: bool,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let e = store::require_environment(&mut conn, env).await?;
    let (table, flag) = if released {
        ("released_versions", "currently_supported")
    } else {
        ("deployed_versions", "currently_deployed")
    };
    let uuids: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT uuid FROM {table} WHERE environment_id = $1 AND {flag} = 1 ORDER BY id"
    ))
    .bind(e.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut list = Vec::new();
    for u in uuids {
        list.push(deployed_json(
            base,
            &load_deployed(&mut conn, table, &u).await?,
            released,
        ));
    }
    let (key, path) = if released {
        ("releasedVersions", "released-versions/currently-supported")
    } else {
        ("deployedVersions", "deployed-versions/currently-deployed")
    };
    Ok(ok(json!({
        "_embedded": {key: list},
        "_links": {"self": link(base.url(&format!("/environments/{}/{path}", e.uuid)))}
    })))
}

#[utoipa::path(get, path = "/environments/{environment}/deployed-versions/currently-deployed", tag = "deployments", summary = "The versions currently deployed to an environment", responses((status = 200, description = "The deployments", body = HalDocument, content_type = "application/hal+json")))]
pub async fn currently_deployed(
    State(state): State<AppState>,
    base: Base,
    Path(env): Path<String>,
) -> Result<Response, ApiError> {
    currently(&state, &base, &env, false).await
}

#[utoipa::path(get, path = "/environments/{environment}/released-versions/currently-supported", tag = "releases", summary = "The released versions currently supported in an environment", responses((status = 200, description = "The releases", body = HalDocument, content_type = "application/hal+json")))]
pub async fn currently_supported(
    State(state): State<AppState>,
    base: Base,
    Path(env): Path<String>,
) -> Result<Response, ApiError> {
    currently(&state, &base, &env, true).await
}

#[utoipa::path(get, path = "/deployed-versions/{uuid}", tag = "deployments", summary = "A deployment", responses((status = 200, description = "The deployment", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_deployed(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(ok(deployed_json(
        &base,
        &load_deployed(&mut conn, "deployed_versions", &uuid).await?,
        false,
    )))
}

#[utoipa::path(get, path = "/released-versions/{uuid}", tag = "releases", summary = "A release", responses((status = 200, description = "The release", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_released(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(ok(deployed_json(
        &base,
        &load_deployed(&mut conn, "released_versions", &uuid).await?,
        true,
    )))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeployedPatch {
    currently_deployed: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReleasedPatch {
    currently_supported: Option<bool>,
}

/// `PATCH /deployed-versions/{uuid}` with `{"currentlyDeployed": false}`: record an undeployment.
#[utoipa::path(patch, path = "/deployed-versions/{uuid}", tag = "deployments", summary = "Record an undeployment (`currentlyDeployed: false`)", request_body(content = DeployedPatch, content_type = "application/json"), responses((status = 200, description = "Updated", body = HalDocument, content_type = "application/hal+json")))]
pub async fn patch_deployed(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    JsonBody(body): JsonBody<DeployedPatch>,
) -> Result<Response, ApiError> {
    match body.currently_deployed {
        Some(false) => {}
        Some(true) => {
            return Err(ApiError::invalid_field(
                "currentlyDeployed",
                "a deployment cannot be set back to currently deployed; record a new deployment",
            ))
        }
        None => {
            return Err(ApiError::invalid_field(
                "currentlyDeployed",
                "send {\"currentlyDeployed\": false}",
            ))
        }
    }
    let mut tx = state.db.begin_write().await?;
    load_deployed(&mut tx, "deployed_versions", &uuid).await?;
    sqlx::query("UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = COALESCE(undeployed_at, $1) WHERE uuid = $2")
        .bind(now())
        .bind(&uuid)
        .execute(&mut **tx)
        .await?;
    let d = load_deployed(&mut tx, "deployed_versions", &uuid).await?;
    tx.commit().await?;
    Ok(ok(deployed_json(&base, &d, false)))
}

/// `PATCH /released-versions/{uuid}` with `{"currentlySupported": false}`: record support ended.
#[utoipa::path(patch, path = "/released-versions/{uuid}", tag = "releases", summary = "Record the end of support (`currentlySupported: false`)", request_body(content = ReleasedPatch, content_type = "application/json"), responses((status = 200, description = "Updated", body = HalDocument, content_type = "application/hal+json")))]
pub async fn patch_released(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    JsonBody(body): JsonBody<ReleasedPatch>,
) -> Result<Response, ApiError> {
    match body.currently_supported {
        Some(false) => {}
        Some(true) => {
            return Err(ApiError::invalid_field(
                "currentlySupported",
                "support cannot be restarted here; record a new release",
            ))
        }
        None => {
            return Err(ApiError::invalid_field(
                "currentlySupported",
                "send {\"currentlySupported\": false}",
            ))
        }
    }
    let mut tx = state.db.begin_write().await?;
    load_deployed(&mut tx, "released_versions", &uuid).await?;
    sqlx::query("UPDATE released_versions SET currently_supported = 0, support_ended_at = COALESCE(support_ended_at, $1) WHERE uuid = $2")
        .bind(now())
        .bind(&uuid)
        .execute(&mut **tx)
        .await?;
    let d = load_deployed(&mut tx, "released_versions", &uuid).await?;
    tx.commit().await?;
    Ok(ok(deployed_json(&base, &d, true)))
}
