//! Write authorisation, route by route: every route in `/openapi.json` ×
//! every method × every kind of credential, with public read on and off.
//! A refused request must answer 401 or 403 and leave the stored data
//! exactly as it was.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use serde_json::{json, Value};
use shipgate_broker::{app, AppState, AuthConfig, BrokerConfig, Db, Role};
use tower::ServiceExt as _;

const METHODS: &[Method] = &[
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// What the test expects a route to need, written independently of the
/// broker's own table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Needs {
    Nothing,
    Read,
    Write,
}

fn needs(method: &Method, template: &str) -> Needs {
    let safe = method == Method::GET || method == Method::HEAD;
    match template {
        "/diagnostic/status/heartbeat" | "/openapi.json" if safe => Needs::Nothing,
        "/pacts/provider/{provider}/for-verification" if method == Method::POST => Needs::Read,
        _ if safe => Needs::Read,
        _ => Needs::Write,
    }
}

#[derive(Debug, Clone, Copy)]
enum Cred {
    None,
    WrongBearer,
    WrongBasic,
    ReadToken,
    WriteToken,
    AdminToken,
    BasicReadOnly,
    BasicReadWrite,
}

const CREDS: &[Cred] = &[
    Cred::None,
    Cred::WrongBearer,
    Cred::WrongBasic,
    Cred::ReadToken,
    Cred::WriteToken,
    Cred::AdminToken,
    Cred::BasicReadOnly,
    Cred::BasicReadWrite,
];

struct Tokens {
    read: String,
    write: String,
    admin: String,
}

fn basic(user: &str, pass: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

impl Cred {
    fn header(self, t: &Tokens) -> Option<String> {
        match self {
            Cred::None => None,
            Cred::WrongBearer => Some("Bearer sg_not_a_token".into()),
            Cred::WrongBasic => Some(basic("ci", "wrong")),
            Cred::ReadToken => Some(format!("Bearer {}", t.read)),
            Cred::WriteToken => Some(format!("Bearer {}", t.write)),
            Cred::AdminToken => Some(format!("Bearer {}", t.admin)),
            Cred::BasicReadOnly => Some(basic("viewer", "viewer-pass")),
            Cred::BasicReadWrite => Some(basic("ci", "ci-pass")),
        }
    }

    /// The strongest route this credential may call (`None`: only public ones).
    fn grants(self) -> Option<Needs> {
        match self {
            Cred::None | Cred::WrongBearer | Cred::WrongBasic => None,
            Cred::ReadToken | Cred::BasicReadOnly => Some(Needs::Read),
            Cred::WriteToken | Cred::AdminToken | Cred::BasicReadWrite => Some(Needs::Write),
        }
    }

    fn is_wrong(self) -> bool {
        matches!(self, Cred::WrongBearer | Cred::WrongBasic)
    }
}

/// Fill a route template with names that exist (so an allowed write would
/// really change something).
fn fill(template: &str) -> String {
    template
        .replace("{provider}", "P")
        .replace("{consumer}", "C")
        .replace("{pacticipant}", "C")
        .replace("{version}", "1.0.0")
        .replace("{branch}", "main")
        .replace("{tag}", "prod")
        .replace("{environment}", "production")
        .replace("{sha}", "0000")
        .replace("{metadata}", "e30")
        .replace("{uuid}", "00000000-0000-0000-0000-000000000000")
        .replace("{id}", "1")
}

fn pact(consumer: &str) -> Value {
    json!({
        "consumer": {"name": consumer},
        "provider": {"name": "P"},
        "interactions": [{
            "description": "a request",
            "request": {"method": "GET", "path": "/"},
            "response": {"status": 200}
        }],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

/// Every row of every table, as text, in a stable order.
async fn dump(db: &Db) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .fetch_all(&db.pool)
                .await
                .expect("columns");
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT json_array({list}) AS r FROM \"{t}\" ORDER BY r"
        ))
        .fetch_all(&db.pool)
        .await
        .expect("rows");
        out.push(format!("{t}: {rows:?}"));
    }
    out
}

async fn send(
    router: &axum::Router,
    method: Method,
    path: &str,
    auth: Option<String>,
    body: Option<&Value>,
) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn broker(public_read: bool) -> (axum::Router, Db, Tokens, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    let db = Db::connect(&url, 4).await.expect("db");
    let tokens = Tokens {
        read: shipgate_broker::auth::create_token(&db, "r", Role::Read)
            .await
            .expect("token"),
        write: shipgate_broker::auth::create_token(&db, "w", Role::Write)
            .await
            .expect("token"),
        admin: shipgate_broker::auth::create_token(&db, "a", Role::Admin)
            .await
            .expect("token"),
    };
    let config = BrokerConfig {
        auth: AuthConfig {
            basic: Some(("ci".into(), "ci-pass".into())),
            basic_read_only: Some(("viewer".into(), "viewer-pass".into())),
            allow_public_read: public_read,
            tokens_enabled: true,
            proxy: None,
        },
        ..BrokerConfig::default()
    };
    let router = app(AppState::new(db.clone(), config));
    // Seed: a pact from C to P, so reads and writes hit existing rows.
    let (status, body) = send(
        &router,
        Method::PUT,
        "/pacts/provider/P/consumer/C/version/1.0.0",
        Some(format!("Bearer {}", tokens.write)),
        Some(&pact("C")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (router, db, tokens, dir)
}

async fn templates(router: &axum::Router) -> Vec<String> {
    let (status, body) = send(router, Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).expect("openapi.json");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() > 20, "only {} paths described", paths.len());
    paths.keys().cloned().collect()
}

async fn walk(public_read: bool) {
    let (router, db, tokens, _dir) = broker(public_read).await;
    let mut checked = 0;
    for template in templates(&router).await {
        let path = fill(&template);
        for method in METHODS {
            let needed = needs(method, &template);
            for cred in CREDS {
                let before = dump(&db).await;
                let body = (method != Method::GET && method != Method::HEAD).then(|| pact("Evil"));
                let (status, text) = send(
                    &router,
                    method.clone(),
                    &path,
                    cred.header(&tokens),
                    body.as_ref(),
                )
                .await;
                let allowed = match (needed, cred.grants()) {
                    (Needs::Nothing, _) => true,
                    _ if cred.is_wrong() => false,
                    (Needs::Read, None) => public_read,
                    (_, None) => false,
                    (Needs::Read, Some(_)) => true,
                    (Needs::Write, Some(g)) => g == Needs::Write,
                };
                let what = format!(
                    "{method} {path} (route {template}) with {cred:?}, public read {public_read}: {status} {text}"
                );
                if allowed {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "should be allowed: {what}"
                    );
                } else {
                    let expected = if cred.grants().is_some() {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(status, expected, "should be refused: {what}");
                    assert_eq!(
                        before,
                        dump(&db).await,
                        "a refused request changed data: {what}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} combinations checked");
}

#[tokio::test]
async fn every_route_method_and_credential_public_read_off() {
    walk(false).await;
}

#[tokio::test]
async fn every_route_method_and_credential_public_read_on() {
    walk(true).await;
}

/// The hole as it was reported: a pact PUT to a version named
/// `for-verification` was authorised as a read.
#[tokio::test]
async fn a_pact_published_to_a_for_verification_version_needs_write() {
    for public_read in [false, true] {
        let (router, db, tokens, _dir) = broker(public_read).await;
        let before = dump(&db).await;
        for (cred, expected) in [
            (None, StatusCode::UNAUTHORIZED),
            (
                Some(format!("Bearer {}", tokens.read)),
                StatusCode::FORBIDDEN,
            ),
        ] {
            for (method, path) in [
                (
                    Method::PUT,
                    "/pacts/provider/P/consumer/Evil/version/for-verification",
                ),
                (Method::PUT, "/pacticipants/Evil/versions/for-verification"),
                (
                    Method::PUT,
                    "/pacticipants/C/versions/1.0.0/tags/for-verification",
                ),
                (
                    Method::PUT,
                    "/pacticipants/C/branches/main/versions/for-verification",
                ),
                (Method::PATCH, "/pacticipants/for-verification"),
            ] {
                let (status, text) = send(
                    &router,
                    method.clone(),
                    path,
                    cred.clone(),
                    Some(&pact("Evil")),
                )
                .await;
                assert_eq!(status, expected, "{method} {path}: {text}");
            }
        }
        assert_eq!(before, dump(&db).await);
        // The verifier's own POST still works with the read role, and sees no Evil pact.
        let (status, text) = send(
            &router,
            Method::POST,
            "/pacts/provider/P/for-verification",
            Some(format!("Bearer {}", tokens.read)),
            Some(&json!({})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(!text.contains("Evil"), "{text}");
        assert!(text.contains("/consumer/C/"), "{text}");
    }
}
