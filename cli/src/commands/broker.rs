//! `shipgate broker serve` (run the contract broker) and `shipgate broker
//! token create` (issue an API token, stored hashed).

use crate::render::OutputContext;
use crate::ExitStatus;
use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use serde::Deserialize;
use shipgate_broker::{AddressBlock, AuthConfig, BrokerConfig, Db, Role, TrustedProxy};
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
    pub allow_public_read: Option<bool>,
    pub log_format: Option<LogFormat>,
    pub max_connections: Option<u32>,
    /// Addresses or CIDR blocks of a reverse proxy allowed to name the user.
    pub trusted_proxies: Option<Vec<String>>,
    /// The header that proxy names the user in, such as `X-Forwarded-User`.
    pub proxy_user_header: Option<String>,
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
        after_help = "Examples:\n  shipgate broker serve\n  shipgate broker serve --listen 0.0.0.0:9292 --database-url postgres://broker@db/broker --basic-auth-username ci --basic-auth-password \"$PW\"\n  SHIPGATE_DATABASE_URL=sqlite:///var/lib/shipgate/broker.db shipgate broker serve --log-format json"
    )]
    Serve(ServeArgs),
    /// Manage API tokens (stored as SHA-256 hashes)
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once
    #[command(after_help = "Examples:\n  shipgate broker token create --name ci --role write")]
    Create(TokenCreateArgs),
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
    /// Let unauthenticated clients read when auth is on
    #[arg(long, env = "SHIPGATE_ALLOW_PUBLIC_READ")]
    pub allow_public_read: bool,
    /// Allow listening on a non-loopback address without any authentication
    #[arg(long, env = "SHIPGATE_ALLOW_PUBLIC_WRITE")]
    pub allow_public_write: bool,
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
    /// The broker's database [default: sqlite://shipgate.db]
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
) -> anyhow::Result<ExitStatus> {
    match args.command {
        BrokerCommand::Serve(a) => serve(a, ctx, section),
        BrokerCommand::Token(TokenCommand::Create(a)) => token_create(a, section),
    }
}

/// The trusted proxy from flags or `[broker]`: both the header and at least
/// one address, or neither.
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
            axum::http::HeaderName::from_bytes(header.as_bytes())
                .with_context(|| format!("--proxy-user-header `{header}` is not a valid header name"))?;
            let addresses = addresses
                .iter()
                .map(|a| a.parse::<AddressBlock>().map_err(|e| anyhow::anyhow!("--trusted-proxy {e}")))
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

fn serve(
    args: ServeArgs,
    ctx: &OutputContext,
    section: &BrokerSection,
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
            section.trusted_proxies.clone().unwrap_or_default()
        } else {
            args.trusted_proxies
        },
        args.proxy_user_header
            .or_else(|| section.proxy_user_header.clone()),
    )?;
    let mut config = BrokerConfig {
        listen: listen.clone(),
        public_url: args.public_url.or_else(|| section.public_url.clone()),
        allow_contract_modification: args.allow_contract_modification
            || section.allow_contract_modification.unwrap_or(false),
        body_limit,
        auth: AuthConfig {
            basic: args.basic_auth_username.zip(args.basic_auth_password),
            basic_read_only: args.read_only_username.zip(args.read_only_password),
            allow_public_read: args.allow_public_read || section.allow_public_read.unwrap_or(false),
            tokens_enabled: false,
            proxy,
        },
    };
    let max_connections = args
        .max_connections
        .or(section.max_connections)
        .unwrap_or(10);
    let quiet = ctx.quiet;
    runtime.block_on(async move {
        let db = Db::connect(&database_url, max_connections)
            .await
            .with_context(|| format!("opening the broker database {database_url}"))?;
        config.auth.tokens_enabled = shipgate_broker::auth::any_tokens(&db).await?;
        if !config.auth.enabled() && !is_loopback(&addr) && !args.allow_public_write {
            anyhow::bail!(
                "refusing to listen on {addr} without authentication: anyone who can reach it could publish contracts and record deployments. \
                 Configure --basic-auth-username/--basic-auth-password, create a token (shipgate broker token create), \
                 or pass --allow-public-write"
            );
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let backend = db.backend.as_str();
        let auth_state = if config.auth.enabled() { "on" } else { "off" };
        let state = shipgate_broker::AppState::new(db, config);
        let app = shipgate_broker::app(state);
        if !quiet {
            // The address line is for people and supervisors; a closed stdout
            // (a supervisor that read the address and went away) must not stop the server.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "shipgate broker listening on http://{local} ({backend}, auth {auth_state})"
            );
            let _ = writeln!(out, "  try: curl http://{local}/   ·   stop with Ctrl-C");
            let _ = out.flush();
        }
        tracing::info!(address = %local, backend, "broker started");
        // The peer address reaches the auth layer (trusted proxies are by address).
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving HTTP")?;
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

fn token_create(args: TokenCreateArgs, section: &BrokerSection) -> anyhow::Result<ExitStatus> {
    let database_url = args
        .database_url
        .or_else(|| section.database_url.clone())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let secret = runtime.block_on(async {
        let db = Db::connect(&database_url, 1)
            .await
            .with_context(|| format!("opening the broker database {database_url}"))?;
        shipgate_broker::auth::create_token(&db, &args.name, args.role)
            .await
            .map_err(|e| anyhow::anyhow!("{}", crate::commands::broker::api_error_text(&e)))
    })?;
    println!("{secret}");
    eprintln!(
        "token `{}` with role {} created; it is shown only now (the broker stores its SHA-256 hash)",
        args.name,
        args.role.as_str()
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
    fn sizes_parse() {
        assert_eq!(parse_size("10MiB").unwrap(), 10 * 1024 * 1024);
        assert_eq!(parse_size("512 KiB").unwrap(), 512 * 1024);
        assert_eq!(parse_size("2048").unwrap(), 2048);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }

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
}
