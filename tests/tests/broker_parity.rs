//! Pact Broker parity against a real `shipgate broker serve` process: every
//! index relation and its `curies` documentation resolves, lists paginate as
//! the Pact Broker's do, deletes cascade, PATCH merges a pact, and the reads
//! that Pact users rely on answer.

mod broker_support;

use broker_support::{get, pact, post, publish_body, put, send, Broker};
use serde_json::{json, Value};

fn delete(url: &str) -> broker_support::Resp {
    send("DELETE", url, None, &[])
}

fn patch(url: &str, body: &Value) -> broker_support::Resp {
    send("PATCH", url, Some(&body.to_string()), &[])
}

/// Publish `consumer` `version` (on `branch`) with pacts for `providers`.
fn publish(u: &str, consumer: &str, version: &str, branch: &str, providers: &[(&str, &str)]) {
    let pacts: Vec<Value> = providers
        .iter()
        .map(|(p, marker)| pact(consumer, p, marker))
        .collect();
    let r = post(
        &format!("{u}/contracts/publish"),
        &publish_body(consumer, version, Some(branch), &pacts),
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

fn verify(u: &str, provider: &str, consumer: &str, cversion: &str, pversion: &str, success: bool) {
    let doc = get(&format!(
        "{u}/pacts/provider/{provider}/consumer/{consumer}/version/{cversion}"
    ));
    assert_eq!(doc.status, 200, "{}", doc.text);
    let href = doc.body["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let r = post(
        &href,
        &json!({"success": success, "providerApplicationVersion": pversion}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

fn fill(template: &str) -> String {
    template
        .replace("{provider}", "users")
        .replace("{consumer}", "web")
        .replace("{pacticipant}", "web")
        .replace("{consumerApplicationVersion}", "1.0.0")
        .replace("{version}", "1.0.0")
        .replace("{tag}", "prod")
        .replace("{branch}", "main")
        .replace("{environment}", "production")
        .replace("{uuid}", "00000000-0000-4000-8000-000000000001")
}

#[test]
fn every_index_relation_and_its_documentation_resolves() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    publish(u, "web", "1.0.0", "main", &[("users", "one")]);
    assert_eq!(
        put(
            &format!("{u}/pacticipants/web/versions/1.0.0/tags/prod"),
            &json!({})
        )
        .status,
        201
    );
    verify(u, "users", "web", "1.0.0", "2.0.0", true);
    assert_eq!(
        post(
            &format!("{u}/environments"),
            &json!({"name": "production", "production": true, "uuid": "00000000-0000-4000-8000-000000000001"})
        )
        .status,
        201
    );
    let hook = put(
        &format!("{u}/webhooks/00000000-0000-4000-8000-000000000001"),
        &json!({"events": [{"name": "contract_published"}], "request": {"method": "POST", "url": "https://ci.example/hook"}}),
    );
    assert_eq!(hook.status, 201, "{}", hook.text);
    let index = get(&format!("{u}/"));
    let links = index.body["_links"].as_object().unwrap().clone();
    let relations: Vec<&String> = links
        .keys()
        .filter(|k| *k != "curies" && *k != "self")
        .collect();
    assert!(relations.len() >= 36, "only {} relations", relations.len());
    for rel in [
        "pb:latest-pact-versions",
        "pb:latest-provider-pacts",
        "pb:latest-tagged-version",
        "pb:tagged-pact-versions",
        "pb:branch-pact-versions",
        "pb:main-branch-pact-versions",
        "pb:integrations",
        "pb:webhooks",
        "pb:webhook",
        "pb:can-i-deploy-pacticipant-version-to-tag",
        "pb:provider-pacts-with-main-branch",
    ] {
        assert!(links.contains_key(rel), "the index lacks {rel}");
    }
    // POST-only relations answer 405 to GET; every other one answers 200.
    let post_only = ["pb:publish-contracts", "pf:publish-provider-contract"];
    for rel in relations {
        let href = links[rel]["href"].as_str().unwrap();
        let r = get(&fill(href));
        if post_only.contains(&rel.as_str()) {
            assert_eq!(r.status, 405, "{rel} {href}: {}", r.text);
        } else if rel == "shipgate:can-i-deploy-gate" {
            // The gate answers 412 when the version may not be deployed.
            assert!([200, 412].contains(&r.status), "{rel} {href}: {}", r.text);
        } else {
            assert_eq!(r.status, 200, "{rel} {href}: {}", r.text);
        }
        // The curies docs target, with and without the prefix.
        let name = rel.split_once(':').map_or(rel.as_str(), |(_, n)| n);
        for doc_rel in [rel.as_str(), name] {
            let curie = links["curies"][0]["href"]
                .as_str()
                .unwrap()
                .replace("{rel}", doc_rel);
            let d = get(&curie);
            assert_eq!(d.status, 200, "docs for {doc_rel}: {}", d.text);
            assert!(
                d.content_type.starts_with("text/html"),
                "{}",
                d.content_type
            );
            assert!(d.text.contains(name), "{}", d.text);
        }
    }
    assert_eq!(get(&format!("{u}/doc/pb:no-such-thing")).status, 404);
}

#[test]
fn lists_are_complete_unless_a_page_is_asked_for() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    for i in 0..136 {
        let r = post(
            &format!("{u}/pacticipants"),
            &json!({"name": format!("app-{i:03}")}),
        );
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let all = get(&format!("{u}/pacticipants"));
    assert_eq!(all.body["pacticipants"].as_array().unwrap().len(), 136);
    assert_eq!(
        all.body["_embedded"]["pacticipants"]
            .as_array()
            .unwrap()
            .len(),
        136
    );
    assert!(all.body.get("page").is_none(), "{}", all.text);
    // Paged: metadata and links, and following `next` visits everything once.
    let mut url = format!("{u}/pacticipants?pageSize=50&pageNumber=1");
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let r = get(&url);
        assert_eq!(r.status, 200, "{}", r.text);
        pages += 1;
        assert_eq!(r.body["page"]["totalElements"], 136);
        assert_eq!(r.body["page"]["totalPages"], 3);
        assert_eq!(r.body["page"]["size"], 50);
        assert_eq!(r.body["page"]["number"], pages);
        assert_eq!(r.body["_links"].get("previous").is_some(), pages > 1);
        for p in r.body["pacticipants"].as_array().unwrap() {
            names.push(p["name"].as_str().unwrap().to_string());
        }
        match r.body["_links"]["next"]["href"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(names.len(), 136);
    names.dedup();
    assert_eq!(names.len(), 136);
    // Versions paginate the same way.
    for i in 0..7 {
        put(
            &format!("{u}/pacticipants/app-000/versions/{i}"),
            &json!({}),
        );
    }
    let page = get(&format!(
        "{u}/pacticipants/app-000/versions?pageSize=3&pageNumber=3"
    ));
    let numbers: Vec<&str> = page.body["_embedded"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["0"], "newest first: 6 5 4 | 3 2 1 | 0");
    assert_eq!(
        get(&format!("{u}/pacticipants/app-000/versions")).body["_embedded"]["versions"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
}

fn count(u: &str, path: &str, pointer: &str) -> usize {
    get(&format!("{u}{path}"))
        .body
        .pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

#[test]
fn deletes_cascade_as_the_pact_broker_does() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    publish(
        u,
        "web",
        "1.0.0",
        "main",
        &[("users", "one"), ("orders", "a")],
    );
    publish(u, "web", "1.1.0", "main", &[("users", "two")]);
    publish(u, "app", "3.0.0", "main", &[("users", "x")]);
    put(
        &format!("{u}/pacticipants/web/versions/1.0.0/tags/prod"),
        &json!({}),
    );
    verify(u, "users", "web", "1.0.0", "2.0.0", true);
    verify(u, "users", "web", "1.1.0", "2.0.0", false);

    // A tag.
    assert_eq!(
        delete(&format!("{u}/pacticipants/web/versions/1.0.0/tags/prod")).status,
        204
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/web/versions/1.0.0/tags/prod")).status,
        404
    );
    assert_eq!(
        delete(&format!("{u}/pacticipants/web/versions/1.0.0/tags/prod")).status,
        404
    );

    // A branch: the versions stay.
    assert_eq!(
        delete(&format!("{u}/pacticipants/app/branches/main")).status,
        204
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/app/branches/main")).status,
        404
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/app/versions/3.0.0")).status,
        200
    );

    // A pact: the version stays, the pact and its verification go.
    assert_eq!(
        delete(&format!(
            "{u}/pacts/provider/orders/consumer/web/version/1.0.0"
        ))
        .status,
        204
    );
    assert_eq!(
        get(&format!(
            "{u}/pacts/provider/orders/consumer/web/version/1.0.0"
        ))
        .status,
        404
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/web/versions/1.0.0")).status,
        200
    );
    assert_eq!(
        get(&format!("{u}/integrations/provider/orders/consumer/web")).status,
        404,
        "an integration without pacts is gone"
    );

    // A version: its pacts and verification results go; the other version stays.
    assert_eq!(
        delete(&format!("{u}/pacticipants/web/versions/1.0.0")).status,
        204
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/web/versions/1.0.0")).status,
        404
    );
    assert_eq!(
        get(&format!(
            "{u}/pacts/provider/users/consumer/web/version/1.0.0"
        ))
        .status,
        404
    );
    assert_eq!(
        get(&format!("{u}/pacts/provider/users/consumer/web/latest")).body["_links"]
            ["pb:consumer-version"]["name"],
        "1.1.0"
    );
    assert_eq!(
        count(
            u,
            "/pacts/provider/users/consumer/web/versions",
            "/_embedded/pacts"
        ),
        1
    );

    // A pacticipant: as provider, its pacts from every consumer go too.
    assert_eq!(delete(&format!("{u}/pacticipants/users")).status, 204);
    assert_eq!(get(&format!("{u}/pacticipants/users")).status, 404);
    assert_eq!(
        get(&format!(
            "{u}/pacts/provider/users/consumer/app/version/3.0.0"
        ))
        .status,
        404
    );
    assert_eq!(count(u, "/integrations", "/_embedded/integrations"), 0);
    assert_eq!(
        get(&format!("{u}/pacticipants/app/versions/3.0.0")).status,
        200
    );
    assert_eq!(count(u, "/pacts/latest", "/pacts"), 0);
    // Deleting what is not there is a 404 that changes nothing.
    assert_eq!(delete(&format!("{u}/pacticipants/users")).status, 404);
    assert_eq!(
        delete(&format!("{u}/pacticipants/web/branches/nope")).status,
        404
    );
    // web, app and orders (whose only pact went) remain.
    assert_eq!(count(u, "/pacticipants", "/pacticipants"), 3);
}

#[test]
fn patch_merges_interactions_into_a_pact() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    let url = format!("{u}/pacts/provider/users/consumer/web/version/1.0.0");
    let one = pact("web", "users", "one");
    let r = patch(&url, &one);
    assert_eq!(r.status, 201, "{}", r.text);
    let two = pact("web", "users", "two");
    let r = patch(&url, &two);
    assert_eq!(r.status, 200, "{}", r.text);
    let descriptions: Vec<&str> = r.body["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["description"].as_str().unwrap())
        .collect();
    assert_eq!(descriptions, ["a request for one", "a request for two"]);
    // The same interaction with other content is a conflict that changes nothing.
    let mut clash = pact("web", "users", "one");
    clash["interactions"][0]["response"]["status"] = json!(500);
    let r = patch(&url, &clash);
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.text.contains("already published with different content"),
        "{}",
        r.text
    );
    assert_eq!(get(&url).body["interactions"].as_array().unwrap().len(), 2);
}

#[test]
fn reads_that_pact_users_rely_on_answer() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    publish(u, "web", "1.0.0", "main", &[("users", "one")]);
    publish(u, "web", "1.1.0", "feat/x", &[("users", "two")]);
    publish(u, "web", "1.2.0", "main", &[("users", "two")]);
    put(
        &format!("{u}/pacticipants/web/versions/1.0.0/tags/prod"),
        &json!({}),
    );
    verify(u, "users", "web", "1.2.0", "9.0.0", true);

    // Latest by tag, branch, main branch, untagged.
    let latest = |path: &str| {
        let r = get(&format!("{u}/pacts/provider/users/consumer/web/{path}"));
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        r.body["_links"]["pb:consumer-version"]["name"].clone()
    };
    assert_eq!(latest("latest"), "1.2.0");
    assert_eq!(latest("latest/prod"), "1.0.0");
    assert_eq!(latest("branch/feat%2Fx/latest"), "1.1.0");
    assert_eq!(latest("branch/latest"), "1.2.0");
    assert_eq!(latest("latest-untagged"), "1.2.0");
    // Collections.
    assert_eq!(
        count(
            u,
            "/pacts/provider/users/consumer/web/versions",
            "/_embedded/pacts"
        ),
        3
    );
    assert_eq!(
        count(
            u,
            "/pacts/provider/users/consumer/web/branch/main",
            "/_embedded/pacts"
        ),
        2
    );
    assert_eq!(
        count(
            u,
            "/pacts/provider/users/consumer/web/tag/prod",
            "/_embedded/pacts"
        ),
        1
    );
    assert_eq!(count(u, "/pacts/provider/users", "/_links/pb:pacts"), 3);
    assert_eq!(count(u, "/pacts/provider/users/latest", "/_links/pacts"), 1);
    assert_eq!(
        count(u, "/pacts/provider/users/branch/latest", "/_links/pb:pacts"),
        1
    );
    assert_eq!(count(u, "/pacts/latest", "/pacts"), 1);
    // Previous distinct and diffs.
    let prev = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.2.0/previous-distinct"
    ));
    assert_eq!(
        prev.body["_links"]["pb:consumer-version"]["name"], "1.0.0",
        "1.1.0 has the same content"
    );
    let diff = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.2.0/diff/previous-distinct"
    ));
    assert!(
        diff.text.contains("+") && diff.text.contains("a request for two"),
        "{}",
        diff.text
    );
    // Verification results in every form.
    for path in [
        "/pacts/provider/users/consumer/web/version/1.2.0/verification-results/latest",
        "/pacts/provider/users/consumer/web/latest/verification-results/latest",
    ] {
        let r = get(&format!("{u}{path}"));
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(r.body["providerApplicationVersion"], "9.0.0");
    }
    // 1.1.0 shares 1.2.0's content, so the verification counts for it too.
    let all = get(&format!(
        "{u}/verification-results/consumer/web/version/1.1.0/latest"
    ));
    assert_eq!(all.body["success"], true, "{}", all.text);
    assert_eq!(
        get(&format!(
            "{u}/pacts/provider/users/consumer/web/latest/prod/verification-results/latest"
        ))
        .status,
        404
    );
    // Versions: latest with a tag, a branch's versions and head.
    assert_eq!(
        get(&format!("{u}/pacticipants/web/latest-version/prod")).body["number"],
        "1.0.0"
    );
    assert_eq!(
        count(
            u,
            "/pacticipants/web/branches/main/versions",
            "/_embedded/versions"
        ),
        2
    );
    assert_eq!(
        get(&format!(
            "{u}/pacticipants/web/branches/main/latest-version"
        ))
        .body["number"],
        "1.2.0"
    );
    // Integrations, dashboard, labels, matrix of an integration, diagnostics.
    assert_eq!(count(u, "/integrations", "/_embedded/integrations"), 1);
    let dash = get(&format!("{u}/dashboard"));
    assert_eq!(
        dash.body["items"][0]["verificationResult"]["success"], true,
        "{}",
        dash.text
    );
    assert_eq!(
        put(&format!("{u}/pacticipants/web/labels/frontend"), &json!({})).status,
        201
    );
    assert_eq!(count(u, "/labels", "/_embedded/labels"), 1);
    assert_eq!(
        count(u, "/pacticipants/label/frontend", "/_embedded/pacticipants"),
        1
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/web")).body["labels"][0],
        "frontend"
    );
    assert_eq!(
        get(&format!("{u}/matrix/provider/users/consumer/web")).status,
        200
    );
    let deps = get(&format!("{u}/diagnostic/status/dependencies"));
    assert_eq!(
        deps.body["dependencies"]["database"]["ok"], true,
        "{}",
        deps.text
    );
}

#[test]
fn errors_are_in_the_pact_broker_shape_unless_problem_json_is_asked_for() {
    let b = Broker::sqlite(&[]);
    let u = &b.url;
    post(
        &format!("{u}/environments"),
        &json!({"name": "production", "production": true}),
    );
    let r = get(&format!(
        "{u}/can-i-deploy?pacticipant=ghost&version=1&environment=production"
    ));
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(
        r.content_type.starts_with("application/hal+json"),
        "{}",
        r.content_type
    );
    assert!(r.text.contains("ghost"), "{}", r.text);
    let r = get(&format!(
        "{u}/matrix?q[][pacticipant]=ghost&q[][version]=1&latestby=cvpv"
    ));
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(
        r.body["errors"].is_array(),
        "the matrix lists messages: {}",
        r.text
    );
    let r = send(
        "GET",
        &format!("{u}/matrix?q[][pacticipant]=ghost&q[][version]=1"),
        None,
        &[("accept", "application/problem+json")],
    );
    assert!(
        r.content_type.starts_with("application/problem+json"),
        "{}",
        r.content_type
    );
    assert_eq!(r.body["status"], 400);
}
