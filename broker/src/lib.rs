//! The shipgate contract broker: a Pact Broker compatible HAL API,
//! can-i-deploy, and storage on embedded SQLite or PostgreSQL.
//!
//! Architecture invariant: only this crate knows HTTP routes and SQL storage.
//! [`app`] builds the one `Router` used by `shipgate broker serve` and tests.

pub mod auth;
pub mod db;
pub mod error;
pub mod for_verification;
pub mod http;
pub mod matrix;
pub mod metrics;
pub mod nested_query;
pub mod routes;
pub mod store;
pub mod verdict;
pub mod web;

pub use auth::{AddressBlock, AuthConfig, Role, TrustedProxy};
pub use db::{Backend, Db, DbError};
pub use error::ApiError;

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
    pub auth: AuthConfig,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig {
            listen: "127.0.0.1:9292".into(),
            public_url: None,
            allow_contract_modification: false,
            body_limit: 10 * 1024 * 1024,
            auth: AuthConfig::default(),
        }
    }
}

/// Shared state of the application.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<BrokerConfig>,
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    pub fn new(db: Db, config: BrokerConfig) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
        }
    }
}

/// The broker's HTTP application.
///
/// Browsers asking for HTML get the web view ([`web`]); every other request
/// reaches the API router unchanged.
pub fn app(state: AppState) -> axum::Router {
    web::app(routes::router(state.clone()), state)
}
