//! Migrations per version and per environment: the files each version
//! carries for each database (with their analysed steps), their SQL text
//! (stored once per checksum), and the union of the files ever deployed to
//! each environment's database, kept up to date when a deployment is
//! recorded (a rollback does not un-apply a migration).

use crate::db::now;
use crate::error::ApiError;
use crate::verdict::migration::FileRec;
use sqlx::{AnyConnection, Row as _};

/// A version's migrations for one database.
#[derive(Debug, Clone)]
pub struct Set {
    pub version_id: i64,
    pub database: String,
    pub sha: String,
    pub files: Vec<FileRec>,
}

fn parse_files(text: &str) -> Result<Vec<FileRec>, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::Internal(format!("stored migration set is not readable: {e}")))
}

/// The sha of a set: its file names and checksums, in apply order.
pub fn set_sha(files: &[FileRec]) -> String {
    let text: String = files
        .iter()
        .map(|f| format!("{} {}\n", f.name, f.checksum))
        .collect();
    crate::verdict::migration::checksum(&text)
}

/// Every set of a version.
pub async fn sets_of(conn: &mut AnyConnection, version_id: i64) -> Result<Vec<Set>, ApiError> {
    let rows = sqlx::query(
        "SELECT database_name, sha, files FROM migration_sets WHERE version_id = $1 ORDER BY database_name",
    )
    .bind(version_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Set {
                version_id,
                database: r.try_get(0)?,
                sha: r.try_get(1)?,
                files: parse_files(&r.try_get::<String, _>(2)?)?,
            })
        })
        .collect()
}

/// The set of `version_ids` for `database`, by version id.
pub async fn sets_for(
    conn: &mut AnyConnection,
    database: &str,
    version_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<FileRec>>, ApiError> {
    let mut out = std::collections::HashMap::new();
    if version_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT version_id, files FROM migration_sets WHERE database_name = $1 AND version_id IN ({})",
        crate::matrix::placeholders(2, version_ids.len())
    );
    let mut q = sqlx::query(&sql).bind(database);
    for v in version_ids {
        q = q.bind(*v);
    }
    for r in q.fetch_all(conn).await? {
        out.insert(r.try_get(0)?, parse_files(&r.try_get::<String, _>(1)?)?);
    }
    Ok(out)
}

/// What storing a set did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    Created,
    Unchanged,
}

/// Describe how two sets differ: files added, removed or changed.
fn difference(old: &[FileRec], new: &[FileRec]) -> String {
    let mut lines = Vec::new();
    for f in new {
        match old.iter().find(|o| o.name == f.name) {
            None => lines.push(format!("+ {} (not in the published set)", f.name)),
            Some(o) if o.checksum != f.checksum => lines.push(format!(
                "~ {} (checksum {} published, {} now)",
                f.name,
                &o.checksum[..12],
                &f.checksum[..12]
            )),
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|f| f.name == o.name) {
            lines.push(format!("- {} (published, missing now)", o.name));
        }
    }
    lines.join("\n")
}

/// Store a version's migrations for `database` with their SQL texts. The
/// same version re-published with different files is a conflict naming the
/// difference; nothing changes.
pub async fn store(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
    database: &str,
    files: &[FileRec],
    texts: &[(String, String)],
) -> Result<Result<Stored, String>, ApiError> {
    let sha = set_sha(files);
    let existing: Option<(String, String)> = sqlx::query(
        "SELECT sha, files FROM migration_sets WHERE version_id = $1 AND database_name = $2",
    )
    .bind(version_id)
    .bind(database)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
    .transpose()?;
    if let Some((old_sha, old_files)) = existing {
        if old_sha == sha {
            return Ok(Ok(Stored::Unchanged));
        }
        return Ok(Err(difference(&parse_files(&old_files)?, files)));
    }
    for (name, text) in texts {
        let _ = name;
        sqlx::query(
            "INSERT INTO migration_sources (checksum, content) VALUES ($1, $2) ON CONFLICT (checksum) DO NOTHING",
        )
        .bind(crate::verdict::migration::checksum(text))
        .bind(text)
        .execute(&mut *conn)
        .await?;
    }
    let json = serde_json::to_string(files).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO migration_sets (version_id, pacticipant_id, database_name, sha, files, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(version_id)
    .bind(pacticipant_id)
    .bind(database)
    .bind(&sha)
    .bind(&json)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    for f in files {
        sqlx::query(
            "INSERT INTO migration_set_files (database_name, name, version_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(database)
        .bind(&f.name)
        .bind(version_id)
        .execute(&mut *conn)
        .await?;
    }
    // A version already deployed somewhere brought these files there.
    let envs: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT environment_id FROM deployed_versions WHERE version_id = $1",
    )
    .bind(version_id)
    .fetch_all(&mut *conn)
    .await?;
    for env in envs {
        apply(conn, env, version_id, database, files).await?;
    }
    Ok(Ok(Stored::Created))
}

/// Record that `files` reached `environment_id`'s `database` with `version_id`
/// (files already there keep the version that first brought them).
async fn apply(
    conn: &mut AnyConnection,
    environment_id: i64,
    version_id: i64,
    database: &str,
    files: &[FileRec],
) -> Result<(), ApiError> {
    let ts = now();
    for f in files {
        let json = serde_json::to_string(f).map_err(|e| ApiError::Internal(e.to_string()))?;
        sqlx::query(
            "INSERT INTO environment_migrations (environment_id, database_name, name, checksum, version_id, file, applied_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (environment_id, database_name, name) DO NOTHING",
        )
        .bind(environment_id)
        .bind(database)
        .bind(&f.name)
        .bind(&f.checksum)
        .bind(version_id)
        .bind(json)
        .bind(&ts)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Called when a deployment of `version_id` to `environment_id` is recorded.
pub async fn on_deployment(
    conn: &mut AnyConnection,
    environment_id: i64,
    version_id: i64,
) -> Result<(), ApiError> {
    for set in sets_of(conn, version_id).await? {
        apply(conn, environment_id, version_id, &set.database, &set.files).await?;
    }
    Ok(())
}

/// The files `environment_id`'s `database` has, with the version that brought each.
pub async fn applied(
    conn: &mut AnyConnection,
    environment_id: i64,
    database: &str,
) -> Result<Vec<crate::verdict::migration::Applied>, ApiError> {
    let rows = sqlx::query(
        "SELECT em.file, p.name, v.number FROM environment_migrations em \
         JOIN versions v ON v.id = em.version_id JOIN pacticipants p ON p.id = v.pacticipant_id \
         WHERE em.environment_id = $1 AND em.database_name = $2 ORDER BY em.applied_at, em.name",
    )
    .bind(environment_id)
    .bind(database)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let file: FileRec = serde_json::from_str(&r.try_get::<String, _>(0)?)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let pacticipant: String = r.try_get(1)?;
            Ok(crate::verdict::migration::Applied {
                file,
                brought_by: format!("{pacticipant} {}", r.try_get::<String, _>(2)?),
                pacticipant,
            })
        })
        .collect()
}

/// The earliest recorded version carrying `name` for `database`, with its file names.
pub async fn introducer(
    conn: &mut AnyConnection,
    database: &str,
    name: &str,
) -> Result<Option<crate::verdict::migration::Introducer>, ApiError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(version_id) FROM migration_set_files WHERE database_name = $1 AND name = $2",
    )
    .bind(database)
    .bind(name)
    .fetch_one(&mut *conn)
    .await?;
    let Some(id) = id else { return Ok(None) };
    let row = sqlx::query(
        "SELECT p.name, v.number, ms.files FROM migration_sets ms JOIN versions v ON v.id = ms.version_id \
         JOIN pacticipants p ON p.id = v.pacticipant_id WHERE ms.version_id = $1 AND ms.database_name = $2",
    )
    .bind(id)
    .bind(database)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(crate::verdict::migration::Introducer {
        pacticipant: row.try_get(0)?,
        version: row.try_get(1)?,
        files: parse_files(&row.try_get::<String, _>(2)?)?
            .into_iter()
            .map(|f| f.name)
            .collect(),
    }))
}
