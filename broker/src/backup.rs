//! Online backup of an SQLite broker: `VACUUM INTO` writes a consistent,
//! compacted copy of the database as of one read transaction, while the
//! broker keeps serving (WAL readers and the writer do not block it). The
//! copy is then opened and checked (`PRAGMA integrity_check`, schema
//! version, row counts) before it is reported as written.
//!
//! PostgreSQL brokers are backed up with `pg_dump` (docs/reliability.md).

use crate::db::{Backend, Db};
use sqlx::Connection as _;
use std::path::Path;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub bytes: u64,
    pub schema_version: i64,
    pub pacticipants: i64,
    pub versions: i64,
}

/// Why a backup failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the broker database is PostgreSQL: back it up with pg_dump (see docs/reliability.md)"
    )]
    Postgres,
    #[error("{0} already exists; choose a new file name")]
    Exists(String),
    #[error("{0}")]
    Sql(#[from] sqlx::Error),
    #[error("the copy failed its integrity check: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Write a consistent copy of `db` to `target` (which must not exist).
pub async fn backup(db: &Db, target: &Path) -> Result<Copied, BackupError> {
    if db.backend == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let text = target
        .to_str()
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the backup path is not valid UTF-8",
            )
        })?
        .to_string();
    sqlx::query("VACUUM INTO $1")
        .bind(&text)
        .execute(&db.pool)
        .await?;
    // Check the copy on a connection of its own, read-only.
    let url = format!("sqlite://{text}?mode=ro");
    let mut conn = sqlx::AnyConnection::connect(&url).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if check != "ok" {
        return Err(BackupError::Corrupt(check));
    }
    let schema_version: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM shipgate_schema_migrations")
            .fetch_one(&mut conn)
            .await?;
    let pacticipants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pacticipants")
        .fetch_one(&mut conn)
        .await?;
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM versions")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Copied {
        bytes: std::fs::metadata(target)?.len(),
        schema_version,
        pacticipants,
        versions,
    })
}
