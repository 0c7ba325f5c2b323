//! The shipgate contract broker: a Pact Broker compatible HAL API,
//! can-i-deploy, and storage on embedded SQLite or PostgreSQL.
//!
//! Architecture invariant: only this crate knows HTTP routes and SQL storage.
//! [`app`] builds the one `Router` used by `shipgate broker serve` and tests.

pub mod api_doc;
pub mod auth;
pub mod backup;
pub mod canonical;
pub mod db;
pub mod deletion;
pub mod error;
pub mod for_verification;
pub mod gate;
pub mod guard;
pub mod http;
pub mod matrix;
pub mod metrics;
pub mod nested_query;
pub mod pagination;
pub mod routes;
pub mod serve;
pub mod store;
pub mod verdict;
pub mod web;
pub mod webhooks;

pub use auth::{AddressBlock, AuthConfig, AuthMode, Role, TrustedProxy};
pub use db::{Backend, Db, DbError};
pub use error::ApiError;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Settings of a running broker.
#[derive(Debug, Clone)]
pub struct BrokerConfig {
    /// The address the server listens on (used for links when no Host header).
    pub listen: String,
    /// Base URL for links, when the broker sits behind a proxy.
    pub public_url: Option<String>,
    /// Accept changed pact content for an already published consumer version.
    pub allow_contract_modification: bool,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Trust `X-Forwarded-Host` and `X-Forwarded-Proto` (set only behind a
    /// proxy that overwrites them; otherwise any client could choose the
    /// host written into response links).
    pub trust_forwarded_headers: bool,
    /// Connection timeouts and the per-client connection cap.
    pub limits: serve::Limits,
    pub auth: AuthConfig,
    /// What webhooks may call, and how they retry.
    pub webhooks: webhooks::WebhookConfig,
    /// `[gate] api = "strict"`: error-level API changes block even when no
    /// deployed consumer relies on them.
    pub gate_api_strict: bool,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig {
            listen: "127.0.0.1:9292".into(),
            public_url: None,
            allow_contract_modification: false,
            body_limit: 10 * 1024 * 1024,
            trust_forwarded_headers: false,
            limits: serve::Limits::default(),
            auth: AuthConfig::default(),
            webhooks: webhooks::WebhookConfig::default(),
            gate_api_strict: false,
        }
    }
}

/// Shared state of the application.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<BrokerConfig>,
    pub metrics: Arc<metrics::Metrics>,
    /// The webhook client, guard and worker signal.
    pub webhooks: Arc<webhooks::Runtime>,
    /// Set once a token has been seen (auth mode `auto` then stays on).
    tokens_exist: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(db: Db, config: BrokerConfig) -> Self {
        let webhooks = Arc::new(webhooks::Runtime::new(config.webhooks.clone()));
        AppState {
            db,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
            tokens_exist: Arc::new(AtomicBool::new(false)),
            webhooks,
        }
    }

    /// Start the worker that executes triggered webhooks (once per process).
    pub fn spawn_webhook_worker(&self) -> tokio::task::JoinHandle<()> {
        webhooks::spawn(self.db.clone(), self.webhooks.clone())
    }

    /// Record that a token exists (auth mode `auto` is on from now on).
    pub fn tokens_seen(&self) {
        self.tokens_exist.store(true, Ordering::Relaxed);
    }

    /// Whether this request must carry credentials. In auth mode `auto`
    /// with no basic user, this looks for a token until it finds one, so a
    /// token created by `shipgate broker token create` while the broker
    /// runs closes it for the very next request.
    pub async fn auth_required(&self) -> Result<bool, ApiError> {
        let auth = &self.config.auth;
        if auth.required(false) || auth.mode != AuthMode::Auto {
            return Ok(auth.required(false));
        }
        if self.tokens_exist.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let found = auth::any_tokens(&self.db).await?;
        if found {
            self.tokens_seen();
        }
        Ok(found)
    }
}

/// The broker's HTTP application.
///
/// Browsers asking for HTML get the web view ([`web`]); every other request
/// reaches the API router unchanged.
pub fn app(state: AppState) -> axum::Router {
    web::app(routes::router(state.clone()), state)
}
