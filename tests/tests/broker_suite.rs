//! The broker suite: the HAL API, can-i-deploy, pacts for verification,
//! deployments, bad input and auth, against a real `shipgate broker serve`
//! process. The same suite runs on SQLite and on a throwaway PostgreSQL.

mod broker_support;

use broker_support::{get, pact, post, publish_body, put, send, Broker, Resp};
use serde_json::{json, Value};

fn assert_problem(r: &Resp, status: u16, needle: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert!(
        r.content_type.starts_with("application/problem+json"),
        "content type {} for {}",
        r.content_type,
        r.text
    );
    assert_eq!(r.body["status"], status, "{}", r.text);
    let detail = r.body["detail"].as_str().unwrap_or("");
    assert!(
        detail.contains(needle),
        "detail `{detail}` lacks `{needle}`"
    );
}

fn pacticipant_count(b: &Broker) -> usize {
    get(&format!("{}/pacticipants", b.url)).body["_embedded"]["pacticipants"]
        .as_array()
        .map_or(0, Vec::len)
}

fn bad_input_changes_nothing(b: &Broker) {
    let u = &b.url;
    let publish = format!("{u}/contracts/publish");
    // Malformed JSON: 400 with line and column.
    let r = send(
        "POST",
        &publish,
        Some("{\n  \"pacticipantName\": \"web\",\n  oops\n}"),
        &[],
    );
    assert_problem(&r, 400, "line 3, column 3");
    // Invalid base64 content.
    let mut body = publish_body("web", "1.0.0", Some("main"), &[pact("web", "users", "a")]);
    body["contracts"][0]["content"] = json!("***not base64***");
    assert_problem(
        &post(&publish, &body),
        400,
        "contracts[0].content is not valid base64",
    );
    // Base64 of something that is not a pact.
    body["contracts"][0]["content"] = json!(broker_support::b64(&json!([1, 2])));
    assert_problem(&post(&publish, &body), 400, "must be a JSON object");
    // The second contract is bad: the first must not be stored either.
    let mut two = publish_body(
        "web",
        "1.0.0",
        None,
        &[pact("web", "users", "a"), pact("web", "orders", "b")],
    );
    two["contracts"][1]["content"] = json!("%%%");
    assert_problem(&post(&publish, &two), 400, "contracts[1].content");
    // Names with slashes or control characters.
    assert_problem(
        &put(&format!("{u}/pacticipants/a%2Fb"), &json!({})),
        400,
        "slash",
    );
    let ctl = publish_body("we\u{7}b", "1.0.0", None, &[pact("we\u{7}b", "users", "a")]);
    assert_problem(&post(&publish, &ctl), 400, "control character U+0007");
    // Unknown fields are named.
    assert_problem(
        &post(
            &publish,
            &json!({"pacticipantName": "web", "pacticipantVersionNumber": "1", "contracts": [], "colour": 1}),
        ),
        400,
        "unknown field `colour`",
    );
    // Matrix: unknown pacticipant, bad selector key, bad latestby.
    assert_problem(
        &get(&format!("{u}/matrix?q[][pacticipant]=ghost&q[][version]=1")),
        400,
        "no pacticipant named `ghost`",
    );
    assert_problem(
        &get(&format!("{u}/matrix?q[][pacticipant]=web&q[][colour]=red")),
        400,
        "unknown selector key `q[][colour]`",
    );
    assert_problem(
        &get(&format!(
            "{u}/matrix?q[][pacticipant]=web&latestby=sideways"
        )),
        400,
        "latestby",
    );
    assert_problem(&get(&format!("{u}/matrix")), 400, "at least one selector");
    assert_problem(
        &get(&format!("{u}/can-i-deploy?pacticipant=web&version=1")),
        400,
        "environment",
    );
    // Pacts for verification: unknown provider, bad selector.
    assert_problem(
        &post(
            &format!("{u}/pacts/provider/ghost/for-verification"),
            &json!({}),
        ),
        404,
        "ghost",
    );
    // Rejections from the framework's own extractors are problem documents too.
    let r = get(&format!("{u}/pacticipants?pageSize=lots"));
    assert_problem(&r, 400, "pageSize");
    let r = get(&format!("{u}/pacticipants/%FF%FE"));
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(
        r.content_type.starts_with("application/problem+json"),
        "{}",
        r.content_type
    );
    // Unknown routes and methods.
    assert_problem(&get(&format!("{u}/no/such/thing")), 404, "/no/such/thing");
    assert_problem(
        &send("DELETE", &format!("{u}/contracts/publish"), None, &[]),
        405,
        "DELETE",
    );
    // Verification results need success and a version.
    assert_problem(
        &post(
            &format!("{u}/pacts/provider/users/consumer/web/pact-version/abc/verification-results"),
            &json!({"success": true}),
        ),
        400,
        "providerApplicationVersion",
    );
    // Environments: missing production flag; bad deployment body.
    assert_problem(
        &post(&format!("{u}/environments"), &json!({"name": "qa"})),
        400,
        "production",
    );
    assert_problem(
        &post(
            &format!("{u}/environments"),
            &json!({"name": "q a", "production": false}),
        ),
        400,
        "spaces",
    );
    // Nothing was stored by any of these.
    assert_eq!(
        pacticipant_count(b),
        0,
        "failed requests must store nothing"
    );
    assert!(
        get(&format!("{u}/environments")).body["_embedded"]["environments"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

fn sha_of(b: &Broker, consumer: &str, provider: &str, version: &str) -> String {
    let r = get(&format!(
        "{}/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
        b.url
    ));
    assert_eq!(r.status, 200, "{}", r.text);
    let href = r.body["_links"]["pb:pact-version"]["href"]
        .as_str()
        .unwrap();
    href.rsplit('/').next().unwrap().to_string()
}

fn verify(
    b: &Broker,
    consumer: &str,
    provider: &str,
    sha: &str,
    provider_version: &str,
    success: bool,
) -> Resp {
    let r = post(
        &format!("{}/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results", b.url),
        &json!({"success": success, "providerApplicationVersion": provider_version, "buildUrl": "http://ci/1", "testResults": []}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.location.is_some());
    r
}

fn env_uuid(b: &Broker, name: &str) -> String {
    let r = get(&format!("{}/environments?name={name}", b.url));
    r.body["_embedded"]["environments"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

fn record(
    b: &Broker,
    kind: &str,
    pacticipant: &str,
    version: &str,
    env: &str,
    body: Value,
) -> Resp {
    let uuid = env_uuid(b, env);
    post(
        &format!(
            "{}/pacticipants/{pacticipant}/versions/{version}/{kind}/environment/{uuid}",
            b.url
        ),
        &body,
    )
}

fn matrix(b: &Broker, query: &str) -> Value {
    let r = get(&format!("{}/matrix?{query}", b.url));
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.content_type.starts_with("application/hal+json"),
        "{}",
        r.content_type
    );
    r.body
}

fn suite(b: &Broker) {
    let u = &b.url;
    // Index and operations.
    let idx = get(&format!("{u}/"));
    assert_eq!(idx.status, 200);
    for rel in [
        "pb:publish-contracts",
        "pb:provider-pacts-for-verification",
        "pb:environments",
        "pb:pacticipant",
        "pb:pacticipant-version",
        "pb:pacticipant-branch-version",
        "pb:pacticipant-version-tag",
    ] {
        assert!(
            idx.body["_links"][rel]["href"].is_string(),
            "index lacks {rel}"
        );
    }
    assert_eq!(
        get(&format!("{u}/diagnostic/status/heartbeat")).body["ok"],
        true
    );
    let oas = get(&format!("{u}/openapi.json"));
    assert_eq!(oas.body["openapi"], "3.1.0");
    assert!(oas.body["paths"]["/matrix"].is_object());

    bad_input_changes_nothing(b);

    // Publish web 1.0.0 (main) → users; republish unchanged → 200.
    let publish = format!("{u}/contracts/publish");
    let p1 = pact("web", "users", "one");
    let r = post(
        &publish,
        &publish_body("web", "1.0.0", Some("main"), std::slice::from_ref(&p1)),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["_embedded"]["version"]["number"], "1.0.0");
    assert_eq!(
        r.body["_links"]["pb:contracts"][0]["name"],
        "Pact between web (1.0.0) and users"
    );
    assert_eq!(r.body["logs"][0]["deprecationWarning"], "");
    let r = post(
        &publish,
        &publish_body("web", "1.0.0", Some("main"), std::slice::from_ref(&p1)),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.text.contains("republished (unchanged)"), "{}", r.text);
    // Changed content for the same version: 409 with a diff; nothing changes.
    let r = post(
        &publish,
        &publish_body("web", "1.0.0", Some("main"), &[pact("web", "users", "two")]),
    );
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.body["diff"]
            .as_str()
            .unwrap()
            .contains("+      \"description\": \"a request for two\""),
        "{}",
        r.text
    );
    assert_eq!(r.body["notices"][0]["type"], "error");
    let doc = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.0.0"
    ));
    assert_eq!(
        doc.body["interactions"][0]["description"],
        "a request for one"
    );
    assert!(doc.content_type.starts_with("application/hal+json"));

    // onConflict=merge adds interactions; the same interaction changed is a conflict.
    let r = post(
        &publish,
        &publish_body("web", "0.9.0", None, std::slice::from_ref(&p1)),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let mut merge = publish_body("web", "0.9.0", None, &[pact("web", "users", "extra")]);
    merge["contracts"][0]["onConflict"] = json!("merge");
    let r = post(&publish, &merge);
    assert_eq!(r.status, 200, "{}", r.text);
    let doc = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/0.9.0"
    ));
    let descriptions: Vec<&str> = doc.body["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        descriptions,
        vec!["a request for one", "a request for extra"]
    );
    let mut clash = pact("web", "users", "extra");
    clash["interactions"][0]["response"]["status"] = json!(500);
    let mut merge = publish_body("web", "0.9.0", None, &[clash]);
    merge["contracts"][0]["onConflict"] = json!("merge");
    let r = post(&publish, &merge);
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.text.contains("already published with different content"),
        "{}",
        r.text
    );
    let r = post(
        &publish,
        &publish_body("web", "0.9.0", None, std::slice::from_ref(&p1)),
    );
    assert_eq!(
        r.status, 409,
        "plain overwrite of merged content is refused: {}",
        r.text
    );
    // Same content from a later version is stored once: same content hash.
    let r = post(
        &publish,
        &publish_body("web", "1.0.1", Some("main"), std::slice::from_ref(&p1)),
    );
    assert_eq!(r.status, 200);
    let sha = sha_of(b, "web", "users", "1.0.0");
    assert_eq!(sha, sha_of(b, "web", "users", "1.0.1"));
    // Legacy PUT: new → 201, same again → 200.
    let legacy = format!("{u}/pacts/provider/orders/consumer/web/version/1.0.1");
    assert_eq!(put(&legacy, &pact("web", "orders", "o1")).status, 201);
    assert_eq!(put(&legacy, &pact("web", "orders", "o1")).status, 200);
    assert_eq!(
        put(&legacy, &pact("web", "users", "o1")).status,
        400,
        "names must match the URL"
    );

    // The pacticipant carries the verifier's templated links; main branch auto-detected.
    let web = get(&format!("{u}/pacticipants/web"));
    assert_eq!(web.body["mainBranch"], "main");
    assert!(web.body["_links"]["pb:branch-version"]["href"]
        .as_str()
        .unwrap()
        .contains("{branch}"));

    // Provider versions on main, verified for the shared content.
    assert_eq!(
        put(
            &format!("{u}/pacticipants/users/branches/main/versions/10"),
            &json!({})
        )
        .status,
        200
    );
    let t = put(
        &format!("{u}/pacticipants/users/versions/10/tags/main"),
        &json!({}),
    );
    assert_eq!(t.status, 201);
    assert_eq!(
        put(
            &format!("{u}/pacticipants/users/versions/10/tags/main"),
            &json!({})
        )
        .status,
        200
    );
    verify(b, "web", "users", &sha, "10", true);

    // Pacts for verification: mainBranch selects the head of web's main (1.0.1),
    // pending is false because main verified this content.
    let fv = format!("{u}/pacts/provider/users/for-verification");
    assert!(get(&fv).body["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/for-verification"));
    let r = post(
        &fv,
        &json!({"consumerVersionSelectors": [{"mainBranch": true}], "providerVersionBranch": "main", "includePendingStatus": true}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let pacts = r.body["_embedded"]["pacts"].as_array().unwrap();
    assert_eq!(pacts.len(), 1, "{}", r.text);
    assert_eq!(pacts[0]["verificationProperties"]["pending"], false);
    assert!(pacts[0]["shortDescription"]
        .as_str()
        .unwrap()
        .contains("main branch"));
    // The pact link carries metadata and the links the verifier needs.
    let href = pacts[0]["_links"]["self"]["href"].as_str().unwrap();
    assert!(href.contains("/metadata/"), "{href}");
    let pd = get(href);
    assert_eq!(pd.status, 200, "{}", pd.text);
    assert!(pd.body["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .unwrap()
        .starts_with(href));
    assert!(pd.body["_links"]["pb:provider"]["href"].is_string());

    // A feature branch with new content: WIP (and pending) for provider main.
    let r = post(
        &publish,
        &publish_body(
            "web",
            "2.0.0-feat",
            Some("feat-x"),
            &[pact("web", "users", "feat")],
        ),
    );
    assert_eq!(r.status, 200);
    let r = post(
        &fv,
        &json!({"consumerVersionSelectors": [{"mainBranch": true}], "providerVersionBranch": "main", "includePendingStatus": true, "includeWipPactsSince": "2020-01-01"}),
    );
    let pacts = r.body["_embedded"]["pacts"].as_array().unwrap();
    assert_eq!(pacts.len(), 2, "{}", r.text);
    let wip = pacts
        .iter()
        .find(|p| p["verificationProperties"]["wip"] == true)
        .expect("a WIP pact");
    assert_eq!(wip["verificationProperties"]["pending"], true);
    // Without a WIP date the feature branch is only found by a branch selector.
    let r = post(
        &fv,
        &json!({"consumerVersionSelectors": [{"branch": "feat-x"}, {"deployedOrReleased": true}]}),
    );
    assert_eq!(
        r.body["_embedded"]["pacts"].as_array().unwrap().len(),
        1,
        "{}",
        r.text
    );
    let r = post(
        &fv,
        &json!({"consumerVersionSelectors": [{"mainBrunch": true}]}),
    );
    assert_eq!(
        r.status, 400,
        "unknown selector keys are refused: {}",
        r.text
    );
    let r = post(
        &fv,
        &json!({"consumerVersionSelectors": [{"environment": "nowhere"}]}),
    );
    assert_eq!(r.status, 400, "{}", r.text);

    // Environments.
    let r = post(
        &format!("{u}/environments"),
        &json!({"name": "production", "displayName": "Production", "production": true}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["_links"]["pb:currently-deployed-deployed-versions"]["href"].is_string());
    assert_eq!(
        post(
            &format!("{u}/environments"),
            &json!({"name": "production", "production": true})
        )
        .status,
        409
    );
    // The version resource has one record-deployment link per environment.
    let v = get(&format!("{u}/pacticipants/users/versions/10"));
    assert_eq!(
        v.body["_links"]["pb:record-deployment"][0]["name"],
        "production"
    );
    assert_eq!(
        v.body["_links"]["pb:record-release"][0]["title"],
        "Record release to Production"
    );

    // users 10 on instance a, then 11 replaces it on a; 10 stays on b.
    assert_eq!(
        record(
            b,
            "deployed-versions",
            "users",
            "10",
            "production",
            json!({"applicationInstance": "a"})
        )
        .status,
        201
    );
    assert_eq!(
        put(
            &format!("{u}/pacticipants/users/branches/main/versions/11"),
            &json!({})
        )
        .status,
        200
    );
    let d11 = record(
        b,
        "deployed-versions",
        "users",
        "11",
        "production",
        json!({"applicationInstance": "a", "target": "a"}),
    );
    assert_eq!(d11.status, 201, "{}", d11.text);
    assert_eq!(
        record(
            b,
            "deployed-versions",
            "users",
            "10",
            "production",
            json!({"applicationInstance": "b"})
        )
        .status,
        201
    );
    let prod = env_uuid(b, "production");
    let cur = get(&format!(
        "{u}/environments/{prod}/deployed-versions/currently-deployed"
    ));
    let mut current: Vec<(String, String)> = cur.body["_embedded"]["deployedVersions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["_embedded"]["version"]["number"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                d["applicationInstance"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    current.sort();
    assert_eq!(
        current,
        vec![
            ("10".to_string(), "b".to_string()),
            ("11".to_string(), "a".to_string())
        ]
    );

    // can-i-deploy web 1.0.0 to production: users 11 never verified it → unknown, with the reason.
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], Value::Null, "{m}");
    assert_eq!(
        (
            m["summary"]["success"].as_u64(),
            m["summary"]["unknown"].as_u64()
        ),
        (Some(1), Some(1)),
        "{m}"
    );
    let reason = m["summary"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("There is no verified pact between web (1.0.0) and users (11)"),
        "{reason}"
    );
    // web 1.0.1 also has a pact with orders, which is nowhere in production.
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=1.0.1&latestby=cvpv&environment=production",
    );
    let reason = m["summary"]["reason"].as_str().unwrap();
    assert!(reason.contains("There is no verified pact between web (1.0.1) and a version of orders currently in production (no version is currently recorded as deployed/released in this environment)"), "{reason}");
    assert_eq!(m["summary"]["unknown"], 2, "{m}");
    // The same through /can-i-deploy, and with ignore[].
    let c = get(&format!("{u}/can-i-deploy?pacticipant=web&version=1.0.1&environment=production&ignore[][pacticipant]=orders"));
    assert_eq!(c.body["summary"]["unknown"], 1, "{}", c.text);
    assert_eq!(c.body["summary"]["ignored"], 1, "{}", c.text);
    assert!(
        c.text.contains(
            "Ignoring: There is no verified pact between web (1.0.1) and a version of orders"
        ),
        "{}",
        c.text
    );
    // A failed verification is a "no" naming both versions.
    verify(b, "web", "users", &sha, "11", false);
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], false, "{m}");
    assert!(
        m["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("The verification for the pact between web (1.0.0) and users (11) failed"),
        "{m}"
    );
    // Undeploy 11 (PATCH merge-patch) → only 10 remains, which verified it → yes.
    let d11_uuid = d11.body["uuid"].as_str().unwrap();
    let r = send(
        "PATCH",
        &format!("{u}/deployed-versions/{d11_uuid}"),
        Some(r#"{"currentlyDeployed":false}"#),
        &[("content-type", "application/merge-patch+json")],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["currentlyDeployed"], false);
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], true, "{m}");
    assert_eq!(m["matrix"][0]["verificationResult"]["success"], true);
    assert_eq!(m["matrix"][0]["provider"]["version"]["number"], "10");

    // Provider side: users 12 may not go to production while web 1.0.0 is
    // released there and 12 has not verified its pact.
    assert_eq!(
        record(
            b,
            "released-versions",
            "web",
            "1.0.0",
            "production",
            json!({})
        )
        .status,
        201
    );
    assert_eq!(
        put(
            &format!("{u}/pacticipants/users/versions/12"),
            &json!({"branch": "main"})
        )
        .status,
        201
    );
    let m = matrix(
        b,
        "q[][pacticipant]=users&q[][version]=12&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], Value::Null, "{m}");
    assert!(
        m["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("web (1.0.0) and users (12)"),
        "{m}"
    );
    verify(b, "web", "users", &sha, "12", true);
    let m = matrix(
        b,
        "q[][pacticipant]=users&q[][version]=12&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], true, "{m}");
    // End support for web 1.0.0.
    let rel = get(&format!(
        "{u}/environments/{prod}/released-versions/currently-supported"
    ));
    let rel_uuid = rel.body["_embedded"]["releasedVersions"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        "PATCH",
        &format!("{u}/released-versions/{rel_uuid}"),
        Some(r#"{"currentlySupported":false}"#),
        &[("content-type", "application/merge-patch+json")],
    );
    assert_eq!(r.body["currentlySupported"], false, "{}", r.text);
    // A version that does not exist: "no", saying so.
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=9.9.9&latestby=cvpv&environment=production",
    );
    assert_eq!(m["summary"]["deployable"], false);
    assert!(
        m["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("No version found for web (9.9.9)"),
        "{m}"
    );
    // No target: latest, with the recommendation to name an environment.
    let m = matrix(
        b,
        "q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&latest=true",
    );
    assert!(
        m["notices"].as_array().unwrap().iter().any(|n| n["text"]
            .as_str()
            .unwrap()
            .contains("specify the environment")),
        "{m}"
    );

    // Metrics count requests by route.
    let metrics = get(&format!("{u}/metrics")).text;
    assert!(metrics.contains("shipgate_http_requests_total{method=\"POST\",route=\"/contracts/publish\",status=\"200\"}"), "{metrics}");
    assert!(
        metrics.contains(
            "shipgate_http_request_duration_seconds_bucket{method=\"GET\",route=\"/matrix\""
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("shipgate_db_pool_connections"),
        "{metrics}"
    );
}

#[test]
fn sqlite_suite() {
    let b = Broker::sqlite(&[]);
    suite(&b);
    assert!(b.path().join("broker.db").is_file());
}

#[test]
fn postgres_suite() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("suite");
    let b = Broker::with_database(&url, &[]);
    suite(&b);
}

#[test]
fn oversized_bodies_get_413() {
    let b = Broker::sqlite(&["--body-limit", "16KiB"]);
    let big = publish_body(
        "web",
        "1",
        None,
        &[
            json!({"consumer": {"name": "web"}, "provider": {"name": "users"}, "pad": "x".repeat(40_000)}),
        ],
    );
    let r = post(&format!("{}/contracts/publish", b.url), &big);
    assert_problem(&r, 413, "body limit");
    assert_eq!(pacticipant_count(&b), 0);
}

#[test]
fn basic_auth_read_write_and_read_only_users() {
    let b = Broker::sqlite(&[
        "--basic-auth-username",
        "ci",
        "--basic-auth-password",
        "s3cret",
        "--read-only-username",
        "viewer",
        "--read-only-password",
        "look",
    ]);
    let u = &b.url;
    let rw = ("authorization", "Basic Y2k6czNjcmV0"); // ci:s3cret
    let ro = ("authorization", "Basic dmlld2VyOmxvb2s="); // viewer:look
    let r = get(&format!("{u}/"));
    assert_problem(&r, 401, "requires authentication");
    assert_eq!(send("GET", &format!("{u}/"), None, &[ro]).status, 200);
    assert_eq!(
        send(
            "GET",
            &format!("{u}/diagnostic/status/heartbeat"),
            None,
            &[]
        )
        .status,
        200,
        "heartbeat is public"
    );
    let body = json!({"name": "qa", "production": false}).to_string();
    assert_problem(
        &send("POST", &format!("{u}/environments"), Some(&body), &[ro]),
        403,
        "read role",
    );
    assert_problem(
        &send(
            "POST",
            &format!("{u}/environments"),
            Some(&body),
            &[("authorization", "Basic Y2k6d3Jvbmc=")],
        ),
        401,
        "wrong username or password",
    );
    assert_eq!(
        send("POST", &format!("{u}/environments"), Some(&body), &[rw]).status,
        201
    );
}

#[test]
fn bearer_tokens_are_stored_hashed_and_have_roles() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let mk = |name: &str, role: &str| {
        let out = shipgate_e2e::run(shipgate_e2e::shipgate().args([
            "broker",
            "token",
            "create",
            "--name",
            name,
            "--role",
            role,
            "--database-url",
            &db,
        ]));
        assert!(out.status.success(), "{}", shipgate_e2e::stderr(&out));
        shipgate_e2e::stdout(&out).trim().to_string()
    };
    let writer = mk("ci", "write");
    let reader = mk("dash", "read");
    assert!(writer.starts_with("sg_") && writer.len() > 40);
    let dup = shipgate_e2e::run(shipgate_e2e::shipgate().args([
        "broker",
        "token",
        "create",
        "--name",
        "ci",
        "--database-url",
        &db,
    ]));
    assert_eq!(
        dup.status.code(),
        Some(2),
        "duplicate token names are refused"
    );
    // Only the hash is stored.
    let bytes = std::fs::read(dir.path().join("t.db")).unwrap();
    let wal = std::fs::read(dir.path().join("t.db-wal")).unwrap_or_default();
    for secret in [&writer, &reader] {
        let needle = secret.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "secret stored in clear"
        );
        assert!(
            !wal.windows(needle.len()).any(|w| w == needle),
            "secret stored in clear (WAL)"
        );
    }
    let b = Broker::with_database(&db, &[]);
    let u = &b.url;
    let w = format!("Bearer {writer}");
    let r = format!("Bearer {reader}");
    assert_problem(
        &get(&format!("{u}/pacticipants")),
        401,
        "requires authentication",
    );
    assert_problem(
        &send(
            "GET",
            &format!("{u}/pacticipants"),
            None,
            &[("authorization", "Bearer nope")],
        ),
        401,
        "not known",
    );
    assert_eq!(
        send(
            "GET",
            &format!("{u}/pacticipants"),
            None,
            &[("authorization", &r)]
        )
        .status,
        200
    );
    let body = json!({"name": "web"}).to_string();
    assert_problem(
        &send(
            "POST",
            &format!("{u}/pacticipants"),
            Some(&body),
            &[("authorization", &r)],
        ),
        403,
        "needs write",
    );
    assert_eq!(
        send(
            "POST",
            &format!("{u}/pacticipants"),
            Some(&body),
            &[("authorization", &w)]
        )
        .status,
        201
    );
    // The verifier's for-verification POST is a read.
    assert_eq!(
        send(
            "POST",
            &format!("{u}/pacts/provider/web/for-verification"),
            Some("{}"),
            &[("authorization", &r)]
        )
        .status,
        200
    );
}

#[test]
fn refuses_public_address_without_auth() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipgate_e2e::run(
        shipgate_e2e::shipgate()
            .args([
                "broker",
                "serve",
                "--listen",
                "0.0.0.0:0",
                "--database-url",
                "sqlite://x.db",
            ])
            .current_dir(dir.path()),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = shipgate_e2e::stderr(&out);
    assert!(
        err.contains("refusing to listen on 0.0.0.0:0 without authentication"),
        "{err}"
    );
    assert!(err.contains("--allow-public-write"), "{err}");
    // With the explicit opt-in it starts.
    let b = Broker::sqlite(&["--allow-public-write"]);
    assert_eq!(
        get(&format!("{}/diagnostic/status/heartbeat", b.url)).status,
        200
    );
}

#[test]
fn json_logs_and_graceful_shutdown() {
    let mut b = Broker::sqlite(&["--log-format", "json"]);
    assert_eq!(get(&format!("{}/pacticipants", b.url)).status, 200);
    let status = b.terminate();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");
    let log = b.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["route"] == "/pacticipants" && l["status"] == 200),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l["message"] == "broker stopped"),
        "{log}"
    );
}

#[test]
fn default_database_is_shipgate_db_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = shipgate_e2e::shipgate()
        .args(["broker", "serve", "--listen", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("shipgate broker listening on http://127.0.0.1:"),
        "{line}"
    );
    assert!(line.contains("(sqlite, auth off"), "{line}");
    assert!(dir.path().join("shipgate.db").is_file());
}
