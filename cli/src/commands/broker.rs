//! `shipgate broker serve` (run the contract broker), `shipgate broker
//! token create|list|revoke` (API tokens, stored hashed) and `shipgate
//! broker backup` (a consistent online copy of an SQLite broker).

use crate::render::OutputContext;
use crate::ExitStatus;
use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use serde::Deserialize;
use shipgate_broker::db::{DbOptions, Synchronous};
use shipgate_broker::{AddressBlock, AuthConfig, AuthMode, BrokerConfig, Db, Role, TrustedProxy};
use std::io::Write as _;
use std::net::SocketAddr;

/// Default listen address: loopback only, the Pact Broker's port.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9292";
/// Default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://shipgate.db";

/// `[broker]` in shipgate.toml: defaults for `shipgate broker serve`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BrokerSection {
    pub listen: Option<String>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    /// Largest request body, such as `10MiB` or `512KiB` or a byte count.
    pub body_limit: Option<String>,
    pub allow_contract_modification: Option<bool>,
    pub log_format: Option<LogFormat>,
    pub max_connections: Option<u32>,
    pub trust_forwarded_headers: Option<bool>,
    pub sqlite_synchronous: Option<SqliteSynchronous>,
    pub header_timeout: Option<u64>,
    pub body_timeout: Option<u64>,
    pub max_connections_per_client: Option<usize>,
    /// Who may do what without credentials: every public-access switch.
    #[serde(default)]
    pub access: AccessSection,
}

/// `[broker.access]`: the auth mode and every switch that opens part of the
/// broker to clients without credentials, in one place.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AccessSection {
    pub auth: Option<AuthModeArg>,
    pub public_read: Option<bool>,
    pub public_metrics: Option<bool>,
    /// Addresses or CIDR blocks of a reverse proxy allowed to name the user.
    pub trusted_proxies: Option<Vec<String>>,
    /// The header that proxy names the user in, such as `X-Forwarded-User`.
    pub proxy_user_header: Option<String>,
}

/// `--auth`: whether credentials are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthModeArg {
    /// Required as soon as a basic user is configured or any token exists
    Auto,
    /// Always required
    On,
    /// Never required (refused on a non-loopback address without --allow-public-write)
    Off,
}

impl From<AuthModeArg> for AuthMode {
    fn from(a: AuthModeArg) -> Self {
        match a {
            AuthModeArg::Auto => AuthMode::Auto,
            AuthModeArg::On => AuthMode::On,
            AuthModeArg::Off => AuthMode::Off,
        }
    }
}

/// `--sqlite-synchronous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    /// Every commit is synced to disk before it is acknowledged
    Full,
    /// Commits are synced at checkpoints (a power cut may lose the last ones)
    Normal,
}

/// Arguments of `shipgate broker`.
#[derive(Debug, Args)]
pub struct BrokerCmdArgs {
    #[command(subcommand)]
    pub command: BrokerCommand,
}

#[derive(Debug, Subcommand)]
pub enum BrokerCommand {
    /// Run the broker (Pact Broker compatible HAL API, can-i-deploy)
    #[command(
        after_help = "Examples:\n  shipgate broker serve\n  shipgate broker serve --listen 0.0.0.0:9292 \\\n    --database-url postgres://broker@db/broker \\\n    --basic-auth-username ci --basic-auth-password \"$PW\"\n  SHIPGATE_DATABASE_URL=sqlite:///var/lib/shipgate/broker.db \\\n    shipgate broker serve --log-format json"
    )]
    Serve(Box<ServeArgs>),
    /// Manage API tokens (stored as SHA-256 hashes)
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent copy of an SQLite broker database, while it runs
    #[command(
        after_help = "Restore: stop the broker, replace its database file with the copy (and delete any FILE-wal and FILE-shm beside it), start it.\n\nExamples:\n  shipgate broker backup /backups/shipgate-$(date +%F).db\n  shipgate broker backup copy.db \\\n    --database-url sqlite:///var/lib/shipgate/broker.db"
    )]
    Backup(BackupArgs),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once
    #[command(
        after_help = "Examples:\n  shipgate broker token create --name ci --role write\n  shipgate broker token create --name ops --role admin"
    )]
    Create(TokenCreateArgs),
    /// List the tokens (names, roles, creation times; never secrets)
    #[command(after_help = "Examples:\n  shipgate broker token list")]
    List(TokenDbArgs),
    /// Revoke a token: it stops working at once
    #[command(after_help = "Examples:\n  shipgate broker token revoke --name ci")]
    Revoke(TokenRevokeArgs),
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Arguments of `shipgate broker serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:9292]
    #[arg(long, env = "SHIPGATE_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://shipgate.db]
    #[arg(long, env = "SHIPGATE_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Base URL used in links when behind a proxy [default: from the Host header]
    #[arg(long, env = "SHIPGATE_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Basic auth user with read-write access
    #[arg(
        long,
        env = "SHIPGATE_BASIC_AUTH_USERNAME",
        value_name = "USER",
        requires = "basic_auth_password"
    )]
    pub basic_auth_username: Option<String>,
    /// Password of the read-write user
    #[arg(
        long,
        env = "SHIPGATE_BASIC_AUTH_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub basic_auth_password: Option<String>,
    /// Basic auth user with read-only access
    #[arg(
        long,
        env = "SHIPGATE_READ_ONLY_USERNAME",
        value_name = "USER",
        requires = "read_only_password"
    )]
    pub read_only_username: Option<String>,
    /// Password of the read-only user
    #[arg(
        long,
        env = "SHIPGATE_READ_ONLY_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub read_only_password: Option<String>,
    /// Whether credentials are required: auto (once a basic user or any token exists), on, off [default: auto]
    #[arg(long, env = "SHIPGATE_AUTH", value_enum, value_name = "MODE")]
    pub auth: Option<AuthModeArg>,
    /// Let unauthenticated clients read when auth is on
    #[arg(long, env = "SHIPGATE_ALLOW_PUBLIC_READ")]
    pub allow_public_read: bool,
    /// Let unauthenticated clients fetch /metrics (for Prometheus) when auth is on
    #[arg(long, env = "SHIPGATE_PUBLIC_METRICS")]
    pub public_metrics: bool,
    /// Address or CIDR block of a reverse proxy that authenticates people (repeatable); with --proxy-user-header
    #[arg(
        long = "trusted-proxy",
        env = "SHIPGATE_TRUSTED_PROXIES",
        value_name = "ADDR",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// Header in which a trusted proxy names the user (read access), such as X-Forwarded-User
    #[arg(long, env = "SHIPGATE_PROXY_USER_HEADER", value_name = "NAME")]
    pub proxy_user_header: Option<String>,
    /// Allow listening on a non-loopback address without any authentication
    #[arg(long, env = "SHIPGATE_ALLOW_PUBLIC_WRITE")]
    pub allow_public_write: bool,
    /// Trust X-Forwarded-Host and X-Forwarded-Proto for links (only behind a proxy that sets them)
    #[arg(long, env = "SHIPGATE_TRUST_FORWARDED_HEADERS")]
    pub trust_forwarded_headers: bool,
    /// Accept changed pact content for an already published consumer version (default: 409)
    #[arg(long, env = "SHIPGATE_ALLOW_CONTRACT_MODIFICATION")]
    pub allow_contract_modification: bool,
    /// Largest request body, such as 10MiB [default: 10MiB]
    #[arg(long, env = "SHIPGATE_BODY_LIMIT", value_name = "SIZE")]
    pub body_limit: Option<String>,
    /// Log format [default: text]
    #[arg(long, env = "SHIPGATE_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Database connection pool size [default: 10]
    #[arg(long, env = "SHIPGATE_MAX_CONNECTIONS", value_name = "N")]
    pub max_connections: Option<u32>,
    /// SQLite commit durability [default: full]
    #[arg(
        long,
        env = "SHIPGATE_SQLITE_SYNCHRONOUS",
        value_enum,
        value_name = "MODE"
    )]
    pub sqlite_synchronous: Option<SqliteSynchronous>,
    /// Seconds a connection may wait for, or take to send, a request's headers (idle keep-alive included) [default: 10]
    #[arg(long, env = "SHIPGATE_HEADER_TIMEOUT", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: Option<u64>,
    /// Seconds a request body may take to arrive [default: 30]
    #[arg(long, env = "SHIPGATE_BODY_TIMEOUT", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: Option<u64>,
    /// Open connections allowed per client address, 0 for no cap (raise it behind a proxy) [default: 64]
    #[arg(long, env = "SHIPGATE_MAX_CONNECTIONS_PER_CLIENT", value_name = "N")]
    pub max_connections_per_client: Option<usize>,
}

/// Arguments of `shipgate broker token create`.
#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// A unique name for the token, such as `ci`
    #[arg(long)]
    pub name: String,
    /// read, write or admin
    #[arg(long, default_value = "write", value_parser = parse_role)]
    pub role: Role,
    #[command(flatten)]
    pub db: TokenDbArgs,
}

/// The database a token command works on.
#[derive(Debug, Args)]
pub struct TokenDbArgs {
    /// The broker's database [default: sqlite://shipgate.db]
    #[arg(long, env = "SHIPGATE_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
}

/// Arguments of `shipgate broker token revoke`.
#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// The token's name
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub db: TokenDbArgs,
}

/// Arguments of `shipgate broker backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write (must not exist)
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// The broker's SQLite database [default: sqlite://shipgate.db]
    #[arg(long, env = "SHIPGATE_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

/// Parse `10MiB`, `512KiB`, `1MB`, `2048`.
pub fn parse_size(s: &str) -> anyhow::Result<usize> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num
        .parse()
        .with_context(|| format!("invalid size `{s}`: expected a number such as 10MiB"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        other => anyhow::bail!("invalid size unit `{other}` in `{s}`: use B, KiB, MiB or GiB"),
    };
    n.checked_mul(mult)
        .filter(|n| *n > 0)
        .with_context(|| format!("invalid size `{s}`"))
}

pub fn run(
    args: BrokerCmdArgs,
    ctx: &OutputContext,
    section: &BrokerSection,
    gate: &crate::commands::gate::GateSection,
) -> anyhow::Result<ExitStatus> {
    match args.command {
        BrokerCommand::Serve(a) => serve(*a, ctx, section, gate),
        BrokerCommand::Token(TokenCommand::Create(a)) => token_create(a, section),
        BrokerCommand::Token(TokenCommand::List(a)) => token_list(a, section),
        BrokerCommand::Token(TokenCommand::Revoke(a)) => token_revoke(a, section),
        BrokerCommand::Backup(a) => backup(a, section),
    }
}

/// The trusted proxy from flags or `[broker.access]`: both the header and at
/// least one address, or neither.
fn trusted_proxy(
    addresses: Vec<String>,
    header: Option<String>,
) -> anyhow::Result<Option<TrustedProxy>> {
    match (addresses.is_empty(), header) {
        (true, None) => Ok(None),
        (false, None) => anyhow::bail!(
            "--trusted-proxy needs --proxy-user-header: the header in which the proxy names the user"
        ),
        (true, Some(h)) => anyhow::bail!(
            "--proxy-user-header {h} needs --trusted-proxy: the addresses allowed to send it (anyone else could name any user)"
        ),
        (false, Some(header)) => {
            axum::http::HeaderName::from_bytes(header.as_bytes()).with_context(|| {
                format!("--proxy-user-header `{header}` is not a valid header name")
            })?;
            let addresses = addresses
                .iter()
                .map(|a| {
                    a.parse::<AddressBlock>()
                        .map_err(|e| anyhow::anyhow!("--trusted-proxy {e}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok(Some(TrustedProxy { header, addresses }))
        }
    }
}

fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

fn init_server_logging(format: LogFormat, ctx: &OutputContext) -> tracing::Dispatch {
    use tracing_subscriber::EnvFilter;
    let default = if ctx.quiet {
        "warn"
    } else if ctx.verbose > 0 {
        "debug"
    } else {
        "info,sqlx=warn"
    };
    let filter =
        EnvFilter::try_from_env("SHIPGATE_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false);
    match format {
        LogFormat::Json => tracing::Dispatch::new(builder.json().flatten_event(true).finish()),
        LogFormat::Text => tracing::Dispatch::new(builder.finish()),
    }
}

/// The files SQLite keeps for a database: the file, its WAL and shared memory.
fn sqlite_files(database_url: &str) -> Vec<std::path::PathBuf> {
    let Ok((url, shipgate_broker::Backend::Sqlite)) =
        shipgate_broker::db::normalise_url(database_url)
    else {
        return Vec::new();
    };
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or("")
        .to_string();
    if path.is_empty() || path.contains(":memory:") {
        return Vec::new();
    }
    ["", "-wal", "-shm", "-journal", ".lock"]
        .iter()
        .map(|suffix| std::path::PathBuf::from(format!("{path}{suffix}")))
        .collect()
}

fn serve(
    args: ServeArgs,
    ctx: &OutputContext,
    section: &BrokerSection,
    gate: &crate::commands::gate::GateSection,
) -> anyhow::Result<ExitStatus> {
    let listen = args
        .listen
        .or_else(|| section.listen.clone())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
    let addr: SocketAddr = listen.parse().with_context(|| {
        format!("invalid --listen address `{listen}`: expected IP:PORT such as 127.0.0.1:9292")
    })?;
    let database_url = args
        .database_url
        .or_else(|| section.database_url.clone())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    let body_limit = match args.body_limit.or_else(|| section.body_limit.clone()) {
        Some(s) => parse_size(&s)?,
        None => 10 * 1024 * 1024,
    };
    let log_format = args
        .log_format
        .or(section.log_format)
        .unwrap_or(LogFormat::Text);
    let access = &section.access;
    let defaults = shipgate_broker::serve::Limits::default();
    let limits = shipgate_broker::serve::Limits {
        header_timeout: args
            .header_timeout
            .or(section.header_timeout)
            .map_or(defaults.header_timeout, std::time::Duration::from_secs),
        body_timeout: args
            .body_timeout
            .or(section.body_timeout)
            .map_or(defaults.body_timeout, std::time::Duration::from_secs),
        max_connections_per_client: args
            .max_connections_per_client
            .or(section.max_connections_per_client)
            .unwrap_or(defaults.max_connections_per_client),
    };
    for (name, secs) in [
        ("header-timeout", section.header_timeout),
        ("body-timeout", section.body_timeout),
    ] {
        if secs == Some(0) {
            anyhow::bail!("[broker] {name} must be at least 1 second");
        }
    }
    let dispatch = init_server_logging(log_format, ctx);
    let worker_dispatch = dispatch.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(move || {
            // Each worker logs through the server's subscriber.
            std::mem::forget(tracing::dispatcher::set_default(&worker_dispatch));
        })
        .build()
        .context("starting the async runtime")?;
    let _guard = tracing::dispatcher::set_default(&dispatch);
    let proxy = trusted_proxy(
        if args.trusted_proxies.is_empty() {
            access.trusted_proxies.clone().unwrap_or_default()
        } else {
            args.trusted_proxies
        },
        args.proxy_user_header
            .or_else(|| access.proxy_user_header.clone()),
    )?;
    let mut config = BrokerConfig {
        listen: listen.clone(),
        public_url: args.public_url.or_else(|| section.public_url.clone()),
        allow_contract_modification: args.allow_contract_modification
            || section.allow_contract_modification.unwrap_or(false),
        body_limit,
        trust_forwarded_headers: args.trust_forwarded_headers
            || section.trust_forwarded_headers.unwrap_or(false),
        limits,
        auth: AuthConfig {
            mode: args
                .auth
                .or(access.auth)
                .map_or(AuthMode::Auto, AuthMode::from),
            basic: args.basic_auth_username.zip(args.basic_auth_password),
            basic_read_only: args.read_only_username.zip(args.read_only_password),
            allow_public_read: args.allow_public_read || access.public_read.unwrap_or(false),
            public_metrics: args.public_metrics || access.public_metrics.unwrap_or(false),
            proxy,
        },
        gate_api_strict: gate.strict_api(),
    };
    let db_options = DbOptions {
        max_connections: args
            .max_connections
            .or(section.max_connections)
            .unwrap_or(10),
        synchronous: match args.sqlite_synchronous.or(section.sqlite_synchronous) {
            Some(SqliteSynchronous::Normal) => Synchronous::Normal,
            _ => Synchronous::Full,
        },
        ..DbOptions::default()
    };
    let quiet = ctx.quiet;
    // The files that exist before the start: a failed start removes only
    // the ones it created.
    let files: Vec<(std::path::PathBuf, bool)> = sqlite_files(&database_url)
        .into_iter()
        .map(|p| {
            let existed = p.exists();
            (p, existed)
        })
        .collect();
    let started = runtime.block_on(async {
        // Bind first: a port that is taken fails the start before any
        // database file is created.
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let lock = shipgate_broker::db::lock_for_server(&database_url)?;
        let db = Db::connect_with(&database_url, &db_options)
            .await
            .with_context(|| format!("opening the broker database {database_url}"))?;
        let tokens = shipgate_broker::auth::any_tokens(&db)
            .await
            .map_err(|e| anyhow::anyhow!("{}", api_error_text(&e)))?;
        let auth_on = config.auth.required(tokens);
        if !auth_on && !is_loopback(&addr) && !args.allow_public_write {
            anyhow::bail!(
                "refusing to listen on {addr} without authentication: anyone who can reach it could publish contracts and record deployments. \
                 Configure --basic-auth-username/--basic-auth-password, create a token (shipgate broker token create), \
                 or pass --allow-public-write"
            );
        }
        if config.auth.mode == AuthMode::Off && config.auth.basic.is_some() {
            tracing::warn!("--auth off: the configured basic auth users are not checked");
        }
        Ok::<_, anyhow::Error>((listener, lock, db, auth_on, tokens))
    });
    let (listener, lock, db, auth_on, tokens) = match started {
        Ok(parts) => parts,
        Err(e) => {
            for (path, existed) in &files {
                if !existed {
                    let _ = std::fs::remove_file(path);
                }
            }
            return Err(e);
        }
    };
    runtime.block_on(async move {
        let local = listener.local_addr()?;
        let backend = db.backend.as_str();
        let auth_state = match (auth_on, config.auth.mode) {
            (true, AuthMode::Auto) => "auth on",
            (true, _) => "auth on (configured)",
            (false, AuthMode::Off) => "auth off (configured)",
            (false, _) => "auth off until a credential exists",
        };
        let public: Vec<&str> = [
            (config.auth.allow_public_read, "read"),
            (config.auth.public_metrics, "metrics"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, what)| *what)
        .collect();
        let hint = if !auth_on {
            format!("try: curl http://{local}/")
        } else if config.auth.allow_public_read {
            format!("try: curl http://{local}/   (public read)")
        } else if tokens {
            format!("try: curl -H \"Authorization: Bearer $TOKEN\" http://{local}/")
        } else if config.auth.basic.is_some() || config.auth.basic_read_only.is_some() {
            format!("try: curl -u USER:PASSWORD http://{local}/")
        } else {
            "no credential exists yet: create one with `shipgate broker token create --name admin --role admin`".to_string()
        };
        config.listen = local.to_string();
        let limits = config.limits;
        let state = shipgate_broker::AppState::new(db, config);
        let app = shipgate_broker::app(state);
        if !quiet {
            // The address line is for people and supervisors; a closed stdout
            // (a supervisor that read the address and went away) must not stop the server.
            let mut out = std::io::stdout().lock();
            let public = if public.is_empty() {
                String::new()
            } else {
                format!(", public {}", public.join(", "))
            };
            let _ = writeln!(
                out,
                "shipgate broker listening on http://{local} ({backend}, {auth_state}{public})"
            );
            let _ = writeln!(out, "  {hint}   ·   stop with Ctrl-C");
            let _ = out.flush();
        }
        tracing::info!(address = %local, backend, auth = auth_state, "broker started");
        shipgate_broker::serve::serve(listener, app, limits, shutdown_signal())
            .await
            .context("serving HTTP")?;
        drop(lock);
        tracing::info!("broker stopped");
        Ok(ExitStatus::Success)
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

fn database_url(given: Option<String>, section: &BrokerSection) -> String {
    given
        .or_else(|| section.database_url.clone())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string())
}

/// Open the broker database for a one-off command.
async fn open(database_url: &str) -> anyhow::Result<Db> {
    Db::connect(database_url, 1)
        .await
        .with_context(|| format!("opening the broker database {database_url}"))
}

fn api(e: &shipgate_broker::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", api_error_text(e))
}

fn token_create(args: TokenCreateArgs, section: &BrokerSection) -> anyhow::Result<ExitStatus> {
    let database_url = database_url(args.db.database_url, section);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let secret = runtime.block_on(async {
        let db = open(&database_url).await?;
        shipgate_broker::auth::create_token(&db, &args.name, args.role)
            .await
            .map_err(|e| api(&e))
    })?;
    println!("{secret}");
    eprintln!(
        "token `{}` with role {} created; it is shown only now (the broker stores its SHA-256 hash)",
        args.name,
        args.role.as_str()
    );
    Ok(ExitStatus::Success)
}

fn token_list(args: TokenDbArgs, section: &BrokerSection) -> anyhow::Result<ExitStatus> {
    let database_url = database_url(args.database_url, section);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let tokens = runtime.block_on(async {
        let db = open(&database_url).await?;
        shipgate_broker::auth::list_tokens(&db)
            .await
            .map_err(|e| api(&e))
    })?;
    let mut out = std::io::stdout().lock();
    if tokens.is_empty() {
        eprintln!("no tokens");
    }
    for t in tokens {
        writeln!(out, "{}\t{}\t{}", t.name, t.role, t.created_at)?;
    }
    Ok(ExitStatus::Success)
}

fn token_revoke(args: TokenRevokeArgs, section: &BrokerSection) -> anyhow::Result<ExitStatus> {
    let database_url = database_url(args.db.database_url, section);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let revoked = runtime.block_on(async {
        let db = open(&database_url).await?;
        shipgate_broker::auth::revoke_token(&db, &args.name)
            .await
            .map_err(|e| api(&e))
    })?;
    if !revoked {
        anyhow::bail!("no token named `{}`", args.name);
    }
    eprintln!("token `{}` revoked", args.name);
    Ok(ExitStatus::Success)
}

fn backup(args: BackupArgs, section: &BrokerSection) -> anyhow::Result<ExitStatus> {
    let database_url = database_url(args.database_url, section);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let copied = runtime.block_on(async {
        let db = open(&database_url).await?;
        shipgate_broker::backup::backup(&db, &args.file)
            .await
            .with_context(|| format!("backing up {database_url} to {}", args.file.display()))
    })?;
    eprintln!(
        "wrote {} ({} bytes, schema version {}, {} pacticipants, {} versions)",
        args.file.display(),
        copied.bytes,
        copied.schema_version,
        copied.pacticipants,
        copied.versions
    );
    Ok(ExitStatus::Success)
}

/// The detail of a broker error, for the terminal.
pub fn api_error_text(e: &shipgate_broker::ApiError) -> String {
    match e {
        shipgate_broker::ApiError::Client { detail, .. } => detail.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_proxy_needs_both_header_and_addresses() {
        assert!(trusted_proxy(vec![], None).unwrap().is_none());
        assert!(trusted_proxy(vec!["10.0.0.1".into()], None).is_err());
        assert!(trusted_proxy(vec![], Some("X-Forwarded-User".into())).is_err());
        assert!(
            trusted_proxy(vec!["10.0.0.0/99".into()], Some("X-Forwarded-User".into())).is_err()
        );
        assert!(trusted_proxy(vec!["10.0.0.1".into()], Some("bad header".into())).is_err());
        let p = trusted_proxy(
            vec!["10.0.0.0/8".into(), "::1".into()],
            Some("X-Forwarded-User".into()),
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.addresses.len(), 2);
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("10MiB").unwrap(), 10 * 1024 * 1024);
        assert_eq!(parse_size("512 KiB").unwrap(), 512 * 1024);
        assert_eq!(parse_size("2048").unwrap(), 2048);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }
}
