//! Write authorisation, route by route: every route in `/openapi.json` ×
//! every method × every kind of credential, with public read on and off;
//! and the web view's pages (`shipgate_broker::web::PAGES`, and every API
//! route asked for with `Accept: text/html`) × `GET`/`HEAD` × every credential.
//! A refused request must answer 401 or 403 and leave the stored data
//! exactly as it was.

mod support;

use axum::http::{header, Method, StatusCode};
use base64::Engine as _;
use serde_json::{json, Value};
use shipgate_broker::{app, AppState, AuthConfig, BrokerConfig, Db, Role};
use support::{dump, fill, pact, send_raw};

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
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Needs {
    Nothing,
    Read,
    Write,
    Admin,
}

fn needs(method: &Method, template: &str) -> Needs {
    let safe = method == Method::GET || method == Method::HEAD;
    match template {
        "/diagnostic/status/heartbeat" | "/diagnostic/status/dependencies" | "/openapi.json"
            if safe =>
        {
            Needs::Nothing
        }
        "/pacts/provider/{provider}/for-verification" if method == Method::POST => Needs::Read,
        "/tokens" if safe || method == Method::POST => Needs::Admin,
        "/tokens/{name}" if method == Method::DELETE => Needs::Admin,
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
            Cred::WriteToken | Cred::BasicReadWrite => Some(Needs::Write),
            Cred::AdminToken => Some(Needs::Admin),
        }
    }

    fn is_wrong(self) -> bool {
        matches!(self, Cred::WrongBearer | Cred::WrongBasic)
    }
}

async fn send(
    router: &axum::Router,
    method: Method,
    path: &str,
    auth: Option<String>,
    body: Option<&Value>,
) -> (StatusCode, String) {
    let (status, _, text) = send_raw(
        router,
        method,
        path,
        auth,
        body.map(|b| ("application/json", b.to_string())),
        &[],
    )
    .await;
    (status, text)
}

async fn broker(public_read: bool) -> (axum::Router, Db, Tokens, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    // A long acquire timeout: on a loaded CI machine the default 2 s (which
    // turns a database outage into a quick 503) can expire in the dumps.
    let options = shipgate_broker::db::DbOptions {
        max_connections: 4,
        acquire_timeout: std::time::Duration::from_secs(60),
        ..Default::default()
    };
    let db = Db::connect_with(&url, &options).await.expect("db");
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
    // The token the walk may revoke (`DELETE /tokens/{name}`).
    shipgate_broker::auth::create_token(&db, "victim", Role::Read)
        .await
        .expect("token");
    let config = BrokerConfig {
        auth: AuthConfig {
            basic: Some(("ci".into(), "ci-pass".into())),
            basic_read_only: Some(("viewer".into(), "viewer-pass".into())),
            allow_public_read: public_read,
            ..AuthConfig::default()
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

async fn description(router: &axum::Router) -> Value {
    let (status, body) = send(router, Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_str(&body).expect("openapi.json")
}

async fn templates(router: &axum::Router) -> Vec<String> {
    let (status, body) = send(router, Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).expect("openapi.json");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() > 20, "only {} paths described", paths.len());
    let mut ids = std::collections::BTreeSet::new();
    for (template, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"].as_str().expect("operationId");
            assert!(
                ids.insert(id.to_string()),
                "{method} {template}: operationId `{id}` repeats"
            );
            assert!(
                op["x-shipgate-access"].is_string(),
                "{method} {template}: no access"
            );
        }
    }
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
                    (n, Some(g)) => g >= n,
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

/// The web view: every page route (and every API route asked for as a
/// browser asks, `Accept: text/html`) × `GET`/`HEAD` × every credential. A
/// page needs the read role, or nothing with public read; a refusal is an
/// HTML page, and a 401 carries the Basic challenge so browsers prompt.
async fn walk_pages(public_read: bool) {
    let (router, _db, tokens, _dir) = broker(public_read).await;
    let mut all: Vec<String> = shipgate_broker::web::PAGES
        .iter()
        .map(|t| t.to_string())
        .collect();
    for t in templates(&router).await {
        if !all.contains(&t) {
            all.push(t);
        }
    }
    let mut checked = 0;
    for template in &all {
        let path = fill(template);
        for method in [Method::GET, Method::HEAD] {
            let needed = needs(&method, template);
            for cred in CREDS {
                let (status, headers, text) = send_raw(
                    &router,
                    method.clone(),
                    &path,
                    cred.header(&tokens),
                    None,
                    &[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
                )
                .await;
                let allowed = match (needed, cred.grants()) {
                    (Needs::Nothing, _) => true,
                    _ if cred.is_wrong() => false,
                    (Needs::Read, None) => public_read,
                    (_, None) => false,
                    (n, Some(g)) => g >= n,
                };
                let what = format!(
                    "{method} {path} (route {template}, Accept: text/html) with {cred:?}, public read {public_read}: {status} {text}"
                );
                let is_page = shipgate_broker::web::PAGES.contains(&template.as_str());
                let content_type = headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if allowed {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "should be allowed: {what}"
                    );
                    if is_page {
                        assert!(content_type.starts_with("text/html"), "not a page: {what}");
                    }
                } else {
                    let expected = if cred.grants().is_some() {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(status, expected, "should be refused: {what}");
                    if is_page {
                        assert!(content_type.starts_with("text/html"), "not a page: {what}");
                        assert!(
                            !text.contains("Pact between") && !text.contains("\"interactions\""),
                            "a refused page shows data: {what}"
                        );
                        if status == StatusCode::UNAUTHORIZED {
                            let challenge = headers
                                .get(header::WWW_AUTHENTICATE)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("");
                            assert!(
                                challenge.starts_with("Basic "),
                                "no Basic challenge: {what}"
                            );
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked >= shipgate_broker::web::PAGES.len() * 2 * CREDS.len(),
        "only {checked} combinations checked"
    );
    // The stylesheet and the icon are public (the 401 page itself uses them).
    for asset in shipgate_broker::web::ASSETS {
        let (status, _, _) = send_raw(&router, Method::GET, asset, None, None, &[]).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
    }
}

#[tokio::test]
async fn every_page_and_credential_public_read_off() {
    walk_pages(false).await;
}

#[tokio::test]
async fn every_page_and_credential_public_read_on() {
    walk_pages(true).await;
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

/// A hostile request: what it is, its body (content type, text), extra
/// headers, and the status it must get.
type Refusal<'a> = (
    &'a str,
    Option<(&'a str, String)>,
    Vec<(&'a str, &'a str)>,
    StatusCode,
);

/// Hole 4 (cross-site request forgery): every write route × method, sent
/// the ways a hostile web page can send it, with the strongest credential
/// (the browser attaches basic auth it has seen). Each is refused
/// with the documented status and changes nothing; the same request from
/// an API client or from the broker's own origin is not refused.
#[tokio::test]
async fn cross_site_writes_and_non_json_bodies_are_refused() {
    let (router, db, tokens, _dir) = broker(false).await;
    let doc = description(&router).await;
    let write = || Some(format!("Bearer {}", tokens.admin));
    let body = pact("Evil").to_string();
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        let path = fill(template);
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let op = &item[method.as_str().to_ascii_lowercase()];
            let refused: Vec<Refusal> = vec![
                // A form post: the classic CSRF.
                (
                    "form body",
                    Some(("application/x-www-form-urlencoded", "a=b".into())),
                    vec![],
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ),
                (
                    "text/plain JSON",
                    Some(("text/plain", body.clone())),
                    vec![],
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ),
                (
                    "multipart",
                    Some(("multipart/form-data; boundary=x", "--x--".into())),
                    vec![],
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ),
                (
                    "no content type",
                    Some(("", body.clone())),
                    vec![],
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ),
                (
                    "foreign origin",
                    Some(("application/json", body.clone())),
                    vec![("origin", "http://evil.example")],
                    StatusCode::FORBIDDEN,
                ),
                (
                    "null origin",
                    Some(("application/json", body.clone())),
                    vec![("origin", "null")],
                    StatusCode::FORBIDDEN,
                ),
                (
                    "cross-site fetch",
                    Some(("application/json", body.clone())),
                    vec![("sec-fetch-site", "cross-site")],
                    StatusCode::FORBIDDEN,
                ),
                (
                    "same-site fetch",
                    Some(("application/json", body.clone())),
                    vec![("sec-fetch-site", "same-site")],
                    StatusCode::FORBIDDEN,
                ),
                (
                    "empty cross-site form",
                    Some(("application/x-www-form-urlencoded", String::new())),
                    vec![
                        ("origin", "http://evil.example"),
                        ("sec-fetch-site", "cross-site"),
                    ],
                    StatusCode::FORBIDDEN,
                ),
                (
                    "other port",
                    None,
                    vec![
                        ("origin", "http://localhost:1234"),
                        ("host", "localhost:9292"),
                    ],
                    StatusCode::FORBIDDEN,
                ),
            ];
            for (what, b, headers, expected) in refused {
                let before = dump(&db).await;
                let (status, resp_headers, text) =
                    send_raw(&router, method.clone(), &path, write(), b, &headers).await;
                let what = format!("{method} {path} ({what}): {status} {text}");
                assert_eq!(status, expected, "{what}");
                assert_eq!(
                    before,
                    dump(&db).await,
                    "a refused request changed data: {what}"
                );
                assert!(
                    !resp_headers
                        .keys()
                        .any(|k| k.as_str().starts_with("access-control-")),
                    "CORS header sent: {what}"
                );
                checked += 1;
            }
            // A write with no body where the description requires one.
            if op["requestBody"]["required"] == true {
                for b in [
                    None,
                    Some(("application/json", String::new())),
                    Some(("application/json", " \n".to_string())),
                ] {
                    let before = dump(&db).await;
                    let (status, _, text) =
                        send_raw(&router, method.clone(), &path, write(), b, &[]).await;
                    assert_eq!(
                        status,
                        StatusCode::BAD_REQUEST,
                        "{method} {path} without a body: {text}"
                    );
                    assert!(text.contains("needs a JSON request body"), "{text}");
                    assert_eq!(before, dump(&db).await, "{method} {path}");
                    checked += 1;
                }
            }
            // Not refused: an API client (no Origin), the broker's own
            // origin, and a user-typed navigation (Sec-Fetch-Site: none).
            if op.is_object() {
                for headers in [
                    vec![],
                    vec![
                        ("origin", "http://localhost:9292"),
                        ("host", "localhost:9292"),
                        ("sec-fetch-site", "same-origin"),
                    ],
                    vec![("sec-fetch-site", "none")],
                ] {
                    for ct in [
                        "application/json",
                        "application/hal+json; charset=utf-8",
                        "application/merge-patch+json",
                    ] {
                        let (status, _, text) = send_raw(
                            &router,
                            method.clone(),
                            &path,
                            write(),
                            op["requestBody"].is_object().then(|| (ct, body.clone())),
                            &headers,
                        )
                        .await;
                        assert!(
                            status != StatusCode::FORBIDDEN && status != StatusCode::UNSUPPORTED_MEDIA_TYPE,
                            "{method} {path} with {ct} and {headers:?} was refused: {status} {text}"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} refusals checked");
}

/// No response grants cross-origin access: a CORS preflight gets no
/// `Access-Control-Allow-*` header, and neither does a read.
#[tokio::test]
async fn no_permissive_cors_headers() {
    let (router, _db, _tokens, _dir) = broker(true).await;
    for (method, path) in [
        (Method::OPTIONS, "/contracts/publish"),
        (
            Method::OPTIONS,
            "/pacticipants/C/versions/1.0.0/deployed-versions/environment/x",
        ),
        (Method::GET, "/"),
        (Method::GET, "/pacticipants"),
    ] {
        let (status, headers, _) = send_raw(
            &router,
            method.clone(),
            path,
            None,
            None,
            &[
                ("origin", "http://evil.example"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
        )
        .await;
        assert!(
            !headers
                .keys()
                .any(|k| k.as_str().starts_with("access-control-")),
            "{method} {path}: {status} {headers:?}"
        );
    }
}

/// The admin role manages tokens through the API: create (secret shown
/// once), list (never secrets), revoke (stops working at once). Nobody
/// else may, and an open broker hands admin rights to no one.
#[tokio::test]
async fn admins_create_list_and_revoke_tokens() {
    let (router, db, tokens, _dir) = broker(false).await;
    let admin = || Some(format!("Bearer {}", tokens.admin));
    let (status, text) = send(
        &router,
        Method::POST,
        "/tokens",
        admin(),
        Some(&json!({"name": "deployer", "role": "write"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let created: Value = serde_json::from_str(&text).unwrap();
    let secret = created["token"].as_str().expect("secret").to_string();
    assert_eq!(created["role"], "write");
    let bearer = Some(format!("Bearer {secret}"));
    let (status, _) = send(&router, Method::GET, "/pacticipants", bearer.clone(), None).await;
    assert_eq!(status, StatusCode::OK, "the new token works");
    let (status, text) = send(&router, Method::GET, "/tokens", admin(), None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let listed: Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = listed["_embedded"]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "deployer", "r", "victim", "w"]);
    for s in [&secret, &tokens.admin, &tokens.write] {
        assert!(!text.contains(s.as_str()), "a listing shows a secret");
    }
    // Bad input changes nothing.
    let before = dump(&db).await;
    for body in [
        json!({"name": "deployer"}),
        json!({"name": "x", "role": "root"}),
        json!({"name": ""}),
        json!({"name": "x", "secret": "mine"}),
    ] {
        let (status, text) = send(&router, Method::POST, "/tokens", admin(), Some(&body)).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::CONFLICT,
            "{body}: {status} {text}"
        );
    }
    assert_eq!(before, dump(&db).await);
    // Only admins.
    for cred in [&tokens.write, &secret] {
        let (status, _) = send(
            &router,
            Method::DELETE,
            "/tokens/deployer",
            Some(format!("Bearer {cred}")),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = send(&router, Method::DELETE, "/tokens/deployer", admin(), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&router, Method::GET, "/pacticipants", bearer, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "revoked at once");
    let (status, _) = send(&router, Method::DELETE, "/tokens/deployer", admin(), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // An open broker (auth auto, no credential yet): reads and writes are
    // open, token management is not.
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("open.db").display());
    let db = Db::connect(&url, 2).await.expect("db");
    let open = app(AppState::new(db.clone(), BrokerConfig::default()));
    let (status, _) = send(&open, Method::GET, "/pacticipants", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, text) = send(
        &open,
        Method::POST,
        "/tokens",
        None,
        Some(&json!({"name": "mine", "role": "admin"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    assert!(text.contains("needs auth on"), "{text}");
    assert!(shipgate_broker::auth::list_tokens(&db)
        .await
        .unwrap()
        .is_empty());
}
