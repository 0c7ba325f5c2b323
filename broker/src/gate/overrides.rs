//! Stored overrides: who let which version into which environment, why,
//! and until when.

use crate::db::{new_uuid, now};
use crate::error::ApiError;
use crate::verdict::overrides::Override;
use sqlx::{AnyConnection, Row as _};

const SELECT: &str = "SELECT o.uuid, p.name, o.version_number, e.name, o.reason, o.created_by, o.created_at, o.expires_at \
     FROM gate_overrides o JOIN pacticipants p ON p.id = o.pacticipant_id JOIN environments e ON e.id = o.environment_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Override, sqlx::Error> {
    Ok(Override {
        uuid: r.try_get(0)?,
        pacticipant: r.try_get(1)?,
        version: r.try_get(2)?,
        environment: r.try_get(3)?,
        reason: r.try_get(4)?,
        created_by: r.try_get(5)?,
        created_at: r.try_get(6)?,
        expires_at: r.try_get(7)?,
    })
}

/// Record an override; returns it.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version: &str,
    environment_id: i64,
    reason: &str,
    by: &str,
    expires_at: &str,
) -> Result<Override, ApiError> {
    let uuid = new_uuid();
    sqlx::query(
        "INSERT INTO gate_overrides (uuid, pacticipant_id, version_number, environment_id, reason, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&uuid)
    .bind(pacticipant_id)
    .bind(version)
    .bind(environment_id)
    .bind(reason)
    .bind(by)
    .bind(now())
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    let sql = format!("{SELECT} WHERE o.uuid = $1");
    let row = sqlx::query(&sql).bind(&uuid).fetch_one(conn).await?;
    Ok(from_row(&row)?)
}

/// Every override, newest first, optionally for one pacticipant or environment.
pub async fn list(
    conn: &mut AnyConnection,
    pacticipant: Option<&str>,
    environment: Option<&str>,
) -> Result<Vec<Override>, ApiError> {
    let sql = format!(
        "{SELECT} WHERE ($1 = '' OR p.name = $1) AND ($2 = '' OR e.name = $2) ORDER BY o.created_at DESC, o.id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(pacticipant.unwrap_or(""))
        .bind(environment.unwrap_or(""))
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// The overrides for any of `versions` (pacticipant id, version number) into `environment_id`.
pub async fn for_deployment(
    conn: &mut AnyConnection,
    versions: &[(i64, String)],
    environment_id: i64,
) -> Result<Vec<Override>, ApiError> {
    let mut out = Vec::new();
    for (pid, number) in versions {
        let sql = format!(
            "{SELECT} WHERE o.pacticipant_id = $1 AND o.version_number = $2 AND o.environment_id = $3 ORDER BY o.created_at"
        );
        let rows = sqlx::query(&sql)
            .bind(*pid)
            .bind(number)
            .bind(environment_id)
            .fetch_all(&mut *conn)
            .await?;
        for r in &rows {
            out.push(from_row(r)?);
        }
    }
    Ok(out)
}
