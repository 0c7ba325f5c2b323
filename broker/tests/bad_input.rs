//! The bad-input table for the broker: every write route in `/openapi.json`
//! gets malformed, oversized, hostile and wrong-type bodies, and every route
//! gets hostile path segments and query strings, with full credentials.
//! Each must be answered with a precise 4xx problem (never a 5xx), and a
//! refused request must leave the stored data exactly as it was.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use shipgate_broker::{app, AppState, AuthConfig, BrokerConfig, Db, Role};
use support::{dump, fill, operations, pact, send_bytes, send_raw};

/// Small, so that "oversized" is cheap to send on every route.
const BODY_LIMIT: usize = 64 * 1024;

struct Broker {
    router: axum::Router,
    db: Db,
    admin: String,
    _dir: tempfile::TempDir,
}

async fn broker() -> Broker {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("b.db").display());
    let options = shipgate_broker::db::DbOptions {
        max_connections: 4,
        acquire_timeout: std::time::Duration::from_secs(60),
        ..Default::default()
    };
    let db = Db::connect_with(&url, &options).await.expect("db");
    let admin = shipgate_broker::auth::create_token(&db, "a", Role::Admin)
        .await
        .expect("token");
    shipgate_broker::auth::create_token(&db, "victim", Role::Read)
        .await
        .expect("token");
    let config = BrokerConfig {
        body_limit: BODY_LIMIT,
        auth: AuthConfig::default(),
        ..BrokerConfig::default()
    };
    let router = app(AppState::new(db.clone(), config));
    let b = Broker {
        router,
        db,
        admin: format!("Bearer {admin}"),
        _dir: dir,
    };
    let (status, _, body) = send_raw(
        &b.router,
        Method::PUT,
        "/pacts/provider/P/consumer/C/version/1.0.0",
        Some(b.admin.clone()),
        Some(("application/json", pact("C").to_string())),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    b
}

/// One hostile body: what it is, its content type, its bytes, and the
/// statuses that are a precise answer to it.
struct Hostile {
    what: &'static str,
    content_type: &'static str,
    bytes: Vec<u8>,
    expect: &'static [u16],
}

fn hostile_bodies() -> Vec<Hostile> {
    let wrong_types = serde_json::json!({
        "consumer": 1, "provider": [], "name": 5, "pacticipantName": {},
        "pacticipantVersionNumber": [], "contracts": "x", "branch": 7, "tags": "x",
        "success": "yes", "displayName": [], "interactions": 5, "content": 5,
        "request": 1, "events": 1, "environment": 1, "role": 9, "until": false,
        "migrations": "x", "number": {}, "consumerVersionSelectors": "x",
        "providerVersionTags": 5, "includePendingStatus": "yes",
        "providerVersionBranch": 7, "includeWipPactsSince": 3
    });
    vec![
        Hostile {
            what: "malformed JSON",
            content_type: "application/json",
            bytes: br#"{"consumer": {"name": "C""#.to_vec(),
            expect: &[400],
        },
        Hostile {
            what: "a JSON array instead of an object",
            content_type: "application/json",
            bytes: b"[]".to_vec(),
            expect: &[400, 422],
        },
        Hostile {
            what: "a JSON string instead of an object",
            content_type: "application/json",
            bytes: br#""C""#.to_vec(),
            expect: &[400, 422],
        },
        Hostile {
            what: "a JSON number instead of an object",
            content_type: "application/json",
            bytes: b"42".to_vec(),
            expect: &[400, 422],
        },
        Hostile {
            what: "fields of the wrong type",
            content_type: "application/json",
            bytes: wrong_types.to_string().into_bytes(),
            expect: &[400, 422],
        },
        Hostile {
            what: "100,000 levels of nesting",
            content_type: "application/json",
            bytes: "[".repeat(100_000).into_bytes(),
            expect: &[400, 413],
        },
        Hostile {
            what: "invalid UTF-8 inside a string",
            content_type: "application/json",
            bytes: b"{\"name\": \"\xff\xfe\"}".to_vec(),
            expect: &[400],
        },
        Hostile {
            what: "a body over the size limit",
            content_type: "application/json",
            bytes: format!("{{\"name\": \"{}\"}}", "x".repeat(BODY_LIMIT * 2)).into_bytes(),
            expect: &[413],
        },
        Hostile {
            what: "valid JSON sent as text/plain",
            content_type: "text/plain",
            bytes: pact("Evil").to_string().into_bytes(),
            expect: &[415],
        },
        Hostile {
            what: "valid JSON sent as a form",
            content_type: "application/x-www-form-urlencoded",
            bytes: pact("Evil").to_string().into_bytes(),
            expect: &[415],
        },
    ]
}

/// A 4xx answer must be a problem document that says something.
fn assert_precise(status: StatusCode, text: &str, what: &str) {
    let doc: Value = serde_json::from_str(text)
        .unwrap_or_else(|_| panic!("{what}: the {status} answer is not JSON: {text}"));
    let says = ["detail", "title"]
        .iter()
        .filter_map(|k| doc.get(*k).and_then(Value::as_str))
        .chain(
            doc.pointer("/errors")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
                .flat_map(|v| v.as_array().into_iter().flatten())
                .filter_map(Value::as_str),
        )
        .any(|s| !s.trim().is_empty());
    assert!(says, "{what}: the {status} answer explains nothing: {text}");
}

#[tokio::test]
async fn every_write_route_refuses_hostile_bodies_and_changes_nothing() {
    let b = broker().await;
    let mut checked = 0;
    for (method, template, body_required) in operations(&b.router).await {
        if !body_required {
            continue;
        }
        let path = fill(&template);
        for h in hostile_bodies() {
            let before = dump(&b.db).await;
            let (status, _, text) = send_bytes(
                &b.router,
                method.clone(),
                &path,
                Some(b.admin.clone()),
                Some((h.content_type, h.bytes.clone())),
                &[],
            )
            .await;
            let what = format!("{method} {path} with {}", h.what);
            assert!(
                h.expect.contains(&status.as_u16()),
                "{what}: expected one of {:?}, got {status}: {text}",
                h.expect
            );
            assert_precise(status, &text, &what);
            assert_eq!(before, dump(&b.db).await, "{what}: stored data changed");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} hostile bodies sent");
}

#[tokio::test]
async fn malformed_json_names_line_and_column() {
    let b = broker().await;
    let (status, _, text) = send_raw(
        &b.router,
        Method::POST,
        "/contracts/publish",
        Some(b.admin.clone()),
        Some((
            "application/json",
            "{\n  \"pacticipantName\": \"C\",\n  oops\n}".into(),
        )),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("line 3, column 3"), "{text}");
}

/// Path segments an attacker or a careless script might send.
const HOSTILE_SEGMENTS: &[(&str, &str)] = &[
    ("a traversal", "..%2F..%2Fetc%2Fpasswd"),
    ("a NUL byte", "a%00b"),
    ("SQL", "x'%3B%20DROP%20TABLE%20pacticipants%3B%20--"),
    ("markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("invalid UTF-8", "%FF%FE"),
    ("emoji", "%F0%9F%9A%80"),
];

#[tokio::test]
async fn hostile_path_segments_never_get_a_server_error() {
    let b = broker().await;
    let long = "n".repeat(5000);
    let mut segments: Vec<(&str, String)> = HOSTILE_SEGMENTS
        .iter()
        .map(|(w, s)| (*w, s.to_string()))
        .collect();
    segments.push(("a 5,000-character name", long));
    let mut checked = 0;
    for (method, template, _) in operations(&b.router).await {
        if !template.contains('{') {
            continue;
        }
        for (what_segment, segment) in &segments {
            // Every parameter of the route takes the hostile value.
            let mut path = String::new();
            let mut rest = template.as_str();
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                path.push_str(&rest[..open]);
                path.push_str(segment);
                rest = &rest[close..];
            }
            path.push_str(rest);
            let body = (method != Method::GET && method != Method::HEAD)
                .then(|| ("application/json", pact("C").to_string()));
            let before = dump(&b.db).await;
            let (status, _, text) = send_raw(
                &b.router,
                method.clone(),
                &path,
                Some(b.admin.clone()),
                body,
                &[],
            )
            .await;
            let what = format!("{method} {template} with {what_segment}");
            assert!(
                !status.is_server_error(),
                "{what}: server error {status}: {text}"
            );
            if status.is_client_error() {
                if method != Method::HEAD {
                    assert_precise(status, &text, &what);
                }
                assert_eq!(
                    before,
                    dump(&b.db).await,
                    "{what}: refused, yet data changed"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} requests sent");
}

#[tokio::test]
async fn hostile_query_strings_get_a_400_not_a_server_error() {
    let b = broker().await;
    let many = (0..2000)
        .map(|i| format!("q[{i}][pacticipant]=C"))
        .collect::<Vec<_>>()
        .join("&");
    let deep = format!("q{}=x", "[a]".repeat(2000));
    let queries = [
        (
            "/matrix",
            "q[][pacticipant]=C&q[][version]=1.0.0&latestby=sideways",
        ),
        ("/matrix", "q[][[[[[pacticipant]=C"),
        ("/matrix", "q=scalar&q[][pacticipant]=C"),
        ("/matrix", "q[][pacticipant]=%FF&q[][version]=%00"),
        ("/matrix", many.as_str()),
        ("/matrix", deep.as_str()),
        (
            "/can-i-deploy",
            "pacticipant=C&version=1.0.0&environment[]=x",
        ),
        ("/can-i-deploy", "pacticipant[a]=C"),
        (
            "/gates/can-i-deploy",
            "pacticipant=C&version=1.0.0&mode=sideways",
        ),
        ("/pacticipants", "pageNumber=-1&pageSize=abc"),
        (
            "/pacticipants",
            "pageNumber=99999999999999999999&pageSize=0",
        ),
    ];
    for (path, query) in queries {
        let uri = format!("{path}?{query}");
        let (status, _, text) = send_raw(
            &b.router,
            Method::GET,
            &uri,
            Some(b.admin.clone()),
            None,
            &[],
        )
        .await;
        let shown = &uri[..uri.len().min(120)];
        assert!(
            !status.is_server_error(),
            "GET {shown}: server error {status}: {text}"
        );
        if status.is_client_error() {
            assert_precise(status, &text, &format!("GET {shown}"));
        }
    }
}
