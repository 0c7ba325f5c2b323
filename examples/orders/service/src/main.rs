//! The orders service of the example story (`examples/README.md`).
//!
//! Run it with `cargo run -p example-orders -- --port 8081` (add `--v2` for the
//! release that renames `total` to `amount_minor`). It serves `GET /orders/{id}`,
//! `POST /orders`, and `POST /_pact/state`, the provider-state endpoint that
//! `shipgate verify` (and the Pact verifier) call before each interaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
struct App {
    v2: bool,
    orders: Arc<Mutex<BTreeMap<i64, Value>>>,
}

impl App {
    fn order(&self, id: i64, status: &str, total: i64) -> Value {
        if self.v2 {
            json!({ "id": id, "status": status, "amount_minor": total, "currency": "EUR" })
        } else {
            json!({ "id": id, "status": status, "total": total, "currency": "EUR" })
        }
    }
}

#[tokio::main]
async fn main() {
    let mut port = 8081u16;
    let mut v2 = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage("--port needs a number"));
            }
            "--v2" => v2 = true,
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let app = App {
        v2,
        orders: Arc::default(),
    };
    let router = Router::new()
        .route("/orders", post(place))
        .route("/orders/{id}", get(fetch))
        .route("/_pact/state", post(state))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|e| usage(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    println!(
        "orders service{} listening on http://{addr}",
        if v2 { " (v2)" } else { "" }
    );
    if let Err(e) = axum::serve(listener, router).await {
        usage(&format!("server error: {e}"));
    }
}

fn usage(msg: &str) -> ! {
    eprintln!("example-orders: {msg}\nusage: example-orders [--port N] [--v2]");
    std::process::exit(2)
}

async fn fetch(State(app): State<App>, Path(id): Path<i64>) -> (StatusCode, Json<Value>) {
    match app.orders.lock().map(|o| o.get(&id).cloned()) {
        Ok(Some(order)) => (StatusCode::OK, Json(order)),
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "no such order" })),
        ),
    }
}

async fn place(State(app): State<App>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    let Some(items) = body.get("items").and_then(Value::as_array) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "items is required" })),
        );
    };
    let quantity: i64 = items
        .iter()
        .filter_map(|i| i.get("quantity").and_then(Value::as_i64))
        .sum();
    let Ok(mut orders) = app.orders.lock() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "error": "busy" })),
        );
    };
    let id = orders.keys().next_back().map_or(1002, |k| k + 1);
    let order = app.order(id, "pending", quantity * 1500);
    orders.insert(id, order.clone());
    (StatusCode::CREATED, Json(order))
}

/// `{state, params, action}` from the verifier: set up (or tear down) the named state.
async fn state(State(app): State<App>, Json(body): Json<Value>) -> StatusCode {
    let Ok(mut orders) = app.orders.lock() else {
        return StatusCode::SERVICE_UNAVAILABLE;
    };
    if body.get("action").and_then(Value::as_str) == Some("teardown") {
        orders.clear();
        return StatusCode::OK;
    }
    if body.get("state").and_then(Value::as_str) == Some("an order exists") {
        let id = body
            .pointer("/params/id")
            .and_then(Value::as_i64)
            .unwrap_or(1001);
        orders.insert(id, app.order(id, "paid", 4250));
    }
    StatusCode::OK
}
