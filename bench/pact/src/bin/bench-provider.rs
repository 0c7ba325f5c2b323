//! A tiny axum provider for the verification benchmark: `GET /items/{id}`
//! answers a small JSON item; `POST /_pact/state` accepts state changes.
//! Prints `http://127.0.0.1:PORT` on its first line.

use axum::extract::Path;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

async fn item(Path(id): Path<u64>) -> Json<Value> {
    Json(json!({
        "id": id,
        "sku": format!("SKU-{id:06}"),
        "name": format!("Item number {id}"),
        "price": id as f64 * 1.25 + 0.99,
        "tags": ["alpha", "beta"],
    }))
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/items/{id}", get(item))
        .route("/_pact/state", post(|| async { Json(json!({})) }));
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    println!("http://{}", listener.local_addr().unwrap());
    use std::io::Write as _;
    std::io::stdout().flush().ok();
    axum::serve(listener, app).await.unwrap();
}
