//! The Pact model against real files: a pact written by pact-python (v4) loads,
//! files of every version round-trip without losing unknown fields, and
//! malformed files get a JSON path with line and column.

use serde_json::{json, Value};
use shipgate_rules::pact::{parse_pact, InteractionKind, Pact, SpecVersion};

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pacts")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn pact_python_v4_sample_loads() {
    let pact = parse_pact(&fixture("sample-pact-v4.json")).unwrap();
    assert_eq!(pact.spec, SpecVersion::V4);
    assert_eq!(
        (pact.consumer.as_str(), pact.provider.as_str()),
        ("ExampleConsumer", "ExampleProvider")
    );
    assert_eq!(pact.interactions.len(), 2);
    let http = &pact.interactions[0];
    assert_eq!(http.provider_states[0].name, "user 123 exists");
    assert_eq!(http.provider_states[0].params["id"], json!(123));
    let InteractionKind::Http { request, response } = &http.kind else {
        panic!("first interaction should be HTTP");
    };
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/users/123")
    );
    assert_eq!(response.status, 200);
    assert_eq!(
        response
            .matching_rules
            .category("body")
            .unwrap()
            .rules
            .len(),
        4
    );
    assert!(matches!(
        pact.interactions[1].kind,
        InteractionKind::AsyncMessage(_)
    ));
}

/// Writing then reading gives the same model, and unknown fields survive.
fn round_trip(doc: Value) -> Value {
    let pact = Pact::from_value(&doc).unwrap();
    let written = pact.to_value();
    let again = Pact::from_value(&written).unwrap();
    assert_eq!(pact, again);
    written
}

#[test]
fn unknown_fields_survive_round_trip_in_every_version() {
    for (version, query) in [
        ("1.0.0", json!("a=1")),
        ("2.0.0", json!("a=1")),
        ("3.0.0", json!({"a": ["1"]})),
        ("4.0", json!({"a": ["1"]})),
    ] {
        let body = if version == "4.0" {
            json!({"content": {"x": 1}, "contentType": "application/json", "encoded": false})
        } else {
            json!({"x": 1})
        };
        let doc = json!({
            "consumer": {"name": "c", "team": "payments"},
            "provider": {"name": "p"},
            "x-top": {"kept": true},
            "interactions": [{
                "description": "d",
                "x-interaction": 7,
                "request": {"method": "GET", "path": "/x", "query": query, "x-req": "r"},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body, "x-resp": [1]}
            }],
            "metadata": {"pactSpecification": {"version": version}, "tool": {"name": "t"}}
        });
        let out = round_trip(doc);
        assert_eq!(out["x-top"], json!({"kept": true}), "{version}");
        assert_eq!(out["consumer"]["team"], "payments", "{version}");
        assert_eq!(out["interactions"][0]["x-interaction"], 7, "{version}");
        assert_eq!(out["interactions"][0]["request"]["x-req"], "r", "{version}");
        assert_eq!(
            out["interactions"][0]["response"]["x-resp"],
            json!([1]),
            "{version}"
        );
        assert_eq!(out["metadata"]["tool"]["name"], "t", "{version}");
        assert_eq!(
            out["metadata"]["pactSpecification"]["version"], version,
            "{version}"
        );
    }
}

#[test]
fn v4_pending_comments_sync_messages_and_generators_round_trip() {
    let doc = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [{
            "type": "Synchronous/Messages", "description": "sync", "key": "k1", "pending": true,
            "comments": {"testname": "t", "text": ["hello"]},
            "providerStates": [{"name": "s", "params": {"id": 1}}],
            "request": {"contents": {"content": {"q": 1}, "contentType": "application/json", "encoded": false}},
            "response": [{"contents": {"content": "aGk=", "contentType": "application/octet-stream", "encoded": "base64"},
                          "metadata": {"k": "v"}}]
        }, {
            "type": "Synchronous/HTTP", "description": "http", "pending": false,
            "request": {"method": "POST", "path": "/", "generators": {"body": {"$.id": {"type": "Uuid"}}}},
            "response": {"status": 201, "matchingRules": {"status": {"matchers": [{"match": "statusCode", "status": "success"}]},
                                                          "body": {"$.id": {"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]}}}}
        }],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    });
    let out = round_trip(doc);
    let sync = &out["interactions"][0];
    assert_eq!(sync["pending"], true);
    assert_eq!(sync["comments"]["text"], json!(["hello"]));
    assert_eq!(sync["response"][0]["contents"]["encoded"], "base64");
    assert_eq!(sync["response"][0]["contents"]["content"], "aGk=");
    assert_eq!(
        out["interactions"][1]["request"]["generators"]["body"]["$.id"]["type"],
        "Uuid"
    );
    assert_eq!(
        out["interactions"][1]["response"]["matchingRules"]["body"]["$.id"]["combine"],
        "OR"
    );
}

#[test]
fn v3_messages_load_and_write_back_as_messages() {
    let doc = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "messages": [{"description": "m", "providerStates": [{"name": "s"}], "contents": {"a": 1},
                      "metaData": {"contentType": "application/json"}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let out = round_trip(doc);
    assert_eq!(out["messages"][0]["contents"], json!({"a": 1}));
    assert_eq!(
        out["messages"][0]["metaData"]["contentType"],
        "application/json"
    );
}

#[test]
fn malformed_files_report_path_line_and_column() {
    let e =
        parse_pact("{\"consumer\": {\"name\": \"c\"},\n \"provider\": {},\n \"interactions\": []}")
            .unwrap_err();
    assert_eq!(e.path, "$.provider.name");
    assert_eq!(e.line, 2, "{e}");
    let e = parse_pact("{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},\n\"interactions\": [{\"description\": \"d\",\n \"request\": {\"method\": \"GET\", \"path\": \"/\"},\n \"response\": {\"status\": \"200\"}}]}").unwrap_err();
    assert_eq!(e.path, "$.interactions[0].response.status");
    assert_eq!((e.line, e.column), (4, 25), "{e}"); // the opening quote of "200"
    assert!(
        e.to_string().contains("expected a number, found a string"),
        "{e}"
    );
    let e = parse_pact("{\"consumer\": ").unwrap_err();
    assert_eq!(e.path, "$");
    assert!(e.message.starts_with("invalid JSON"), "{e}");
}
