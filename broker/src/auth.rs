//! Authentication and authorisation: bearer tokens (stored as SHA-256
//! hashes) with the roles read, write and admin, and HTTP basic auth with a
//! read-write and a read-only user, as the Pact CLI sends them.
//!
//! Whether credentials are required is the configured [`AuthMode`]: `on`,
//! `off`, or `auto` (on as soon as a basic user is configured or any token
//! exists, checked on every request, so the first token created closes an
//! open broker at once rather than at its next restart). The admin role
//! manages tokens (`/tokens`); the basic read-write user has the write role.
//!
//! A token is also accepted as the basic auth password (any user name), so
//! people can sign in to the web view from the browser's own prompt, without
//! cookies or JavaScript. Behind a trusted proxy (allow-listed peer addresses
//! only), a configured header such as `X-Forwarded-User` may name a reader
//! instead.

use crate::db::{now, Db};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};

/// A role, ordered by power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Read,
    Write,
    Admin,
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "read" => Ok(Role::Read),
            "write" => Ok(Role::Write),
            "admin" => Ok(Role::Admin),
            other => Err(format!("unknown role `{other}`: use read, write or admin")),
        }
    }
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Read => "read",
            Role::Write => "write",
            Role::Admin => "admin",
        }
    }
}

/// Whether the broker requires credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// Required once any credential exists (a basic user, or a token in
    /// the database), checked on every request.
    #[default]
    Auto,
    /// Always required (with no credential at all, only public routes answer).
    On,
    /// Never required: anyone who reaches the broker may read and write.
    Off,
}

impl std::str::FromStr for AuthMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(AuthMode::Auto),
            "on" => Ok(AuthMode::On),
            "off" => Ok(AuthMode::Off),
            other => Err(format!("unknown auth mode `{other}`: use on, off or auto")),
        }
    }
}

impl AuthMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Auto => "auto",
            AuthMode::On => "on",
            AuthMode::Off => "off",
        }
    }
}

/// Authentication settings and the public-access switches
/// (`[broker.access]` in shipgate.toml).
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// Whether credentials are required.
    pub mode: AuthMode,
    /// Basic auth user with read and write access.
    pub basic: Option<(String, String)>,
    /// Basic auth user with read access only.
    pub basic_read_only: Option<(String, String)>,
    /// Let unauthenticated clients read when auth is on.
    pub allow_public_read: bool,
    /// Let unauthenticated clients fetch `/metrics` (Prometheus scrapes).
    pub public_metrics: bool,
    /// A reverse proxy that authenticates people and names them in a header
    /// (they get the read role).
    pub proxy: Option<TrustedProxy>,
}

impl AuthConfig {
    /// Whether credentials are required, given whether any token exists.
    pub fn required(&self, tokens_exist: bool) -> bool {
        match self.mode {
            AuthMode::On => true,
            AuthMode::Off => false,
            AuthMode::Auto => {
                self.basic.is_some()
                    || self.basic_read_only.is_some()
                    || self.proxy.is_some()
                    || tokens_exist
            }
        }
    }
}

/// A reverse proxy trusted to name the user: requests from one of its
/// addresses that carry `header` are let in with the read role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxy {
    /// Such as `X-Forwarded-User` (matched case-insensitively).
    pub header: String,
    /// Peer addresses allowed to set the header: addresses or CIDR blocks.
    pub addresses: Vec<AddressBlock>,
}

/// An address or a CIDR block (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressBlock {
    pub network: IpAddr,
    pub prefix: u8,
}

impl std::str::FromStr for AddressBlock {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| {
            format!("`{s}` is not an IP address or CIDR block (such as 10.0.0.0/8 or ::1)")
        })?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{s}`: the prefix length must be 0 to {max}"))?,
        };
        Ok(AddressBlock { network, prefix })
    }
}

impl AddressBlock {
    /// Whether `ip` lies in this block (IPv4-mapped IPv6 peers count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// SHA-256 of a token, hex.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Create a token with a role; returns the secret (shown once, stored hashed).
pub async fn create_token(db: &Db, name: &str, role: Role) -> Result<String, ApiError> {
    crate::http::validate_name("token", name)?;
    let bytes: [u8; 32] = rand::random();
    let secret = format!(
        "sg_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "INSERT INTO api_tokens (name, token_sha256, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(hash_token(&secret))
    .bind(role.as_str())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::conflict(format!(
            "a token named `{name}` already exists"
        )));
    }
    tx.commit().await?;
    Ok(secret)
}

/// Whether any token exists.
pub async fn any_tokens(db: &Db) -> Result<bool, ApiError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM api_tokens LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

/// A token as listed: never its secret (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub role: String,
    pub created_at: String,
}

/// Every token, by name.
pub async fn list_tokens(db: &Db) -> Result<Vec<TokenInfo>, ApiError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, role, created_at FROM api_tokens ORDER BY name")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(name, role, created_at)| TokenInfo {
            name,
            role,
            created_at,
        })
        .collect())
}

/// Revoke (delete) a token; `false` when no token has that name. It stops
/// working at once: every request looks its hash up.
pub async fn revoke_token(db: &Db, name: &str) -> Result<bool, ApiError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("DELETE FROM api_tokens WHERE name = $1")
        .bind(name)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// The user a trusted proxy names, when the request comes from one.
fn proxy_user(state: &AppState, req: &Request) -> Option<String> {
    let proxy = state.config.auth.proxy.as_ref()?;
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
    if !proxy.addresses.iter().any(|b| b.contains(peer)) {
        return None;
    }
    let user = req
        .headers()
        .get(proxy.header.as_str())?
        .to_str()
        .ok()?
        .trim();
    (!user.is_empty() && !user.chars().any(char::is_control)).then(|| user.to_string())
}

async fn role_of(state: &AppState, headers: &HeaderMap) -> Result<Option<Role>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("the Authorization header is not valid text"))?;
    let auth = &state.config.auth;
    if let Some(token) = value.strip_prefix("Bearer ").map(str::trim) {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM api_tokens WHERE token_sha256 = $1")
                .bind(hash_token(token))
                .fetch_optional(&state.db.pool)
                .await?;
        return match role {
            Some(r) => Ok(Some(r.parse().unwrap_or(Role::Read))),
            None => Err(ApiError::unauthorized(
                "the bearer token is not known to this broker",
            )),
        };
    }
    if let Some(encoded) = value.strip_prefix("Basic ").map(str::trim) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                ApiError::unauthorized("the basic auth credentials are not valid base64")
            })?;
        let (user, pass) = decoded.split_once(':').unwrap_or((&decoded, ""));
        let matches = |cred: &Option<(String, String)>| {
            cred.as_ref().is_some_and(|(u, p)| {
                constant_eq(u.as_bytes(), user.as_bytes())
                    & constant_eq(p.as_bytes(), pass.as_bytes())
            })
        };
        if matches(&auth.basic) {
            return Ok(Some(Role::Write));
        }
        if matches(&auth.basic_read_only) {
            return Ok(Some(Role::Read));
        }
        // A token as the password (the user name is not checked): how people
        // sign in to the web view with the browser's own prompt.
        if !pass.is_empty() {
            let role: Option<String> =
                sqlx::query_scalar("SELECT role FROM api_tokens WHERE token_sha256 = $1")
                    .bind(hash_token(pass))
                    .fetch_optional(&state.db.pool)
                    .await?;
            if let Some(r) = role {
                return Ok(Some(r.parse().unwrap_or(Role::Read)));
            }
        }
        return Err(ApiError::unauthorized("wrong username or password"));
    }
    Err(ApiError::unauthorized(
        "unsupported Authorization scheme: use Bearer or Basic",
    ))
}

/// Who made a request, for records such as overrides: the bearer token's
/// name, the basic auth user name, or `anonymous`. The auth middleware has
/// already checked the credentials.
pub async fn identity(state: &AppState, headers: &HeaderMap) -> String {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return "anonymous".into();
    };
    if let Some(token) = value.strip_prefix("Bearer ").map(str::trim) {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM api_tokens WHERE token_sha256 = $1")
                .bind(hash_token(token))
                .fetch_optional(&state.db.pool)
                .await
                .ok()
                .flatten();
        return name.map_or_else(|| "anonymous".into(), |n| format!("token {n}"));
    }
    if let Some(encoded) = value.strip_prefix("Basic ").map(str::trim) {
        if let Some(user) = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|d| d.split_once(':').map(|(u, _)| u.to_owned()))
        {
            return user;
        }
    }
    "anonymous".into()
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    let ha = Sha256::digest(a);
    let hb = Sha256::digest(b);
    ha.iter()
        .zip(hb.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// What a route needs from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, even with auth on (liveness checks, the API description).
    Public,
    /// At least this role, or public read for [`Role::Read`] when enabled.
    Role(Role),
}

/// Routes whose access differs from the default (safe methods read,
/// everything else write). Keyed by method and the *matched route template*,
/// never by the request path's text: `/pacts/provider/P/consumer/C/version/for-verification`
/// matches the pact-publication template and so needs write.
const EXCEPTIONS: &[(Method, &str, Access)] = &[
    (Method::GET, "/diagnostic/status/heartbeat", Access::Public),
    (
        Method::GET,
        "/diagnostic/status/dependencies",
        Access::Public,
    ),
    (Method::GET, "/openapi.json", Access::Public),
    (Method::GET, "/tokens", Access::Role(Role::Admin)),
    (Method::POST, "/tokens", Access::Role(Role::Admin)),
    (Method::DELETE, "/tokens/{name}", Access::Role(Role::Admin)),
    // The verifier fetches the pacts to verify with a POST; it reads nothing else.
    (
        Method::POST,
        "/pacts/provider/{provider}/for-verification",
        Access::Role(Role::Read),
    ),
];

/// The access a request needs, from its method and the route template it
/// matched (`None` when no route matched: the fallback answers 404 or 405).
pub fn required_access(method: &Method, route: Option<&str>) -> Access {
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    if let Some(route) = route {
        if let Some((_, _, access)) = EXCEPTIONS
            .iter()
            .find(|(m, r, _)| m == method && *r == route)
        {
            return *access;
        }
    }
    match *method {
        Method::GET | Method::OPTIONS => Access::Role(Role::Read),
        _ => Access::Role(Role::Write),
    }
}

/// The middleware: 401 without valid credentials, 403 with too weak a role.
/// It runs after routing, so the matched route template is known.
pub async fn require_auth(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let needed = match required_access(req.method(), route) {
        Access::Public => return next.run(req).await,
        Access::Role(role) => role,
    };
    if needed == Role::Read && route == Some("/metrics") && state.config.auth.public_metrics {
        return next.run(req).await;
    }
    let required = match state.auth_required().await {
        Ok(required) => required,
        Err(e) => return e.into_response(),
    };
    if !required {
        if needed == Role::Admin {
            // An open broker has no one to hand admin rights to: whoever
            // reached it first would own its tokens.
            return ApiError::forbidden(
                "token management needs auth on: create the first admin token on the broker's host with `shipgate broker token create --role admin`",
            )
            .into_response();
        }
        return next.run(req).await;
    }
    let role = match role_of(&state, req.headers()).await {
        Ok(None) if proxy_user(&state, &req).is_some() => Some(Role::Read),
        Ok(role) => role,
        Err(e) => return with_challenge(e.into_response()),
    };
    match role {
        Some(r) if r >= needed => next.run(req).await,
        Some(r) => ApiError::forbidden(format!(
            "this credential has the {} role; {} {} needs {}",
            r.as_str(),
            req.method(),
            req.uri().path(),
            needed.as_str()
        ))
        .into_response(),
        None if needed == Role::Read && state.config.auth.allow_public_read => next.run(req).await,
        None => with_challenge(
            ApiError::unauthorized("this broker requires authentication: send a bearer token or basic auth credentials")
                .into_response(),
        ),
    }
}

fn with_challenge(mut resp: Response) -> Response {
    if resp.status() == axum::http::StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"shipgate\", Basic realm=\"shipgate\""),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order_and_parse() {
        assert!(Role::Admin > Role::Write && Role::Write > Role::Read);
        assert_eq!("write".parse::<Role>().unwrap(), Role::Write);
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn access_comes_from_the_matched_route_not_the_path_text() {
        let write = Access::Role(Role::Write);
        let read = Access::Role(Role::Read);
        // The pact-publication template with a version named `for-verification`.
        let put_pact = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}";
        assert_eq!(required_access(&Method::PUT, Some(put_pact)), write);
        assert_eq!(required_access(&Method::POST, Some(put_pact)), write);
        let fv = "/pacts/provider/{provider}/for-verification";
        assert_eq!(required_access(&Method::POST, Some(fv)), read);
        assert_eq!(required_access(&Method::PUT, Some(fv)), write);
        assert_eq!(required_access(&Method::DELETE, Some(fv)), write);
        assert_eq!(required_access(&Method::HEAD, Some(fv)), read);
        assert_eq!(required_access(&Method::POST, None), write);
        assert_eq!(
            required_access(&Method::GET, Some("/openapi.json")),
            Access::Public
        );
        assert_eq!(required_access(&Method::POST, Some("/openapi.json")), write);
    }

    #[test]
    fn address_blocks_match_their_members() {
        let b: AddressBlock = "10.1.0.0/16".parse().unwrap();
        assert!(b.contains("10.1.200.3".parse().unwrap()));
        assert!(!b.contains("10.2.0.1".parse().unwrap()));
        assert!(b.contains("::ffff:10.1.0.9".parse().unwrap()));
        let one: AddressBlock = "127.0.0.1".parse().unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        let v6: AddressBlock = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("10.0.0.1".parse().unwrap()));
        let all: AddressBlock = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<AddressBlock>().is_err());
        assert!("proxy.local".parse::<AddressBlock>().is_err());
    }

    #[test]
    fn token_hash_is_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(constant_eq(b"x", b"x") && !constant_eq(b"x", b"y"));
    }
}
