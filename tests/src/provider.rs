//! A small, real "users" provider service (axum) for end-to-end contract tests:
//! `GET /users/{id}`, `POST /users`, `POST /echo` (answers what it got),
//! `GET /big?kb=N` (a large body),
//! `GET /gate` (held until the test opens it), the Pact verifier's
//! provider-state endpoint
//! `POST /_pact/state`, and the message endpoint `POST /_pact/messages` (also
//! `POST /`, where the real `pact verifier` sends message requests).
//!
//! `broken: true` renames the `userId` field to `user_id` everywhere, which is
//! the deliberate contract break the tests expect verification to catch.
//!
//! Use it from async code with [`spawn`], or from a plain `#[test]` with
//! [`ProviderServer::start`], which runs the service on its own thread and
//! runtime and stops it on drop.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use serde_json::{json, Value};

/// Options for the provider.
#[derive(Debug, Clone, Default)]
pub struct ProviderOptions {
    /// Rename `userId` to `user_id` in every response and message.
    pub broken: bool,
}

#[derive(Debug, Clone)]
struct User {
    name: String,
    email: String,
}

#[derive(Debug, Default)]
struct Inner {
    users: BTreeMap<i64, User>,
    next_id: i64,
    /// Every body POSTed to the provider-state endpoint, in order.
    state_calls: Vec<Value>,
    /// Every request seen, as `"METHOD /path"`.
    requests: Vec<String>,
    gate: GateLog,
    /// What `POST /echo` answered, in order.
    echoes: Vec<Value>,
}

/// Shared state of one provider instance; cloneable handle for inspection.
#[derive(Debug, Clone)]
pub struct ProviderHandle {
    broken: bool,
    inner: Arc<Mutex<Inner>>,
    gate: Arc<tokio::sync::Notify>,
}

/// What `GET /gate` saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GateLog {
    /// Requests that arrived and started waiting.
    pub arrived: usize,
    /// Requests answered because the test opened the gate.
    pub released: usize,
    /// Requests answered because nobody opened the gate within two minutes.
    pub gave_up: usize,
}

impl ProviderHandle {
    /// Let the requests waiting at `GET /gate` (and the next one) through.
    pub fn open_gate(&self) {
        self.gate.notify_one();
    }

    /// What `POST /echo` answered so far (query, header, body).
    pub fn echoes(&self) -> Vec<Value> {
        self.lock().echoes.clone()
    }

    /// What `GET /gate` saw so far.
    pub fn gate_log(&self) -> GateLog {
        self.lock().gate
    }

    /// Bodies received by `POST /_pact/state`, in order.
    pub fn state_calls(&self) -> Vec<Value> {
        self.lock().state_calls.clone()
    }

    /// Requests seen (`"GET /users/42"`), in order, excluding state calls.
    pub fn requests(&self) -> Vec<String> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn id_field(&self) -> &'static str {
        if self.broken {
            "user_id"
        } else {
            "userId"
        }
    }

    fn user_json(&self, id: i64, user: &User) -> Value {
        let mut obj = serde_json::Map::new();
        obj.insert(self.id_field().to_owned(), json!(id));
        obj.insert("name".into(), json!(user.name));
        obj.insert("email".into(), json!(user.email));
        Value::Object(obj)
    }
}

/// Build the provider's router (exposed so benches can mount it themselves).
pub fn router(opts: ProviderOptions) -> (Router, ProviderHandle) {
    let handle = ProviderHandle {
        broken: opts.broken,
        inner: Arc::new(Mutex::new(Inner {
            next_id: 100,
            ..Inner::default()
        })),
        gate: Arc::new(tokio::sync::Notify::new()),
    };
    let app = Router::new()
        .route("/users/{id}", get(get_user))
        .route("/users", post(create_user))
        .route("/_pact/state", post(provider_state))
        .route("/_pact/messages", post(message))
        .route("/", post(message))
        .route("/health", get(|| async { "ok" }))
        .route("/gate", get(gate))
        .route("/echo", post(echo))
        .route("/big", get(big))
        .with_state(handle.clone());
    (app, handle)
}

/// Start the provider on an ephemeral 127.0.0.1 port inside the current tokio runtime.
pub async fn spawn(opts: ProviderOptions) -> (SocketAddr, ProviderHandle) {
    let (app, handle) = router(opts);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding the provider's port");
    let addr = listener.local_addr().expect("provider local_addr");
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    (addr, handle)
}

/// A provider running on its own thread and runtime; stopped when dropped.
#[derive(Debug)]
pub struct ProviderServer {
    addr: SocketAddr,
    handle: ProviderHandle,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProviderServer {
    /// Start a provider; `broken` renames `userId` to `user_id`.
    pub fn start(broken: bool) -> Self {
        Self::start_with(ProviderOptions { broken })
    }

    pub fn start_with(opts: ProviderOptions) -> Self {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("provider runtime");
            rt.block_on(async move {
                let (app, handle) = router(opts);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("binding the provider's port");
                let addr = listener.local_addr().expect("provider local_addr");
                ready_tx.send((addr, handle)).ok();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        shutdown_rx.await.ok();
                    })
                    .await
                    .ok();
            });
        });
        let (addr, handle) = ready_rx.recv().expect("provider thread started");
        Self {
            addr,
            handle,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT/_pact/state`.
    pub fn state_url(&self) -> String {
        format!("{}/_pact/state", self.base_url())
    }

    /// `http://127.0.0.1:PORT/_pact/messages`.
    pub fn messages_url(&self) -> String {
        format!("{}/_pact/messages", self.base_url())
    }

    pub fn handle(&self) -> &ProviderHandle {
        &self.handle
    }
}

impl Drop for ProviderServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
        if let Some(t) = self.thread.take() {
            t.join().ok();
        }
    }
}

/// `POST /echo`: answers what it received (query, the `x-request-id` header,
/// the JSON body) and records the body, so tests can check generated values.
async fn echo(
    State(h): State<ProviderHandle>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let query: serde_json::Map<String, Value> = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect();
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let echoed = json!({"query": query, "headers": {"x-request-id": request_id}, "body": body});
    {
        let mut inner = h.lock();
        inner.requests.push("POST /echo".into());
        inner.echoes.push(echoed.clone());
    }
    Json(echoed).into_response()
}

/// `GET /big?kb=N`: a JSON body `{"data": "xxx…"}` of about N KiB.
async fn big(axum::extract::RawQuery(query): axum::extract::RawQuery) -> Response {
    let kb: usize = query
        .as_deref()
        .and_then(|q| q.strip_prefix("kb="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let body = format!("{{\"data\": \"{}\"}}", "x".repeat(kb * 1024));
    ([("content-type", "application/json")], body).into_response()
}

/// `GET /gate`: answers only once the test calls [`ProviderHandle::open_gate`]
/// (or after two minutes, recorded as giving up), so a test can hold an
/// interaction in flight while it looks at what the verifier printed so far.
async fn gate(State(h): State<ProviderHandle>) -> Response {
    h.lock().gate.arrived += 1;
    let opened = tokio::time::timeout(std::time::Duration::from_secs(120), h.gate.notified())
        .await
        .is_ok();
    {
        let mut inner = h.lock();
        if opened {
            inner.gate.released += 1;
        } else {
            inner.gate.gave_up += 1;
        }
    }
    Json(json!({"open": true})).into_response()
}

async fn get_user(State(h): State<ProviderHandle>, Path(id): Path<String>) -> Response {
    h.lock().requests.push(format!("GET /users/{id}"));
    let Ok(id) = id.parse::<i64>() else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "id must be an integer"})),
        )
            .into_response();
    };
    let user = h.lock().users.get(&id).cloned();
    match user {
        Some(user) => Json(h.user_json(id, &user)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("user {id} not found")})),
        )
            .into_response(),
    }
}

async fn create_user(State(h): State<ProviderHandle>, body: Option<Json<Value>>) -> Response {
    h.lock().requests.push("POST /users".into());
    let Some(Json(body)) = body else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "a JSON body is required"})),
        )
            .into_response();
    };
    let (Some(name), Some(email)) = (
        body.get("name").and_then(Value::as_str),
        body.get("email").and_then(Value::as_str),
    ) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "name and email are required strings"})),
        )
            .into_response();
    };
    let user = User {
        name: name.to_owned(),
        email: email.to_owned(),
    };
    let id = {
        let mut inner = h.lock();
        let id = inner.next_id;
        inner.next_id += 1;
        inner.users.insert(id, user.clone());
        id
    };
    (StatusCode::CREATED, Json(h.user_json(id, &user))).into_response()
}

/// Apply one named state with its params (setup or teardown). Returns the
/// values the state chose (the answer's JSON, for ProviderState generators).
fn apply_state(h: &ProviderHandle, name: &str, params: &Value, setup: bool) -> Value {
    let mut inner = h.lock();
    match name {
        // The provider picks the id; the verifier learns it from the answer.
        "a user with a new id exists" if setup => {
            let id = inner.next_id + 7000;
            inner.next_id += 1;
            let user = User {
                name: "Chosen".into(),
                email: "chosen@example.com".into(),
            };
            inner.users.insert(id, user);
            return json!({"id": id, "name": "Chosen"});
        }
        "a user with id exists" | "user exists" => {
            let id = params.get("id").and_then(Value::as_i64).unwrap_or(1);
            if setup {
                let name = params
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("Alice")
                    .to_owned();
                let email = params
                    .get("email")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{}@example.com", name.to_lowercase()));
                inner.users.insert(id, User { name, email });
            } else {
                inner.users.remove(&id);
            }
        }
        "no users exist" if setup => inner.users.clear(),
        _ => {}
    }
    json!({})
}

/// `POST /_pact/state`: `{state, params, action}` (the verifier's convention), or
/// `{states: [..], action}` / `{state, states, params}` variants.
async fn provider_state(State(h): State<ProviderHandle>, body: Option<Json<Value>>) -> Response {
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    h.lock().state_calls.push(body.clone());
    let setup = body.get("action").and_then(Value::as_str) != Some("teardown");
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    let mut answer = json!({});
    if let Some(name) = body.get("state").and_then(Value::as_str) {
        answer = apply_state(&h, name, &params, setup);
    }
    if let Some(states) = body.get("states").and_then(Value::as_array) {
        for s in states {
            match s {
                Value::String(name) => {
                    apply_state(&h, name, &params, setup);
                }
                Value::Object(o) => {
                    let name = o.get("name").and_then(Value::as_str).unwrap_or_default();
                    let p = o.get("params").cloned().unwrap_or(Value::Null);
                    apply_state(&h, name, &p, setup);
                }
                _ => {}
            }
        }
    }
    (StatusCode::OK, Json(answer)).into_response()
}

/// The message endpoint: `{description, providerStates}` in, message body out,
/// metadata as base64 JSON in the `Pact-Message-Metadata` header.
async fn message(State(h): State<ProviderHandle>, body: Option<Json<Value>>) -> Response {
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let description = body
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    h.lock().requests.push(format!("MESSAGE {description}"));
    // A synchronous message with several responses: a quote, then "done".
    if description.starts_with("a quote stream") {
        let item = body
            .pointer("/request/contents/content/item")
            .and_then(Value::as_str)
            .unwrap_or("nothing")
            .to_owned();
        let responses = json!([
            {"contents": {"item": item, "price": 12.5}, "metadata": {"topic": "quotes"}},
            {"contents": {"status": "done"}, "metadata": {"topic": "quotes"}}
        ]);
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("pact-message-responses", HeaderValue::from_static("2"));
        return (StatusCode::OK, headers, responses.to_string()).into_response();
    }
    let (content, metadata) = match description.as_str() {
        "a user-created event" => {
            let mut obj = serde_json::Map::new();
            obj.insert("event".into(), json!("user.created"));
            obj.insert(h.id_field().into(), json!(42));
            obj.insert("name".into(), json!("Alice"));
            (
                Value::Object(obj),
                json!({"topic": "users", "contentType": "application/json"}),
            )
        }
        _ => {
            return (
                StatusCode::NOT_FOUND,
                Json(json!({"error": format!("no message named {description:?}")})),
            )
                .into_response()
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    let meta = base64::engine::general_purpose::STANDARD.encode(metadata.to_string());
    if let Ok(v) = HeaderValue::from_str(&meta) {
        headers.insert("pact-message-metadata", v);
    }
    (StatusCode::OK, headers, content.to_string()).into_response()
}
