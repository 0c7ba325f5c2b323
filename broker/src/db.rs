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
    #[error("{path} is not a database: {why}")]
    NotADatabase { path: String, why: String },
    #[error("the database schema is version {found}, newer than this shipgate (version {known}); upgrade shipgate or restore a backup")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("another broker already serves {path} (its lock file {lock} is held); run one broker process per SQLite file, or use PostgreSQL for replicas")]
    Locked { path: String, lock: String },
    #[error("cannot lock {lock}: {source}")]
    LockFile {
        lock: String,
        #[source]
        source: std::io::Error,
    },
}

/// How SQLite commits: `full` syncs the write-ahead log on every commit,
/// so an acknowledged write survives power loss; `normal` syncs only at
/// checkpoints (faster; a power cut may lose the last commits, a crash of
/// the process loses nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    #[default]
    Full,
    Normal,
}

impl std::str::FromStr for Synchronous {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "full" => Ok(Synchronous::Full),
            "normal" => Ok(Synchronous::Normal),
            other => Err(format!(
                "unknown synchronous mode `{other}`: use full or normal"
            )),
        }
    }
}

/// Connection settings.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Read connections (PostgreSQL: all connections).
    pub max_connections: u32,
    /// SQLite commit durability.
    pub synchronous: Synchronous,
    /// Longest wait for a connection before a request gets 503.
    pub acquire_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 10,
            synchronous: Synchronous::Full,
            // Under 2 s, so that during a database outage a request gets its
            // 503 within 2 s (the pool retries the connection until then).
            acquire_timeout: Duration::from_millis(1500),
        }
    }
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
    // Pact Broker parity: pacticipant labels, webhooks, their triggered
    // executions (a queue shared by replicas) and execution logs.
    Migration {
        version: 4,
        sqlite: include_str!("../migrations/004_parity_sqlite.sql"),
        postgres: include_str!("../migrations/004_parity_postgres.sql"),
    },
];

/// How many schema migrations this build applies.
pub fn migration_count() -> usize {
    MIGRATIONS.len()
}

/// The connection pools plus what the broker needs to know about the backend.
#[derive(Debug, Clone)]
pub struct Db {
    /// Connections for reads (on PostgreSQL, for everything).
    pub pool: AnyPool,
    /// On SQLite, the one connection that writes: SQLite has one writer at a
    /// time anyway, and with a connection of their own, writes queue only
    /// behind other writes, never behind readers holding every pooled
    /// connection. On PostgreSQL, the same pool as `pool`.
    pub write_pool: AnyPool,
    pub backend: Backend,
    /// The SQLite file (`None` on PostgreSQL and for `:memory:`).
    pub path: Option<std::path::PathBuf>,
}

/// A write transaction (on SQLite, on the writer connection).
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
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

/// The SQLite file named by a normalised `sqlite://` URL.
fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && !path.contains(":memory:")).then(|| std::path::PathBuf::from(path))
}

/// An exclusive claim on an SQLite database by one broker process: an
/// advisory lock (`flock`) on `FILE.lock`, released by the kernel when the
/// process ends, however it ends. The lock is on a separate file, not on the
/// database: closing any descriptor of the database file would drop the
/// POSIX locks SQLite itself holds on it.
#[derive(Debug)]
pub struct ServerLock {
    _file: Option<std::fs::File>,
}

/// Claim the SQLite database of `url` for this process, or refuse because
/// another process holds it. PostgreSQL (and `:memory:`) need no claim:
/// replicas share a PostgreSQL database.
pub fn lock_for_server(url: &str) -> Result<ServerLock, DbError> {
    let (url, backend) = normalise_url(url)?;
    let Some(path) = (backend == Backend::Sqlite)
        .then(|| sqlite_path(&url))
        .flatten()
    else {
        return Ok(ServerLock { _file: None });
    };
    let mut lock = path.clone().into_os_string();
    lock.push(".lock");
    let lock = std::path::PathBuf::from(lock);
    let shown = lock.display().to_string();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|source| DbError::LockFile {
            lock: shown.clone(),
            source,
        })?;
    #[cfg(unix)]
    {
        use rustix::fs::{flock, FlockOperation};
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => {
                return Err(DbError::Locked {
                    path: path.display().to_string(),
                    lock: shown,
                })
            }
            Err(e) => {
                return Err(DbError::LockFile {
                    lock: shown,
                    source: e.into(),
                })
            }
        }
    }
    Ok(ServerLock { _file: Some(file) })
}

/// The first 16 bytes of every SQLite 3 database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuse at once a file that exists and is not an SQLite database (the
/// pool would retry opening it until its timeout and say "pool timed out").
fn check_sqlite_file(path: &std::path::Path) -> Result<(), DbError> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(DbError::NotADatabase {
                path: shown,
                why: e.to_string(),
            })
        }
    };
    if !meta.is_file() {
        return Err(DbError::NotADatabase {
            path: shown,
            why: "it is not a regular file".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| DbError::NotADatabase {
            path: shown.clone(),
            why: e.to_string(),
        })?;
    if read < 16 || &head != SQLITE_HEADER {
        return Err(DbError::NotADatabase {
            path: shown,
            why: "it does not start with the SQLite 3 header (\"SQLite format 3\")".into(),
        });
    }
    Ok(())
}

fn sqlite_pragmas(synchronous: Synchronous) -> [&'static str; 4] {
    [
        "PRAGMA journal_mode = WAL",
        match synchronous {
            Synchronous::Full => "PRAGMA synchronous = FULL",
            Synchronous::Normal => "PRAGMA synchronous = NORMAL",
        },
        "PRAGMA busy_timeout = 10000",
        "PRAGMA foreign_keys = ON",
    ]
}

impl Db {
    /// Connect with `max_connections` read connections and default options.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        Db::connect_with(
            url,
            &DbOptions {
                max_connections,
                ..DbOptions::default()
            },
        )
        .await
    }

    /// Connect, apply pending migrations, and return the pools.
    ///
    /// A first connection is opened outside the pools, so that a database
    /// that cannot be opened (not a database, no permission, PostgreSQL
    /// refusing connections) is reported at once with its cause.
    pub async fn connect_with(url: &str, opts: &DbOptions) -> Result<Db, DbError> {
        Db::connect_at_schema(url, opts, None).await
    }

    /// Connect and migrate only up to schema version `up_to` (all when
    /// `None`). For tests that need a database as an earlier release wrote
    /// it; the broker itself always migrates to the latest version.
    #[doc(hidden)]
    pub async fn connect_at_schema(
        url: &str,
        opts: &DbOptions,
        up_to: Option<i64>,
    ) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalise_url(url)?;
        let path = match backend {
            Backend::Sqlite => sqlite_path(&url),
            Backend::Postgres => None,
        };
        if let Some(path) = &path {
            check_sqlite_file(path)?;
        }
        let connect_error = |source| DbError::Connect {
            backend: backend.as_str(),
            source,
        };
        let options = AnyConnectOptions::from_str(&url).map_err(connect_error)?;
        let pragmas = sqlite_pragmas(opts.synchronous);
        {
            let mut probe = tokio::time::timeout(
                Duration::from_secs(10),
                <sqlx::AnyConnection as sqlx::Connection>::connect_with(&options),
            )
            .await
            .map_err(|_| connect_error(sqlx::Error::PoolTimedOut))?
            .map_err(|e| match (&path, &e) {
                (Some(p), sqlx::Error::Database(d)) if d.message().contains("not a database") => {
                    DbError::NotADatabase {
                        path: p.display().to_string(),
                        why: d.message().to_string(),
                    }
                }
                _ => connect_error(e),
            })?;
            if backend == Backend::Sqlite {
                for pragma in pragmas {
                    sqlx::Executor::execute(&mut probe, pragma)
                        .await
                        .map_err(|e| match &e {
                            sqlx::Error::Database(d) if d.message().contains("not a database") => {
                                DbError::NotADatabase {
                                    path: path
                                        .as_ref()
                                        .map(|p| p.display().to_string())
                                        .unwrap_or_default(),
                                    why: d.message().to_string(),
                                }
                            }
                            _ => connect_error(e),
                        })?;
                }
            }
            let _ = sqlx::Connection::close(probe).await;
        }
        let pool_options = |max: u32| {
            let mut o = AnyPoolOptions::new()
                .max_connections(max.max(1))
                .acquire_timeout(opts.acquire_timeout);
            if backend == Backend::Sqlite {
                o = o.after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        for pragma in pragmas {
                            sqlx::Executor::execute(&mut *conn, pragma).await?;
                        }
                        Ok(())
                    })
                });
            }
            o
        };
        let pool = pool_options(opts.max_connections)
            .connect_with(options.clone())
            .await
            .map_err(connect_error)?;
        let write_pool = match backend {
            Backend::Sqlite => pool_options(1)
                // A write may wait behind a queue of writes, each a few
                // milliseconds; give the queue longer than a read waits.
                .acquire_timeout(opts.acquire_timeout.max(Duration::from_secs(10)))
                .connect_with(options)
                .await
                .map_err(connect_error)?,
            Backend::Postgres => pool.clone(),
        };
        let db = Db {
            pool,
            write_pool,
            backend,
            path,
        };
        db.migrate(up_to).await.map_err(|e| match e {
            MigrateError::TooNew { found, known } => DbError::SchemaTooNew { found, known },
            MigrateError::Sql(source) => DbError::Migrate {
                backend: backend.as_str(),
                source,
            },
        })?;
        Ok(db)
    }

    /// The schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.version)
    }

    async fn migrate(&self, up_to: Option<i64>) -> Result<(), MigrateError> {
        let mut conn = self.write_pool.acquire().await?;
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
            let found: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM shipgate_schema_migrations")
                    .fetch_one(&mut *conn)
                    .await?;
            let known = Db::schema_version();
            if let Some(found) = found.filter(|f| *f > known) {
                return Err(MigrateError::TooNew { found, known });
            }
            for m in MIGRATIONS
                .iter()
                .filter(|m| up_to.is_none_or(|v| m.version <= v))
            {
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
            Ok::<(), MigrateError>(())
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
        let tx = self.write_pool.begin().await?;
        Ok(WriteTx { tx })
    }
}

/// Why migrating failed.
enum MigrateError {
    TooNew { found: i64, known: i64 },
    Sql(sqlx::Error),
}

impl From<sqlx::Error> for MigrateError {
    fn from(e: sqlx::Error) -> Self {
        MigrateError::Sql(e)
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
