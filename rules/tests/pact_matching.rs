//! Matching features the specification corpus does not exercise (date/time
//! formats, include, number kinds, `combine: OR`, semver, notEmpty, values,
//! eachKey/eachValue, arrayContains, min/max, statusCode, header and query
//! rules, form, multipart and text bodies, message metadata), as data:
//! `tests/fixtures/pact-extra/cases.json` in the spec's `{match, comment,
//! expected, actual}` shape plus `kind` and `version`. One loop runs them all.

use serde_json::Value;
use shipgate_rules::pact::{
    match_message, match_request, match_response, HttpRequest, HttpResponse, Message, SpecVersion,
};

#[test]
fn extra_matching_cases() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pact-extra/cases.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(cases.len() >= 30, "the corpus shrank: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let version = SpecVersion::parse(case["version"].as_str().unwrap()).unwrap();
        let (e, a) = (&case["expected"], &case["actual"]);
        let mismatches = match case["kind"].as_str().unwrap() {
            "request" => match_request(
                &HttpRequest::from_json(e, version, "$").unwrap(),
                &HttpRequest::from_json(a, version, "$").unwrap(),
                version,
            ),
            "response" => match_response(
                &HttpResponse::from_json(e, version, "$").unwrap(),
                &HttpResponse::from_json(a, version, "$").unwrap(),
            ),
            _ => match_message(
                &Message::from_json(e, version, "$").unwrap(),
                &Message::from_json(a, version, "$").unwrap(),
            ),
        };
        let want = case["match"].as_bool().unwrap();
        if mismatches.is_empty() != want {
            failures.push(format!(
                "{}: want match={want}, got {mismatches:?}",
                case["comment"]
            ));
        }
        // Every mismatch is explained in one line with a code and a path.
        for m in &mismatches {
            assert!(m.code().starts_with("PACT"), "{m:?}");
            assert!(!m.explanation.contains('\n'), "{m:?}");
            assert!(!m.path.is_empty(), "{m:?}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mismatch_paths_name_the_element() {
    let version = SpecVersion::V3;
    let e = HttpResponse::from_json(
        &serde_json::json!({"status": 200, "body": {"items": [{"price": 1}, {"price": 2}, {"price": 3}]}}),
        version,
        "$",
    )
    .unwrap();
    let a = HttpResponse::from_json(
        &serde_json::json!({"status": 200, "body": {"items": [{"price": 1}, {"price": 2}, {"price": "3"}]}}),
        version,
        "$",
    )
    .unwrap();
    let ms = match_response(&e, &a);
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(ms[0].path, "$.items[2].price");
    assert_eq!(ms[0].code(), "PACT006");
    assert_eq!(
        ms[0].explanation,
        "expected a number (3) but received a string (\"3\")"
    );
}
