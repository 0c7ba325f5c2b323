//! A delete that fails part-way changes nothing: each runs in one
//! transaction. A trigger makes the last step of each cascade fail after the
//! earlier steps (pacts, verification results, tags…) already ran inside it;
//! the answer is an error and every table is exactly as before.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use shipgate_broker::{app, AppState, BrokerConfig, Db};
use tower::ServiceExt as _;

async fn send(
    router: &axum::Router,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(path);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Row counts of every table.
async fn counts(db: &Db) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\""))
            .fetch_one(&db.pool)
            .await
            .expect("count");
        out.push((t, n));
    }
    out
}

fn pact(consumer: &str, provider: &str, marker: &str) -> Value {
    json!({
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [{"description": marker, "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

#[tokio::test]
async fn a_delete_that_fails_part_way_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    let db = Db::connect(&url, 4).await.expect("db");
    let router = app(AppState::new(db.clone(), BrokerConfig::default()));
    for (consumer, version, provider, marker) in [
        ("web", "1", "users", "a"),
        ("web", "2", "users", "b"),
        ("app", "1", "users", "c"),
    ] {
        let (s, b) = send(
            &router,
            Method::PUT,
            &format!("/pacts/provider/{provider}/consumer/{consumer}/version/{version}"),
            Some(pact(consumer, provider, marker)),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let (s, doc) = send(
        &router,
        Method::GET,
        "/pacts/provider/users/consumer/web/version/1",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    let href = doc["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .unwrap();
    let path = &href[href.find("/pacts/").unwrap()..];
    let (s, b) = send(
        &router,
        Method::POST,
        path,
        Some(json!({"success": true, "providerApplicationVersion": "9"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    send(
        &router,
        Method::PUT,
        "/pacticipants/web/versions/1/tags/prod",
        Some(json!({})),
    )
    .await;
    send(
        &router,
        Method::PUT,
        "/pacticipants/web/labels/frontend",
        Some(json!({})),
    )
    .await;

    // Every cascade ends by deleting a version or a pacticipant row: make those fail.
    for trigger in [
        "CREATE TRIGGER fail_versions BEFORE DELETE ON versions BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
        "CREATE TRIGGER fail_pacticipants BEFORE DELETE ON pacticipants BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    ] {
        sqlx::query(trigger).execute(&db.pool).await.expect("trigger");
    }
    let before = counts(&db).await;
    for path in [
        "/pacticipants/web/versions/1",
        "/pacticipants/users",
        "/pacticipants/web",
    ] {
        let (status, body) = send(&router, Method::DELETE, path, None).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{path}: {body}");
        assert_eq!(
            counts(&db).await,
            before,
            "DELETE {path} left a partial change"
        );
    }
    // Without the triggers the same deletes go through.
    sqlx::query("DROP TRIGGER fail_versions")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("DROP TRIGGER fail_pacticipants")
        .execute(&db.pool)
        .await
        .unwrap();
    let (status, body) = send(&router, Method::DELETE, "/pacticipants/users", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let after: std::collections::HashMap<String, i64> = counts(&db).await.into_iter().collect();
    assert_eq!(after["pact_publications"], 0);
    assert_eq!(after["pact_contents"], 0);
    assert_eq!(after["verifications"], 0);
    assert_eq!(after["integrations"], 0);
    assert_eq!(after["tags"], 1, "web's own tag stays");
}
