//! Database connection and schema: one `sqlx::Any` pool over embedded SQLite
//! (WAL mode, the default) or PostgreSQL, and the self-applied migrations.
//!
//! All SQL in this crate is portable between the two backends: `$n`
//! placeholders, `ON CONFLICT` upserts, `RETURNING`, integers for booleans and
//! RFC 3339 text for timestamps. Only the schema files differ (identity columns).

use crate::error::ApiError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The database kinds the broker runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Errors opening or migrating the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot connect to {backend} database: {source}")]
    Connect {
        backend: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot migrate the {backend} schema: {source}")]
    Migrate {
        backend: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

/// A migration: a version number and the SQL for each backend.
struct Migration {
    version: i64,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("../migrations/sqlite.sql"),
        postgres: include_str!("../migrations/postgres.sql"),
    },
    // "Latest version of each pacticipant" (MAX(id) per pacticipant) for can-i-deploy.
    Migration {
        version: 2,
        sqlite:
            "CREATE INDEX IF NOT EXISTS versions_pacticipant_order ON versions(pacticipant_id, id);",
        postgres:
            "CREATE INDEX IF NOT EXISTS versions_pacticipant_order ON versions(pacticipant_id, id);",
    },
    // The gate's evidence: provider contracts, schema checks, API diffs, migrations, overrides.
    Migration {
        version: 3,
        sqlite: include_str!("../migrations/003_gate_sqlite.sql"),
        postgres: include_str!("../migrations/003_gate_postgres.sql"),
    },
];

/// The connection pool plus what the broker needs to know about the backend.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite allows one writer; write transactions take this lock first so
    /// that concurrent requests queue instead of failing with `SQLITE_BUSY`.
    write_lock: Arc<tokio::sync::Mutex<()>>,
}

/// A write transaction (holding the SQLite writer lock when on SQLite).
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
    _guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTx {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), ApiError> {
        self.tx.commit().await.map_err(ApiError::from)
    }
}

/// Normalise a user-given URL: bare paths and `sqlite:FILE` become SQLite
/// URLs that create the file when missing.
pub fn normalise_url(url: &str) -> Result<(String, Backend), DbError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    let rest = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        rest
    } else if url.contains("://") {
        return Err(DbError::UnsupportedUrl(url.to_string()));
    } else {
        url
    };
    if rest.is_empty() {
        return Err(DbError::UnsupportedUrl(url.to_string()));
    }
    let mut out = format!("sqlite://{rest}");
    if !rest.contains("mode=") && !rest.contains(":memory:") {
        out.push(if rest.contains('?') { '&' } else { '?' });
        out.push_str("mode=rwc");
    }
    Ok((out, Backend::Sqlite))
}

impl Db {
    /// Connect, apply pending migrations, and return the pool.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalise_url(url)?;
        let options = AnyConnectOptions::from_str(&url).map_err(|source| DbError::Connect {
            backend: backend.as_str(),
            source,
        })?;
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30));
        if backend == Backend::Sqlite {
            pool_options = pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = NORMAL",
                        "PRAGMA busy_timeout = 10000",
                        "PRAGMA foreign_keys = ON",
                    ] {
                        sqlx::Executor::execute(&mut *conn, pragma).await?;
                    }
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect_with(options)
            .await
            .map_err(|source| DbError::Connect {
                backend: backend.as_str(),
                source,
            })?;
        let db = Db {
            pool,
            backend,
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
        };
        db.migrate().await.map_err(|source| DbError::Migrate {
            backend: backend.as_str(),
            source,
        })?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Several replicas may start at once: migrate under a session lock.
            sqlx::raw_sql("SELECT pg_advisory_lock(724390113)")
                .execute(&mut *conn)
                .await?;
        }
        let result = async {
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS shipgate_schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
            )
            .execute(&mut *conn)
            .await?;
            for m in MIGRATIONS {
                let applied: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM shipgate_schema_migrations WHERE version = $1",
                )
                .bind(m.version)
                .fetch_optional(&mut *conn)
                .await?;
                if applied.is_some() {
                    continue;
                }
                let sql = match self.backend {
                    Backend::Sqlite => m.sqlite,
                    Backend::Postgres => m.postgres,
                };
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO shipgate_schema_migrations (version, applied_at) VALUES ($1, $2)",
                )
                .bind(m.version)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await;
        if self.backend == Backend::Postgres {
            sqlx::raw_sql("SELECT pg_advisory_unlock(724390113)")
                .execute(&mut *conn)
                .await?;
        }
        result
    }

    /// Begin a write transaction.
    pub async fn begin_write(&self) -> Result<WriteTx, ApiError> {
        let guard = if self.backend == Backend::Sqlite {
            Some(self.write_lock.clone().lock_owned().await)
        } else {
            None
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }
}

/// The current time as RFC 3339 UTC text with microseconds (sorts lexically).
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// A random version-4 UUID.
pub fn new_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_are_normalised() {
        assert_eq!(
            normalise_url("sqlite://shipgate.db").unwrap(),
            ("sqlite://shipgate.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            normalise_url("data/b.db").unwrap().0,
            "sqlite://data/b.db?mode=rwc"
        );
        assert_eq!(
            normalise_url("postgres://u@h/db").unwrap().1,
            Backend::Postgres
        );
        assert!(normalise_url("mysql://x").is_err());
    }

    #[test]
    fn uuids_have_version_4_shape() {
        let u = new_uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_ne!(u, new_uuid());
    }
}
