//! The web view in-process: content negotiation (browsers get HTML, API
//! clients the unchanged HAL JSON), security headers, the same auth as the
//! API (401 with a Basic challenge, a token as the Basic password, a
//! trusted proxy's user header), and user data escaped in every page.
//! The real-browser tests are in `tests/tests/web_view.rs`.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use serde_json::{json, Value};
use shipgate_broker::{app, AuthConfig, BrokerConfig, Db, Role, TrustedProxy};
use std::net::SocketAddr;
use tower::ServiceExt as _;

const CHROME: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(
    router: &axum::Router,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
    peer: Option<&str>,
) -> Resp {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    if let Some(peer) = peer {
        let addr: SocketAddr = peer.parse().expect("peer");
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 8 << 20)
        .await
        .expect("body");
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn content_type(r: &Resp) -> &str {
    r.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn broker(auth: AuthConfig) -> (axum::Router, Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    let db = Db::connect(&url, 4).await.expect("db");
    let config = BrokerConfig {
        auth,
        ..BrokerConfig::default()
    };
    (
        app(shipgate_broker::AppState::new(db.clone(), config)),
        db,
        dir,
    )
}

fn pact(consumer: &str, provider: &str, description: &str, state: &str, body: Value) -> Value {
    json!({
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [{
            "description": description,
            "providerState": state,
            "request": {"method": "GET", "path": "/things"},
            "response": {"status": 200, "body": body}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

fn enc(s: &str) -> String {
    shipgate_broker::http::seg(s)
}

async fn publish(
    router: &axum::Router,
    auth: &[(&str, &str)],
    consumer: &str,
    version: &str,
    branch: &str,
    tags: &[&str],
    pact: &Value,
) {
    let body = json!({
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "branch": branch,
        "tags": tags,
        "contracts": [{
            "consumerName": consumer,
            "providerName": pact["provider"]["name"],
            "specification": "pact",
            "contentType": "application/json",
            "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string()),
        }]
    });
    let r = send(
        router,
        Method::POST,
        "/contracts/publish",
        auth,
        Some(body),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// Paths that have a page, for a broker seeded with one pact web → orders.
async fn seeded_paths(router: &axum::Router) -> Vec<String> {
    publish(
        router,
        &[],
        "web",
        "1.0.0",
        "main",
        &["prod"],
        &pact(
            "web",
            "orders",
            "a request",
            "things exist",
            json!({"a": 1}),
        ),
    )
    .await;
    let r = send(
        router,
        Method::POST,
        "/environments",
        &[],
        Some(json!({"name": "production", "production": true})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let latest = send(
        router,
        Method::GET,
        "/pacts/provider/orders/consumer/web/latest",
        &[],
        None,
        None,
    )
    .await;
    let doc: Value = serde_json::from_str(&latest.body).expect("pact");
    let sha = doc["_links"]["pb:pact-version"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        router,
        Method::POST,
        &format!("/pacts/provider/orders/consumer/web/pact-version/{sha}/verification-results"),
        &[],
        Some(json!({"success": true, "providerApplicationVersion": "2.0.0"})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    vec![
        "/".into(),
        "/pacticipants".into(),
        "/pacticipants/web".into(),
        "/environments".into(),
        "/environments/production".into(),
        "/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production"
            .into(),
        "/can-i-deploy?pacticipant=web&version=1.0.0&environment=production".into(),
        "/pacts/provider/orders/consumer/web/version/1.0.0".into(),
        "/pacts/provider/orders/consumer/web/latest".into(),
        format!("/pacts/provider/orders/consumer/web/pact-version/{sha}"),
        format!("/pacts/provider/orders/consumer/web/pact-version/{sha}/verification-results/{id}"),
    ]
}

#[tokio::test]
async fn browsers_get_pages_and_api_clients_the_same_json_as_before() {
    let (router, _db, _dir) = broker(AuthConfig::default()).await;
    for path in seeded_paths(&router).await {
        let page = send(
            &router,
            Method::GET,
            &path,
            &[("accept", CHROME)],
            None,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(content_type(&page).starts_with("text/html"), "{path}");
        assert!(page.body.starts_with("<!DOCTYPE html>"), "{path}");
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{csp}"
        );
        assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(
            !page.body.to_lowercase().contains("<script"),
            "{path} has a script"
        );
        // API clients: exactly what a request without Accept gets, as HAL JSON.
        let plain = send(&router, Method::GET, &path, &[], None, None).await;
        for accept in [
            "application/hal+json",
            "application/json",
            "*/*",
            "application/hal+json, text/html",
        ] {
            let api = send(
                &router,
                Method::GET,
                &path,
                &[("accept", accept)],
                None,
                None,
            )
            .await;
            assert_eq!(api.status, plain.status, "{path} {accept}");
            assert_eq!(api.body, plain.body, "{path} with Accept {accept}");
            assert_eq!(content_type(&api), content_type(&plain), "{path} {accept}");
            assert!(
                !content_type(&api).starts_with("text/html"),
                "{path} {accept}"
            );
        }
        assert!(page.headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("Accept"));
    }
    // Paths without a page stay with the API even for browsers.
    for path in [
        "/metrics",
        "/openapi.json",
        "/diagnostic/status/heartbeat",
        "/pacticipants/web/versions",
    ] {
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME)],
            None,
            None,
        )
        .await;
        assert!(
            !content_type(&r).starts_with("text/html"),
            "{path}: {}",
            content_type(&r)
        );
    }
    // Writes never reach the web view.
    let r = send(
        &router,
        Method::POST,
        "/environments",
        &[("accept", CHROME)],
        Some(json!({"name": "test", "production": false})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(content_type(&r).starts_with("application/hal+json"));
    // A missing page under /web/ is an HTML 404; elsewhere the API's problem.
    let r = send(
        &router,
        Method::GET,
        "/web/nothing",
        &[("accept", CHROME)],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(content_type(&r).starts_with("text/html"));
    let r = send(
        &router,
        Method::GET,
        "/pacticipants/nobody",
        &[("accept", CHROME)],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(content_type(&r).starts_with("text/html"), "{}", r.body);
    assert!(r.body.contains("no service named `nobody`"), "{}", r.body);
    let r = send(
        &router,
        Method::GET,
        "/nothing",
        &[("accept", CHROME)],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(content_type(&r).starts_with("application/problem+json"));
    // The stylesheet, whatever the Accept header.
    let css = send(
        &router,
        Method::GET,
        "/web/style.css",
        &[("accept", "text/css,*/*;q=0.1")],
        None,
        None,
    )
    .await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(content_type(&css).starts_with("text/css"));
    // A bad matrix question is a 400 page naming the problem.
    let r = send(
        &router,
        Method::GET,
        "/matrix?q[][version]=1",
        &[("accept", CHROME)],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("q[][pacticipant]"), "{}", r.body);
    // HEAD answers like GET, without a body.
    let r = send(
        &router,
        Method::HEAD,
        "/",
        &[("accept", CHROME)],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(content_type(&r).starts_with("text/html"));
}

fn basic(user: &str, pass: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

#[tokio::test]
async fn pages_need_the_read_role_and_a_token_works_as_the_basic_password() {
    let auth = AuthConfig {
        basic: Some(("ci".into(), "ci-pass".into())),
        basic_read_only: Some(("viewer".into(), "viewer-pass".into())),
        mode: shipgate_broker::AuthMode::On,
        proxy: Some(TrustedProxy {
            header: "X-Forwarded-User".into(),
            addresses: vec!["127.0.0.1".parse().unwrap(), "fd00::/8".parse().unwrap()],
        }),
        ..AuthConfig::default()
    };
    let (router, db, _dir) = broker(auth).await;
    let read = shipgate_broker::auth::create_token(&db, "people", Role::Read)
        .await
        .unwrap();
    let write = shipgate_broker::auth::create_token(&db, "ci", Role::Write)
        .await
        .unwrap();
    let ci = basic("ci", "ci-pass");
    publish(
        &router,
        &[("authorization", &ci)],
        "web",
        "1.0.0",
        "main",
        &[],
        &pact("web", "orders", "a request", "s", json!({})),
    )
    .await;
    for path in ["/", "/pacticipants/web", "/web/network"] {
        // No credentials: the browser's login prompt.
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME)],
            None,
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        let challenge = r.headers[header::WWW_AUTHENTICATE].to_str().unwrap();
        assert!(challenge.starts_with("Basic realm="), "{challenge}");
        assert!(content_type(&r).starts_with("text/html"));
        assert!(r.body.contains("API token"), "{}", r.body);
        // The read-only user, and a read token as the password (any user name).
        for cred in [
            basic("viewer", "viewer-pass"),
            basic("anna", &read),
            basic("", &read),
        ] {
            let r = send(
                &router,
                Method::GET,
                path,
                &[("accept", CHROME), ("authorization", &cred)],
                None,
                None,
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{path} with {cred}: {}", r.body);
        }
        // A wrong password or token.
        for cred in [
            basic("viewer", "nope"),
            basic("anna", "sg_not_a_token"),
            basic("anna", ""),
        ] {
            let r = send(
                &router,
                Method::GET,
                path,
                &[("accept", CHROME), ("authorization", &cred)],
                None,
                None,
            )
            .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path} with {cred}");
        }
        // A trusted proxy naming the user; the same header from anyone else counts for nothing.
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME), ("x-forwarded-user", "anna")],
            None,
            Some("127.0.0.1:40000"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{path} via the proxy: {}", r.body);
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME), ("x-forwarded-user", "anna")],
            None,
            Some("[fd00::5]:40000"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{path} via the IPv6 proxy");
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME), ("x-forwarded-user", "anna")],
            None,
            Some("10.9.9.9:40000"),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{path} from an untrusted address"
        );
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME), ("x-forwarded-user", "anna")],
            None,
            None,
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{path} with no peer address"
        );
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME)],
            None,
            Some("127.0.0.1:40000"),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{path} from the proxy without the header"
        );
    }
    // The assets need no credentials.
    let r = send(&router, Method::GET, "/web/style.css", &[], None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    // The token-as-password also works for the API, with the token's role.
    let r = send(
        &router,
        Method::GET,
        "/pacticipants",
        &[("authorization", &basic("x", &read))],
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(
        &router,
        Method::POST,
        "/environments",
        &[("authorization", &basic("x", &read))],
        Some(json!({"name": "qa", "production": false})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = send(
        &router,
        Method::POST,
        "/environments",
        &[("authorization", &basic("x", &write))],
        Some(json!({"name": "qa", "production": false})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The proxy's user may read, never write.
    let r = send(
        &router,
        Method::POST,
        "/environments",
        &[("x-forwarded-user", "anna")],
        Some(json!({"name": "uat", "production": false})),
        Some("127.0.0.1:1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn public_read_opens_the_pages_too() {
    let auth = AuthConfig {
        basic: Some(("ci".into(), "ci-pass".into())),
        allow_public_read: true,
        ..AuthConfig::default()
    };
    let (router, _db, _dir) = broker(auth).await;
    let r = send(&router, Method::GET, "/", &[("accept", CHROME)], None, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

/// Hostile text in every user-supplied place, and where each shows up.
const SCRIPT: &str = "<script>alert('sg')</script>";
const IMG: &str = "\"><img src=x onerror=alert('sg')>";

#[tokio::test]
async fn user_data_is_escaped_in_every_page() {
    let (router, _db, _dir) = broker(AuthConfig::default()).await;
    let consumer = IMG.to_string();
    let provider = "evil<script>alert('sg')";
    let version = format!("1.0.0{SCRIPT}");
    let branch = format!("feat/{SCRIPT}");
    let tag = IMG;
    let description = format!("{SCRIPT} lists things");
    let body = json!({"html": SCRIPT, "attr": IMG});
    publish(
        &router,
        &[],
        &consumer,
        &version,
        &branch,
        &[tag],
        &pact(&consumer, provider, &description, IMG, body),
    )
    .await;
    // Environment names may hold no spaces: the payload without them.
    let env = "prod\"><img>".to_string();
    let r = send(
        &router,
        Method::POST,
        "/environments",
        &[],
        Some(json!({"name": env, "displayName": IMG, "production": true})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let latest = send(
        &router,
        Method::GET,
        &format!(
            "/pacts/provider/{}/consumer/{}/latest",
            enc(provider),
            enc(&consumer)
        ),
        &[],
        None,
        None,
    )
    .await;
    let doc: Value = serde_json::from_str(&latest.body).expect("pact");
    let sha = doc["_links"]["pb:pact-version"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        &router,
        Method::POST,
        &format!("/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results", enc(provider), enc(&consumer)),
        &[],
        Some(json!({
            "success": false, "providerApplicationVersion": version,
            "buildUrl": "javascript:alert('sg')",
            "testResults": [{"interactionId": description, "success": false,
                "mismatches": [{"attribute": "body", "identifier": SCRIPT, "description": IMG, "expected": SCRIPT, "actual": IMG}]}]
        })),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let pact_path = format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}",
        enc(provider),
        enc(&consumer)
    );
    let q = |s: &str| form_urlencoded_byte(s);
    let pages = [
        "/".to_string(),
        format!("/?q={}", q(SCRIPT)),
        "/web/network".to_string(),
        format!("/web/network?service={}", q(&consumer)),
        "/pacticipants".to_string(),
        format!("/pacticipants/{}", enc(&consumer)),
        format!("/pacticipants/{}", enc(provider)),
        "/environments".to_string(),
        format!("/environments/{}", enc(&env)),
        format!(
            "/matrix?q[][pacticipant]={}&q[][version]={}&environment={}",
            q(&consumer),
            q(&version),
            q(&env)
        ),
        format!("/matrix?q[][pacticipant]={}", q(SCRIPT)),
        pact_path.clone(),
        format!("{pact_path}/verification-results/{id}"),
        format!("/pacticipants/{}", enc(SCRIPT)),
    ];
    for path in &pages {
        let r = send(
            &router,
            Method::GET,
            path,
            &[("accept", CHROME)],
            None,
            None,
        )
        .await;
        assert!(
            r.status.is_success() || r.status.is_client_error(),
            "{path}: {}",
            r.status
        );
        let lower = r.body.to_lowercase();
        assert!(
            !lower.contains("<script"),
            "{path}: unescaped <script>:\n{}",
            r.body
        );
        assert!(
            !lower.contains("<img"),
            "{path}: unescaped <img>:\n{}",
            r.body
        );
        assert!(
            !lower.contains("href=\"javascript"),
            "{path}: a javascript: link"
        );
        assert!(
            ["&#60;script&#62;", "&lt;script&gt;", "&#60;img", "&lt;img"]
                .iter()
                .any(|escaped| r.body.contains(escaped)),
            "{path}: the payload is not shown escaped:\n{}",
            r.body
        );
    }
}

/// `application/x-www-form-urlencoded` encoding of a query value.
fn form_urlencoded_byte(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undo askama's HTML escaping (the five characters it escapes, as named or
/// numeric references).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// The text between `open` and the next `</span>`, for every `open` in `html`.
fn spans(html: &str, open: &str) -> Vec<String> {
    html.split(open)
        .skip(1)
        .map(|rest| unescape(&rest[..rest.find("</span>").expect("closed span")]))
        .collect()
}

/// The matrix page lists `(kind, level, text)` of every reason.
fn page_reasons(html: &str) -> Vec<(String, String, String)> {
    let kinds = spans(html, "<span class=\"kind\">");
    let texts = spans(html, "<span class=\"text\">");
    let levels: Vec<String> = html
        .split("<span class=\"level ")
        .skip(1)
        .map(|rest| {
            let body = &rest[rest.find('>').expect("tag end") + 1..];
            body[..body.find("</span>").expect("closed span")].to_string()
        })
        .collect();
    assert_eq!(kinds.len(), texts.len(), "{html}");
    assert_eq!(kinds.len(), levels.len(), "{html}");
    kinds
        .into_iter()
        .zip(levels)
        .zip(texts)
        .map(|((k, l), t)| (k, l, t))
        .collect()
}

fn api_reasons(v: &Value) -> Vec<(String, String, String)> {
    v["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The matrix page and the environment board show the verdict's reasons
/// exactly as the API gives them, the gate's (migration, override) as well
/// as the contract ones: the page renders `Verdict.reasons`, it derives none.
#[tokio::test]
async fn the_matrix_page_and_the_board_show_the_apis_reasons_including_the_gates() {
    let (router, _db, _dir) = broker(AuthConfig::default()).await;
    let post = |path: String, body: Value| {
        let router = router.clone();
        async move {
            let r = send(&router, Method::POST, &path, &[], Some(body), None).await;
            assert!(
                r.status.is_success(),
                "POST {path}: {} {}",
                r.status,
                r.body
            );
        }
    };
    post(
        "/environments".into(),
        json!({"name": "production", "production": true}),
    )
    .await;
    let v1 = json!({"name": "V1__create_orders.sql", "content": "CREATE TABLE orders (id bigint PRIMARY KEY, total integer NOT NULL);\n"});
    let v2 = json!({"name": "V2__add_amount_minor.sql", "content": "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN amount_minor bigint;\n"});
    let v3 = json!({"name": "V3__drop_total.sql", "content": "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN total;\n"});
    for (version, files) in [("1.0.0", vec![v1.clone()]), ("3.0.0", vec![v1, v2, v3])] {
        let p = pact(
            "orders",
            "stock",
            "a stock level",
            "stock exists",
            json!({"n": 1}),
        );
        publish(&router, &[], "orders", version, "main", &[], &p).await;
        post(
            format!("/pacticipants/orders/versions/{version}/migrations"),
            json!({"database": null, "files": files}),
        )
        .await;
    }
    post(
        "/pacticipants/orders/versions/1.0.0/deployed-versions/environment/production".into(),
        json!({}),
    )
    .await;

    let question = "/can-i-deploy?pacticipant=orders&version=3.0.0&environment=production";
    let compare = |want_kind: &'static str| {
        let router = router.clone();
        async move {
            let api = send(&router, Method::GET, question, &[], None, None).await;
            assert_eq!(api.status, StatusCode::OK, "{}", api.body);
            let api: Value = serde_json::from_str(&api.body).unwrap();
            let expected = api_reasons(&api);
            assert!(
                expected.iter().any(|r| r.0 == want_kind),
                "the API gives no {want_kind} reason: {expected:#?}"
            );
            let page = send(
                &router,
                Method::GET,
                question,
                &[("accept", CHROME)],
                None,
                None,
            )
            .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            assert_eq!(page_reasons(&page.body), expected, "the page's reasons");
            let word = match api["summary"]["deployable"].as_bool() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            };
            assert!(
                page.body
                    .contains(&format!("<span class=\"answer {word}\">{word}</span>")),
                "the page does not answer `{word}`"
            );
            // The board's row for orders: the same answer and the API's summary reason.
            let board = send(
                &router,
                Method::GET,
                "/environments/production",
                &[("accept", CHROME)],
                None,
                None,
            )
            .await;
            assert_eq!(board.status, StatusCode::OK, "{}", board.body);
            let row = board
                .body
                .split("<tr>")
                .find(|r| r.contains(">orders</a>"))
                .expect("a row for orders");
            assert!(
                row.contains(&format!("<span class=\"answer {word}\">{word}</span>")),
                "board row: {row}"
            );
            let first = api["summary"]["reason"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_string();
            assert!(
                spans(row, "<span class=\"when\">").contains(&first),
                "the board row does not give `{first}`: {row}"
            );
            expected
        }
    };
    // Expand and contract in one deployment: a migration reason blocks.
    let before = compare("migration").await;
    assert!(
        before.iter().any(|r| r.0 == "migration" && r.1 == "error"),
        "{before:#?}"
    );
    // An override lets the migration through, and says so.
    post(
        "/gates/overrides".into(),
        json!({"pacticipant": "orders", "version": "3.0.0", "environment": "production",
               "reason": "INC-7: <b>drop</b> is safe", "expires": "2999-01-01"}),
    )
    .await;
    let after = compare("override").await;
    assert!(
        after
            .iter()
            .any(|r| r.0 == "override" && r.2.contains("INC-7: <b>drop</b> is safe")),
        "{after:#?}"
    );
}

/// The consumers named in the index rows of a page, in order.
fn index_consumers(html: &str) -> Vec<String> {
    html.split("<td data-label=\"Consumer\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').expect("a") + 1..];
            unescape(&text[..text.find("</a>").expect("closed a")])
        })
        .collect()
}

/// The `href` of the pager link with `rel`, unescaped.
fn pager_link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!("rel=\"{rel}\""))?;
    let start = html[..at].rfind("href=\"")? + 6;
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

/// Thousands of integrations: the index is paged and searched on the
/// server (each page a fixed size, every integration on exactly one page,
/// the search text taken literally), and a service's versions are paged.
#[tokio::test]
async fn the_index_and_the_versions_are_searched_and_paged_on_the_server() {
    let (router, _db, _dir) = broker(AuthConfig::default()).await;
    for i in 0..120 {
        let consumer = format!("c-{i:03}");
        let p = pact(&consumer, "hub", "a thing", "things exist", json!({"n": i}));
        publish(&router, &[], &consumer, "1.0.0", "main", &[], &p).await;
    }
    // 45 versions of one consumer.
    for v in 2..=45 {
        let p = pact("c-000", "hub", "a thing", "things exist", json!({"v": v}));
        publish(&router, &[], "c-000", &format!("{v}.0.0"), "main", &[], &p).await;
    }
    let get = |path: String| {
        let router = router.clone();
        async move {
            let r = send(
                &router,
                Method::GET,
                &path,
                &[("accept", CHROME)],
                None,
                None,
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            r.body
        }
    };
    // Walk the pages by their own "next" links.
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some("/".to_string());
    let mut pages = 0;
    while let Some(path) = next {
        let html = get(path.clone()).await;
        let rows = index_consumers(&html);
        pages += 1;
        assert!(
            html.contains(&format!("Page {pages} of 3")),
            "{path}: no `Page {pages} of 3`"
        );
        assert_eq!(rows.len(), if pages < 3 { 50 } else { 20 }, "{path}");
        seen.extend(rows);
        next = pager_link(&html, "next");
        if pages > 1 {
            assert!(
                pager_link(&html, "prev").is_some(),
                "{path}: no previous link"
            );
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..120).map(|i| format!("c-{i:03}")).collect();
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "every integration on exactly one page");
    // A page past the end shows the last page; nonsense is page 1.
    assert!(get("/?page=99".into()).await.contains("Page 3 of 3"));
    assert!(get("/?page=-1".into()).await.contains("Page 1 of 3"));
    // Search: on the server, case-insensitive, pattern characters literal.
    let found = index_consumers(&get("/?q=C-11".into()).await);
    assert_eq!(
        found,
        (110..120).map(|i| format!("c-{i}")).collect::<Vec<_>>(),
        "search for C-11"
    );
    for literal in ["%", "_", "c_0", "\\"] {
        let html = get(format!("/?q={}", enc(literal))).await;
        assert!(
            index_consumers(&html).is_empty(),
            "`{literal}` matched as a pattern"
        );
    }
    // Search and paging together: the next link keeps the search.
    let html = get("/?q=c-".into()).await;
    let next = pager_link(&html, "next").expect("a second page of matches");
    assert!(next.contains("q=c-"), "{next}");
    // Versions of a service: 20 a page, newest first.
    let html = get("/pacticipants/c-000".into()).await;
    assert!(html.contains("Versions (45)"), "version count");
    assert!(html.contains("Page 1 of 3"));
    let first = html.find(">45.0.0</a>").expect("newest version first");
    let later = html.find(">26.0.0</a>").expect("20th newest");
    assert!(first < later);
    assert!(!html.contains(">25.0.0</a>"), "21st on page 1");
    let html = get("/pacticipants/c-000?page=3".into()).await;
    assert!(html.contains(">1.0.0</a>") && html.contains(">5.0.0</a>"));
    assert!(!html.contains(">6.0.0</a>"), "page 3 holds versions 5 to 1");
}

/// The `y` of the box of `name` in the network SVG.
fn node_y(svg: &str, name: &str) -> Option<f64> {
    let at = svg.find(&format!("<title>{name}</title><rect "))?;
    let rest = &svg[at..];
    let y = &rest[rest.find(" y=\"")? + 4..];
    y[..y.find('"')?].parse().ok()
}

/// The network page draws an SVG on the server: one box per service,
/// consumers above their providers, one arrow per pact coloured (class and
/// title word) by its status; `?service=` keeps only the neighbours. Times
/// read relative to now, with the exact time on hover.
#[tokio::test]
async fn the_network_is_an_svg_by_status_and_filters_by_service() {
    let (router, _db, _dir) = broker(AuthConfig::default()).await;
    for (c, p) in [("a", "b"), ("b", "c"), ("d", "e")] {
        let doc = pact(c, p, "a thing", "things exist", json!({"n": 1}));
        publish(&router, &[], c, "1.0.0", "main", &[], &doc).await;
    }
    let latest = send(
        &router,
        Method::GET,
        "/pacts/provider/b/consumer/a/latest",
        &[],
        None,
        None,
    )
    .await;
    let latest: Value = serde_json::from_str(&latest.body).unwrap();
    let sha = latest["_links"]["pb:pact-version"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        &router,
        Method::POST,
        &format!("/pacts/provider/b/consumer/a/pact-version/{sha}/verification-results"),
        &[],
        Some(json!({"success": false, "providerApplicationVersion": "9.0.0"})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page = |path: &'static str| {
        let router = router.clone();
        async move {
            let r = send(
                &router,
                Method::GET,
                path,
                &[("accept", CHROME)],
                None,
                None,
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            r.body
        }
    };
    let all = page("/web/network").await;
    assert!(all.contains("<svg "), "no SVG");
    for name in ["a", "b", "c", "d", "e"] {
        assert!(node_y(&all, name).is_some(), "no box for {name}");
    }
    let (a, b, c) = (
        node_y(&all, "a").unwrap(),
        node_y(&all, "b").unwrap(),
        node_y(&all, "c").unwrap(),
    );
    assert!(a < b && b < c, "layers: a {a}, b {b}, c {c}");
    assert!(node_y(&all, "d").unwrap() < node_y(&all, "e").unwrap());
    assert!(all.contains("<title>a → b: failed</title><path class=\"edge failed\""));
    assert!(all.contains("<title>b → c: unverified</title><path class=\"edge unverified\""));
    // The filter: b's direct neighbours, and not d or e.
    let only = page("/web/network?service=b").await;
    for name in ["a", "b", "c"] {
        assert!(node_y(&only, name).is_some(), "filtered: no {name}");
    }
    for name in ["d", "e"] {
        assert!(node_y(&only, name).is_none(), "filtered: {name} shown");
    }
    let one_step = page("/web/network?service=a&depth=1").await;
    assert!(node_y(&one_step, "c").is_none(), "c is two steps from a");
    let two_steps = page("/web/network?service=a&depth=2").await;
    assert!(node_y(&two_steps, "c").is_some(), "c is two steps from a");
    // Times: relative text, machine-readable datetime, the exact time on hover.
    let index = page("/").await;
    let times: Vec<&str> = index.split("<time ").skip(1).collect();
    assert!(!times.is_empty(), "no times on the index");
    for t in times {
        let tag = &t[..t.find("</time>").unwrap()];
        assert!(tag.starts_with("datetime=\""), "{tag}");
        assert!(tag.contains(" title=\""), "no exact time on hover: {tag}");
        let text = &tag[tag.find('>').unwrap() + 1..];
        assert!(
            text == "just now" || text.ends_with(" ago"),
            "not relative: {text}"
        );
    }
}
