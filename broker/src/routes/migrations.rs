//! Migrations a version carries: `POST`/`GET
//! /pacticipants/{pacticipant}/versions/{version}/migrations`, and what an
//! environment's databases have: `GET /environments/{environment}/migrations`.
//!
//! Clients upload SQL text; the broker computes phases and touched objects
//! with `shipgate-migrations-lint` itself, so every client gets the same answer.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::gate::migrations::{self, Stored};
use crate::http::{ok, seg, validate_name, Base, JsonBody};
use crate::store;
use crate::verdict::migration;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row as _;

/// At most this many files per publication.
const MAX_FILES: usize = 10_000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishBody {
    /// Defaults to the pacticipant's name.
    database: Option<String>,
    branch: Option<String>,
    build_url: Option<String>,
    files: Option<Vec<FileBody>>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileBody {
    name: String,
    content: String,
}

fn file_json(f: &migration::FileRec) -> Value {
    json!({
        "name": f.name,
        "checksum": f.checksum,
        "steps": f.steps,
    })
}

/// `POST /pacticipants/{pacticipant}/versions/{version}/migrations`.
#[utoipa::path(post, path = "/pacticipants/{pacticipant}/versions/{version}/migrations", operation_id = "publish_migrations", tag = "gate", summary = "Record the migrations a version carries (SQL text; the broker works out phases and touched objects)", request_body(content = PublishBody, content_type = "application/json"), responses((status = 200, description = "Recorded, with each statement's phase and touched objects", body = HalDocument, content_type = "application/hal+json")))]
pub async fn publish(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, number)): Path<(String, String)>,
    JsonBody(body): JsonBody<PublishBody>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &pacticipant)?;
    validate_name("version", &number)?;
    let database = body.database.clone().unwrap_or_else(|| pacticipant.clone());
    validate_name("database", &database)?;
    if let Some(b) = &body.branch {
        validate_name("branch", b)?;
    }
    let files = body.files.as_ref().ok_or_else(|| {
        ApiError::invalid_field(
            "files",
            "`files` is required: [{\"name\": …, \"content\": …}]",
        )
    })?;
    if files.len() > MAX_FILES {
        return Err(ApiError::invalid_field(
            "files",
            format!(
                "{} files in one publication; the limit is {MAX_FILES}",
                files.len()
            ),
        ));
    }
    let mut texts: Vec<(String, String)> = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        if f.name.trim().is_empty() || f.name.len() > 255 || f.name.chars().any(char::is_control) {
            return Err(ApiError::invalid_field(
                "files",
                format!(
                    "files[{i}].name `{}` is not a usable file name",
                    f.name.escape_debug()
                ),
            ));
        }
        if shipgate_migrations_lint::layout::order_key(&f.name).is_none() {
            return Err(ApiError::invalid_field(
                "files",
                format!(
                    "files[{i}].name `{}` is not a migration file name (expected a `.sql` file)",
                    f.name
                ),
            ));
        }
        if texts.iter().any(|(n, _)| n == &f.name) {
            return Err(ApiError::invalid_field(
                "files",
                format!("files[{i}].name `{}` appears twice", f.name),
            ));
        }
        texts.push((f.name.clone(), f.content.clone()));
    }
    let analysed_input = texts.clone();
    let analysed = tokio::task::spawn_blocking(move || migration::analyse(&analysed_input))
        .await
        .map_err(|e| ApiError::Internal(format!("analysing migrations failed: {e}")))?;
    let mut tx = state.db.begin_write().await?;
    let pid = store::upsert_pacticipant(&mut tx, &pacticipant).await?;
    let vid = store::upsert_version(&mut tx, pid, &number, body.build_url.as_deref()).await?;
    let stored = match migrations::store(&mut tx, pid, vid, &database, &analysed, &texts).await? {
        Ok(s) => s,
        Err(diff) => {
            let text = format!(
                "Cannot change the migrations of {pacticipant} ({number}) for database `{database}`: different ones are already published for this version. Publish them with a new version number"
            );
            return Err(ApiError::conflict(format!("{text}\n{diff}"))
                .with(
                    "notices",
                    json!([{"type": "error", "text": text}, {"type": "info", "text": diff}]),
                )
                .with("errors", json!({"files": [text]})));
        }
    };
    if let Some(b) = &body.branch {
        store::add_branch_version(&mut tx, pid, vid, b).await?;
    }
    tx.commit().await?;
    let contracts = analysed
        .iter()
        .filter(|f| f.steps.iter().any(|s| s.phase == "contract"))
        .count();
    let me = base.url(&format!(
        "/pacticipants/{}/versions/{}/migrations",
        seg(&pacticipant),
        seg(&number)
    ));
    Ok(ok(json!({
        "pacticipant": pacticipant,
        "version": number,
        "database": database,
        "files": analysed.iter().map(file_json).collect::<Vec<_>>(),
        "notices": [{
            "type": "success",
            "text": match stored {
                Stored::Created => format!("Recorded {} migration{} of {pacticipant} ({number}) for database `{database}` ({contracts} with a contract step)", analysed.len(), if analysed.len() == 1 { "" } else { "s" }),
                Stored::Unchanged => format!("The migrations of {pacticipant} ({number}) for database `{database}` were already recorded with the same content"),
            }
        }],
        "_links": {"self": link(me)}
    })))
}

/// `GET /pacticipants/{pacticipant}/versions/{version}/migrations`.
#[utoipa::path(get, path = "/pacticipants/{pacticipant}/versions/{version}/migrations", operation_id = "list_migrations", tag = "gate", summary = "The migrations a version carries, per database", responses((status = 200, description = "The migrations", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &pacticipant).await?;
    let v = store::find_version(&mut conn, p.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{pacticipant} has no version `{number}`")))?;
    let sets = migrations::sets_of(&mut conn, v.id).await?;
    let me = base.url(&format!(
        "/pacticipants/{}/versions/{}/migrations",
        seg(&pacticipant),
        seg(&number)
    ));
    Ok(ok(json!({
        "pacticipant": pacticipant,
        "version": number,
        "databases": sets.iter().map(|s| json!({
            "database": s.database,
            "sha": s.sha,
            "files": s.files.iter().map(file_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "_links": {"self": link(me)}
    })))
}

/// `GET /environments/{environment}/migrations`: per database, the files
/// ever deployed there and the version that first brought each.
#[utoipa::path(get, path = "/environments/{environment}/migrations", tag = "gate", summary = "The migrations an environment's databases have, and the version that brought each", responses((status = 200, description = "The applied migrations", body = HalDocument, content_type = "application/hal+json")))]
pub async fn applied(
    State(state): State<AppState>,
    base: Base,
    Path(env): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let e = store::require_environment(&mut conn, &env).await?;
    let rows = sqlx::query(
        "SELECT em.database_name, em.name, em.checksum, p.name, v.number, em.applied_at FROM environment_migrations em \
         JOIN versions v ON v.id = em.version_id JOIN pacticipants p ON p.id = v.pacticipant_id \
         WHERE em.environment_id = $1 ORDER BY em.database_name, em.applied_at, em.name",
    )
    .bind(e.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut dbs: Vec<(String, Vec<Value>)> = Vec::new();
    for r in rows {
        let db: String = r.try_get(0)?;
        let entry = json!({
            "name": r.try_get::<String, _>(1)?,
            "checksum": r.try_get::<String, _>(2)?,
            "broughtBy": {"pacticipant": r.try_get::<String, _>(3)?, "version": r.try_get::<String, _>(4)?},
            "appliedAt": r.try_get::<String, _>(5)?,
        });
        match dbs.last_mut() {
            Some((d, list)) if *d == db => list.push(entry),
            _ => dbs.push((db, vec![entry])),
        }
    }
    Ok(ok(json!({
        "environment": e.name,
        "databases": dbs.into_iter().map(|(d, files)| json!({"database": d, "files": files})).collect::<Vec<_>>(),
        "_links": {"self": link(base.url(&format!("/environments/{}/migrations", e.uuid)))}
    })))
}
