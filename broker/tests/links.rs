//! Response links: `X-Forwarded-Host` and `X-Forwarded-Proto` choose the
//! host and scheme written into links only when the configuration trusts
//! them (issue 10, hole 7): otherwise any client could make the broker hand
//! out links to a host of its choosing.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use shipgate_broker::{app, AppState, BrokerConfig, Db};
use tower::ServiceExt as _;

async fn index_self(trust: bool) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    let db = Db::connect(&url, 2).await.expect("db");
    let config = BrokerConfig {
        trust_forwarded_headers: trust,
        ..BrokerConfig::default()
    };
    let req = Request::get("/")
        .header("host", "broker.internal:9292")
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .expect("request");
    let resp = app(AppState::new(db, config))
        .oneshot(req)
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .expect("body");
    let doc: Value = serde_json::from_slice(&bytes).expect("json");
    doc["_links"]["self"]["href"]
        .as_str()
        .expect("self link")
        .to_string()
}

#[tokio::test]
async fn forwarded_headers_are_ignored_unless_trusted() {
    assert_eq!(index_self(false).await, "http://broker.internal:9292/");
    assert_eq!(index_self(true).await, "https://evil.example/");
}
