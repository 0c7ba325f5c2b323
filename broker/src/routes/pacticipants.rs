//! Pacticipants, versions, branches, branch versions and tags.

use super::{link, link_named, templated};
use crate::api_doc::{EmptyObject, HalDocument};
use crate::error::ApiError;
use crate::http::{created, ok, seg, validate_name, Base, JsonBody};
use crate::store::{self, Pacticipant, Version};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

pub fn pacticipant_json(base: &Base, p: &Pacticipant) -> Value {
    let me = base.url(&format!("/pacticipants/{}", seg(&p.name)));
    json!({
        "name": p.name,
        "displayName": p.display_name.clone().unwrap_or_else(|| p.name.clone()),
        "mainBranch": p.main_branch,
        "repositoryUrl": p.repository_url,
        "createdAt": p.created_at,
        "_links": {
            "self": link(me.clone()),
            "pb:versions": link(format!("{me}/versions")),
            "pb:version": templated(format!("{me}/versions/{{version}}"), "Version"),
            "pb:version-tag": templated(format!("{me}/versions/{{version}}/tags/{{tag}}"), "Version tag"),
            "pb:branch-version": templated(format!("{me}/branches/{{branch}}/versions/{{version}}"), "Branch version"),
            "pb:branches": link(format!("{me}/branches")),
            "pb:latest-version": link(format!("{me}/latest-version")),
        }
    })
}

/// The version resource, with record-deployment/record-release links for every environment.
pub async fn version_json(
    conn: &mut AnyConnection,
    base: &Base,
    p: &Pacticipant,
    v: &Version,
) -> Result<Value, ApiError> {
    let pme = base.url(&format!("/pacticipants/{}", seg(&p.name)));
    let me = format!("{pme}/versions/{}", seg(&v.number));
    let branches = store::version_branches(conn, v.id).await?;
    let tags = store::version_tags(conn, v.id).await?;
    let envs = store::list_environments(conn).await?;
    let deployed = sqlx::query(
        "SELECT e.name, e.display_name, d.application_instance, d.currently_deployed FROM deployed_versions d \
         JOIN environments e ON e.id = d.environment_id WHERE d.version_id = $1 ORDER BY d.id",
    )
    .bind(v.id)
    .fetch_all(&mut *conn)
    .await?;
    let released = sqlx::query(
        "SELECT e.name, r.currently_supported FROM released_versions r \
         JOIN environments e ON e.id = r.environment_id WHERE r.version_id = $1 ORDER BY r.id",
    )
    .bind(v.id)
    .fetch_all(&mut *conn)
    .await?;
    let pacts = sqlx::query(
        "SELECT pr.name FROM pact_publications pp JOIN pacticipants pr ON pr.id = pp.provider_id WHERE pp.consumer_version_id = $1 ORDER BY pr.name",
    )
    .bind(v.id)
    .fetch_all(&mut *conn)
    .await?;
    let branch_versions: Vec<Value> = branches
        .iter()
        .map(|b| {
            json!({
                "name": b,
                "latest": true,
                "_links": {"self": {"href": format!("{pme}/branches/{}/versions/{}", seg(b), seg(&v.number)), "title": "Branch version", "name": b}}
            })
        })
        .collect();
    let tag_list: Vec<Value> = tags
        .iter()
        .map(|t| json!({"name": t, "_links": {"self": link(format!("{me}/tags/{}", seg(t)))}}))
        .collect();
    let record_deployment: Vec<Value> = envs
        .iter()
        .map(|e| {
            link_named(
                format!("{me}/deployed-versions/environment/{}", e.uuid),
                &format!(
                    "Record deployment to {}",
                    e.display_name.as_deref().unwrap_or(&e.name)
                ),
                &e.name,
            )
        })
        .collect();
    let record_release: Vec<Value> = envs
        .iter()
        .map(|e| {
            link_named(
                format!("{me}/released-versions/environment/{}", e.uuid),
                &format!(
                    "Record release to {}",
                    e.display_name.as_deref().unwrap_or(&e.name)
                ),
                &e.name,
            )
        })
        .collect();
    let deployed_envs: Vec<Value> = deployed
        .iter()
        .filter_map(|r| {
            Some(json!({
                "name": r.try_get::<String, _>(0).ok()?,
                "applicationInstance": r.try_get::<String, _>(2).ok().filter(|s| !s.is_empty()),
                "currentlyDeployed": r.try_get::<i64, _>(3).ok()? != 0,
            }))
        })
        .collect();
    let released_envs: Vec<Value> = released
        .iter()
        .filter_map(|r| {
            Some(json!({
                "name": r.try_get::<String, _>(0).ok()?,
                "currentlySupported": r.try_get::<i64, _>(1).ok()? != 0,
            }))
        })
        .collect();
    let pact_links: Vec<Value> = pacts
        .iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok())
        .map(|provider| {
            link_named(
                base.url(&format!(
                    "/pacts/provider/{}/consumer/{}/version/{}",
                    seg(&provider),
                    seg(&p.name),
                    seg(&v.number)
                )),
                &format!("Pact between {} ({}) and {provider}", p.name, v.number),
                &provider,
            )
        })
        .collect();
    Ok(json!({
        "number": v.number,
        "buildUrl": v.build_url,
        "createdAt": v.created_at,
        "branches": branches.iter().map(|b| json!({"name": b})).collect::<Vec<_>>(),
        "_embedded": {
            "branchVersions": branch_versions,
            "tags": tag_list,
        },
        "_links": {
            "self": {"href": me.clone(), "title": "Version", "name": v.number},
            "pb:pacticipant": {"href": pme, "title": "Pacticipant", "name": p.name},
            "pb:tag": templated(format!("{me}/tags/{{tag}}"), "Get, create or delete a tag for this pacticipant version"),
            "pb:pact-versions": pact_links,
            "pb:deployed-environments": deployed_envs,
            "pb:released-environments": released_envs,
            "pb:record-deployment": record_deployment,
            "pb:record-release": record_release,
        }
    }))
}

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(rename = "pageNumber")]
    page_number: Option<u32>,
    #[serde(rename = "pageSize")]
    page_size: Option<u32>,
}

impl Page {
    fn limits(&self) -> (i64, i64) {
        let size = self.page_size.unwrap_or(100).clamp(1, 1000) as i64;
        let number = self.page_number.unwrap_or(1).max(1) as i64;
        (size, (number - 1) * size)
    }
}

#[utoipa::path(get, path = "/pacticipants", tag = "pacticipants", summary = "Pacticipants", responses((status = 200, description = "The pacticipants", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(
    State(state): State<AppState>,
    base: Base,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let (limit, offset) = page.limits();
    let sql = format!(
        "SELECT {} FROM pacticipants ORDER BY name LIMIT $1 OFFSET $2",
        Pacticipant::COLUMNS
    );
    let rows = sqlx::query(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(&state.db.pool)
        .await?;
    let list: Vec<Value> = rows
        .iter()
        .map(|r| Pacticipant::from_row(r).map(|p| pacticipant_json(&base, &p)))
        .collect::<Result<_, _>>()?;
    Ok(ok(json!({
        "_embedded": {"pacticipants": list},
        "_links": {"self": link(base.url("/pacticipants"))}
    })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PacticipantBody {
    name: Option<String>,
    display_name: Option<String>,
    main_branch: Option<String>,
    repository_url: Option<String>,
    #[serde(default, rename = "_links")]
    _links: Option<Value>,
    #[serde(default)]
    repository_name: Option<String>,
    #[serde(default)]
    repository_namespace: Option<String>,
}

#[utoipa::path(post, path = "/pacticipants", tag = "pacticipants", summary = "Create a pacticipant", request_body(content = PacticipantBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create(
    State(state): State<AppState>,
    base: Base,
    JsonBody(body): JsonBody<PacticipantBody>,
) -> Result<Response, ApiError> {
    let name = body
        .name
        .clone()
        .ok_or_else(|| ApiError::invalid_field("name", "`name` is required"))?;
    upsert(state, base, name, body).await
}

#[utoipa::path(method(put, patch), path = "/pacticipants/{pacticipant}", tag = "pacticipants", summary = "Create or update a pacticipant", request_body(content = PacticipantBody, content_type = "application/json"), responses((status = 200, description = "Updated", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn update(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    JsonBody(body): JsonBody<PacticipantBody>,
) -> Result<Response, ApiError> {
    upsert(state, base, name, body).await
}

async fn upsert(
    state: AppState,
    base: Base,
    name: String,
    body: PacticipantBody,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &name)?;
    if let Some(b) = &body.main_branch {
        validate_name("branch", b)?;
    }
    let _ = (&body.repository_name, &body.repository_namespace);
    let mut tx = state.db.begin_write().await?;
    let existed = store::find_pacticipant(&mut tx, &name).await?.is_some();
    let id = store::upsert_pacticipant(&mut tx, &name).await?;
    sqlx::query(
        "UPDATE pacticipants SET display_name = COALESCE($1, display_name), main_branch = COALESCE($2, main_branch), \
         repository_url = COALESCE($3, repository_url) WHERE id = $4",
    )
    .bind(body.display_name)
    .bind(body.main_branch)
    .bind(body.repository_url)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    tx.commit().await?;
    let body = pacticipant_json(&base, &p);
    if existed {
        Ok(ok(body))
    } else {
        Ok(created(
            &base.url(&format!("/pacticipants/{}", seg(&name))),
            body,
        ))
    }
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}", tag = "pacticipants", summary = "A pacticipant", responses((status = 200, description = "The pacticipant", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    Ok(ok(pacticipant_json(&base, &p)))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions", tag = "versions", summary = "The versions of a pacticipant, newest first", responses((status = 200, description = "The versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn versions(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let (limit, offset) = page.limits();
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let sql = format!(
        "SELECT {} FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
        Version::COLUMNS
    );
    let rows = sqlx::query(&sql)
        .bind(p.id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    let mut list = Vec::new();
    for r in &rows {
        let v = Version::from_row(r)?;
        list.push(version_json(&mut conn, &base, &p, &v).await?);
    }
    Ok(ok(json!({
        "_embedded": {"versions": list},
        "_links": {"self": link(base.url(&format!("/pacticipants/{}/versions", seg(&name))))}
    })))
}

async fn load_version(
    conn: &mut AnyConnection,
    pacticipant: &str,
    number: &str,
) -> Result<(Pacticipant, Version), ApiError> {
    let p = store::require_pacticipant(conn, pacticipant).await?;
    let v = store::find_version(conn, p.id, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{pacticipant} has no version `{number}`")))?;
    Ok((p, v))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}", tag = "versions", summary = "A version, with pb:record-deployment and pb:record-release links", responses((status = 200, description = "The version", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (p, v) = load_version(&mut conn, &name, &number).await?;
    Ok(ok(version_json(&mut conn, &base, &p, &v).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionBody {
    build_url: Option<String>,
    branch: Option<String>,
    #[serde(default)]
    tags: Vec<Value>,
}

#[utoipa::path(put, path = "/pacticipants/{pacticipant}/versions/{version}", tag = "versions", summary = "Create or update a version", request_body(content = Option<VersionBody>, content_type = "application/json"), responses((status = 200, description = "Updated", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, number)): Path<(String, String)>,
    JsonBody(body): JsonBody<VersionBody>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &name)?;
    validate_name("version", &number)?;
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &name).await?;
    let existed = store::find_version(&mut tx, pid, &number).await?.is_some();
    let vid = store::upsert_version(&mut tx, pid, &number, body.build_url.as_deref()).await?;
    if let Some(branch) = &body.branch {
        store::add_branch_version(&mut tx, pid, vid, branch).await?;
    }
    for t in &body.tags {
        let tag = t
            .get("name")
            .and_then(Value::as_str)
            .or_else(|| t.as_str())
            .ok_or_else(|| {
                ApiError::invalid_field("tags", "each tag is a string or {\"name\": …}")
            })?;
        store::add_tag(&mut tx, pid, vid, tag).await?;
    }
    let (p, v) = load_version(&mut tx, &name, &number).await?;
    let body = version_json(&mut tx, &base, &p, &v).await?;
    tx.commit().await?;
    Ok(if existed {
        ok(body)
    } else {
        created(
            &base.url(&format!(
                "/pacticipants/{}/versions/{}",
                seg(&name),
                seg(&number)
            )),
            body,
        )
    })
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/latest-version", tag = "versions", summary = "The latest version of a pacticipant", responses((status = 200, description = "The version", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_version(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let id: Option<i64> =
        sqlx::query_scalar("SELECT MAX(id) FROM versions WHERE pacticipant_id = $1")
            .bind(p.id)
            .fetch_one(&mut *conn)
            .await?;
    let id = id.ok_or_else(|| ApiError::not_found(format!("{name} has no versions")))?;
    let v = store::version_by_id(&mut conn, id).await?;
    Ok(ok(version_json(&mut conn, &base, &p, &v).await?))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/branches", tag = "branches", summary = "The branches of a pacticipant", responses((status = 200, description = "The branches", body = HalDocument, content_type = "application/hal+json")))]
pub async fn branches(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let rows = sqlx::query(
        "SELECT name, created_at FROM branches WHERE pacticipant_id = $1 ORDER BY name",
    )
    .bind(p.id)
    .fetch_all(&mut *conn)
    .await?;
    let me = base.url(&format!("/pacticipants/{}", seg(&name)));
    let list: Vec<Value> = rows
        .iter()
        .filter_map(|r| {
            let b: String = r.try_get(0).ok()?;
            Some(json!({"name": b, "createdAt": r.try_get::<String, _>(1).ok()?, "_links": {"self": link(format!("{me}/branches/{}", seg(&b)))}}))
        })
        .collect();
    Ok(ok(
        json!({"_embedded": {"branches": list}, "_links": {"self": link(format!("{me}/branches"))}}),
    ))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/branches/{branch}", tag = "branches", summary = "A branch", responses((status = 200, description = "The branch", body = HalDocument, content_type = "application/hal+json")))]
pub async fn branch(
    State(state): State<AppState>,
    base: Base,
    Path((name, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let row =
        sqlx::query("SELECT id, created_at FROM branches WHERE pacticipant_id = $1 AND name = $2")
            .bind(p.id)
            .bind(&branch)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("{name} has no branch `{branch}`")))?;
    let me = base.url(&format!(
        "/pacticipants/{}/branches/{}",
        seg(&name),
        seg(&branch)
    ));
    Ok(ok(json!({
        "name": branch,
        "createdAt": row.try_get::<String, _>(1)?,
        "_links": {"self": link(me.clone()), "pb:pacticipant": link(base.url(&format!("/pacticipants/{}", seg(&name))))}
    })))
}

fn branch_version_json(base: &Base, p: &str, b: &str, v: &str) -> Value {
    json!({
        "name": b,
        "_links": {
            "self": {"href": base.url(&format!("/pacticipants/{}/branches/{}/versions/{}", seg(p), seg(b), seg(v))), "title": "Branch version", "name": b},
            "pb:version": {"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(p), seg(v))), "title": "Version", "name": v},
            "pb:branch": {"href": base.url(&format!("/pacticipants/{}/branches/{}", seg(p), seg(b))), "title": "Branch", "name": b},
        }
    })
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", tag = "branches", summary = "A version on a branch", responses((status = 200, description = "The branch version", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_branch_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, branch, number)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, v) = load_version(&mut conn, &name, &number).await?;
    if !store::version_branches(&mut conn, v.id)
        .await?
        .contains(&branch)
    {
        return Err(ApiError::not_found(format!(
            "{name} version {number} is not on branch `{branch}`"
        )));
    }
    Ok(ok(branch_version_json(&base, &name, &branch, &number)))
}

/// `PUT /pacticipants/{p}/branches/{b}/versions/{v}`: creates the pacticipant,
/// version and branch as needed (body `{}` or `{"name": …}`).
#[utoipa::path(put, path = "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", tag = "branches", summary = "Add a version to a branch (creating both when missing)", request_body(content = Option<EmptyObject>, content_type = "application/json"), responses((status = 200, description = "Already on the branch", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Added", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_branch_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, branch, number)): Path<(String, String, String)>,
    JsonBody(_body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &name)?;
    validate_name("version", &number)?;
    validate_name("branch", &branch)?;
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &name).await?;
    let vid = store::upsert_version(&mut tx, pid, &number, None).await?;
    store::add_branch_version(&mut tx, pid, vid, &branch).await?;
    tx.commit().await?;
    Ok(ok(branch_version_json(&base, &name, &branch, &number)))
}

fn tag_json(base: &Base, p: &str, v: &str, t: &str) -> Value {
    json!({
        "name": t,
        "_links": {
            "self": {"href": base.url(&format!("/pacticipants/{}/versions/{}/tags/{}", seg(p), seg(v), seg(t))), "title": "Tag", "name": t},
            "pb:version": {"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(p), seg(v))), "title": "Version", "name": v},
        }
    })
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", tag = "tags", summary = "A tag of a version", responses((status = 200, description = "The tag", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_tag(
    State(state): State<AppState>,
    base: Base,
    Path((name, number, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, v) = load_version(&mut conn, &name, &number).await?;
    if !store::version_tags(&mut conn, v.id).await?.contains(&tag) {
        return Err(ApiError::not_found(format!(
            "{name} version {number} has no tag `{tag}`"
        )));
    }
    Ok(ok(tag_json(&base, &name, &number, &tag)))
}

/// `PUT /pacticipants/{p}/versions/{v}/tags/{t}`: 201 when new, 200 when it existed.
#[utoipa::path(put, path = "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", tag = "tags", summary = "Tag a version (creating it when missing)", request_body(content = Option<EmptyObject>, content_type = "application/json"), responses((status = 200, description = "Already tagged", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Tagged", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_tag(
    State(state): State<AppState>,
    base: Base,
    Path((name, number, tag)): Path<(String, String, String)>,
    JsonBody(_body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &name)?;
    validate_name("version", &number)?;
    validate_name("tag", &tag)?;
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &name).await?;
    let vid = store::upsert_version(&mut tx, pid, &number, None).await?;
    let new = store::add_tag(&mut tx, pid, vid, &tag).await?;
    tx.commit().await?;
    let body = tag_json(&base, &name, &number, &tag);
    Ok(if new {
        created(
            &base.url(&format!(
                "/pacticipants/{}/versions/{}/tags/{}",
                seg(&name),
                seg(&number),
                seg(&tag)
            )),
            body,
        )
    } else {
        ok(body)
    })
}
