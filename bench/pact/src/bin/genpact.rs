//! Write a V3 pact with N `GET /items/{i}` interactions (type, integer, regex,
//! number and eachLike rules) for the verification benchmark.
//!
//! Usage: genpact N FILE

use serde_json::{json, Value};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .expect("usage: genpact N FILE");
    let file = args.next().expect("usage: genpact N FILE");
    let interactions: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "description": format!("a request for item {i}"),
                "request": {"method": "GET", "path": format!("/items/{i}"), "headers": {"Accept": "application/json"}},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"id": i, "sku": format!("SKU-{i:06}"), "name": "Item", "price": 1.5, "tags": ["alpha"]},
                    "matchingRules": {"body": {
                        "$.id": {"matchers": [{"match": "integer"}]},
                        "$.sku": {"matchers": [{"match": "regex", "regex": "SKU-\\d{6}"}]},
                        "$.name": {"matchers": [{"match": "type"}]},
                        "$.price": {"matchers": [{"match": "number"}]},
                        "$.tags": {"matchers": [{"match": "type", "min": 1}]}
                    }}
                }
            })
        })
        .collect();
    let pact = json!({
        "consumer": {"name": "bench-consumer"},
        "provider": {"name": "bench-provider"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    std::fs::write(&file, serde_json::to_vec_pretty(&pact).unwrap()).unwrap();
}
