//! Matching throughput: shipgate-rules vs pact_matching 2.x, same inputs, same run.
//! (a) every Pact specification test case; (b) a ~1 MB JSON response body with
//! nested eachLike (`type` + `min`) and `regex` rules.
//!
//! Usage: cargo run --release --bin matching [-- SPEC_DIR [SECONDS]]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pact_matching::{match_interaction, match_interaction_request, match_interaction_response};
use pact_models::interaction::{
    http_interaction_from_json, message_interaction_from_json, Interaction,
};
use pact_models::prelude::{MessagePact, Pact as _, RequestResponsePact};
use pact_models::PactSpecification;
use serde_json::{json, Value};
use shipgate_rules::pact as sg;

struct Case {
    kind: String,
    version: sg::SpecVersion,
    spec: PactSpecification,
    doc: Value,
    want: bool,
}

fn spec_of(v: sg::SpecVersion) -> PactSpecification {
    match v {
        sg::SpecVersion::V1 => PactSpecification::V1,
        sg::SpecVersion::V1_1 => PactSpecification::V1_1,
        sg::SpecVersion::V2 => PactSpecification::V2,
        sg::SpecVersion::V3 => PactSpecification::V3,
        sg::SpecVersion::V4 => PactSpecification::V4,
    }
}

fn load_cases(root: &PathBuf) -> Vec<Case> {
    let mut out = Vec::new();
    for v in [
        sg::SpecVersion::V1,
        sg::SpecVersion::V1_1,
        sg::SpecVersion::V2,
        sg::SpecVersion::V3,
        sg::SpecVersion::V4,
    ] {
        let dir = root.join(v.dir_name());
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let doc: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            let kind = f
                .strip_prefix(&dir)
                .unwrap()
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .into_owned();
            let want = doc["match"].as_bool().unwrap();
            out.push(Case {
                kind,
                version: v,
                spec: spec_of(v),
                doc,
                want,
            });
        }
    }
    out
}

/// A prepared shipgate comparison.
enum SgPrepared {
    Req(sg::HttpRequest, sg::HttpRequest, sg::SpecVersion),
    Resp(sg::HttpResponse, sg::HttpResponse),
    Msg(sg::Message, sg::Message),
}

impl SgPrepared {
    fn new(c: &Case) -> Self {
        let (e, a) = (&c.doc["expected"], &c.doc["actual"]);
        match c.kind.as_str() {
            "request" => Self::Req(
                sg::HttpRequest::from_json(e, c.version, "$").unwrap(),
                sg::HttpRequest::from_json(a, c.version, "$").unwrap(),
                c.version,
            ),
            "response" => Self::Resp(
                sg::HttpResponse::from_json(e, c.version, "$").unwrap(),
                sg::HttpResponse::from_json(a, c.version, "$").unwrap(),
            ),
            _ => Self::Msg(
                sg::Message::from_json(e, c.version, "$").unwrap(),
                sg::Message::from_json(a, c.version, "$").unwrap(),
            ),
        }
    }
    fn run(&self) -> bool {
        match self {
            Self::Req(e, a, v) => sg::match_request(e, a, *v).is_empty(),
            Self::Resp(e, a) => sg::match_response(e, a).is_empty(),
            Self::Msg(e, a) => sg::match_message(e, a).is_empty(),
        }
    }
}

type Boxed = Box<dyn Interaction + Send + Sync + std::panic::RefUnwindSafe>;

/// A prepared pact_matching comparison (the same calls its own spec tests make).
struct PmPrepared {
    kind: String,
    spec: PactSpecification,
    expected: Boxed,
    actual: Boxed,
}

impl PmPrepared {
    fn new(c: &Case) -> Option<Self> {
        let (expected, actual) = match c.kind.as_str() {
            "request" | "response" => {
                let e = json!({"type": "Synchronous/HTTP", c.kind.clone(): c.doc["expected"]});
                let a = json!({"type": "Synchronous/HTTP", c.kind.clone(): c.doc["actual"]});
                (
                    http_interaction_from_json("bench", &e, &c.spec).ok()?,
                    http_interaction_from_json("bench", &a, &c.spec).ok()?,
                )
            }
            _ => {
                let mut e = c.doc["expected"].clone();
                let mut a = c.doc["actual"].clone();
                e["type"] = json!("Asynchronous/Messages");
                a["type"] = json!("Asynchronous/Messages");
                (
                    message_interaction_from_json("bench", &e, &c.spec).ok()?,
                    message_interaction_from_json("bench", &a, &c.spec).ok()?,
                )
            }
        };
        Some(Self {
            kind: c.kind.clone(),
            spec: c.spec.clone(),
            expected: expected.boxed(),
            actual: actual.boxed(),
        })
    }
    async fn run(&self) -> bool {
        match self.kind.as_str() {
            "request" => {
                let pact = RequestResponsePact {
                    interactions: vec![self.expected.as_request_response().unwrap_or_default()],
                    ..RequestResponsePact::default()
                }
                .boxed();
                match_interaction_request(
                    self.expected.boxed(),
                    self.actual.boxed(),
                    pact,
                    &self.spec,
                )
                .await
                .map(|r| r.mismatches().is_empty())
                .unwrap_or(false)
            }
            "response" => {
                let pact = RequestResponsePact {
                    interactions: vec![self.expected.as_request_response().unwrap_or_default()],
                    ..RequestResponsePact::default()
                }
                .boxed();
                match_interaction_response(
                    self.expected.boxed(),
                    self.actual.boxed(),
                    pact,
                    &self.spec,
                )
                .await
                .map(|r| r.is_empty())
                .unwrap_or(false)
            }
            _ => {
                let pact = MessagePact {
                    messages: vec![self.expected.as_message().unwrap_or_default()],
                    ..MessagePact::default()
                }
                .boxed();
                match_interaction(self.expected.boxed(), self.actual.boxed(), pact, &self.spec)
                    .await
                    .map(|r| r.is_empty())
                    .unwrap_or(false)
            }
        }
    }
}

fn big_body() -> (Value, Value, Value) {
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        items.push(json!({
            "id": i,
            "sku": format!("SKU-{:06}", i),
            "name": format!("Item number {i}"),
            "price": (i as f64) * 1.25 + 0.99,
            "tags": ["alpha", "beta", "gamma"],
            "variants": [{"colour": "red", "code": format!("V{:04}", i % 9999)}, {"colour": "blue", "code": format!("V{:04}", (i + 1) % 9999)}],
        }));
        i += 1;
        if i % 100 == 0 && serde_json::to_vec(&json!({"items": items})).unwrap().len() >= 1_000_000
        {
            break;
        }
    }
    let actual = json!({"total": items.len(), "items": items});
    let expected = json!({"total": 1, "items": [{
        "id": 1, "sku": "SKU-000001", "name": "Item", "price": 1.5, "tags": ["alpha"],
        "variants": [{"colour": "red", "code": "V0001"}],
    }]});
    let rules = json!({
        "body": {
            "$.total": {"matchers": [{"match": "integer"}]},
            "$.items": {"matchers": [{"match": "type", "min": 1}]},
            "$.items[*].id": {"matchers": [{"match": "integer"}]},
            "$.items[*].sku": {"matchers": [{"match": "regex", "regex": "SKU-\\d{6}"}]},
            "$.items[*].name": {"matchers": [{"match": "type"}]},
            "$.items[*].price": {"matchers": [{"match": "number"}]},
            "$.items[*].tags": {"matchers": [{"match": "type", "min": 1}]},
            "$.items[*].variants": {"matchers": [{"match": "type", "min": 1}]},
            "$.items[*].variants[*].colour": {"matchers": [{"match": "regex", "regex": "red|green|blue"}]},
            "$.items[*].variants[*].code": {"matchers": [{"match": "regex", "regex": "V\\d{4}"}]}
        }
    });
    (expected, actual, rules)
}

fn time_loop<F: FnMut() -> bool>(budget: Duration, mut f: F) -> (u64, Duration, bool) {
    let start = Instant::now();
    let mut n = 0u64;
    let mut all = true;
    while start.elapsed() < budget || n == 0 {
        all &= f();
        n += 1;
    }
    (n, start.elapsed(), all)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/tests/fixtures/pact-spec"
        ))
    });
    let secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let budget = Duration::from_secs_f64(secs);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    // (a) conformance cases.
    let cases = load_cases(&root);
    let sg_cases: Vec<SgPrepared> = cases.iter().map(SgPrepared::new).collect();
    let pm_cases: Vec<Option<PmPrepared>> = cases.iter().map(PmPrepared::new).collect();
    let sg_right = cases
        .iter()
        .zip(&sg_cases)
        .filter(|(c, p)| p.run() == c.want)
        .count();
    let pm_right = cases
        .iter()
        .zip(&pm_cases)
        .filter(|(c, p)| p.as_ref().is_some_and(|p| rt.block_on(p.run()) == c.want))
        .count();
    let pm_loaded: Vec<&PmPrepared> = pm_cases.iter().flatten().collect();
    let (sg_n, sg_t, _) = time_loop(budget, || {
        sg_cases.iter().fold(true, |acc, c| acc & c.run())
    });
    let (pm_n, pm_t, _) = time_loop(budget, || {
        rt.block_on(async {
            let mut acc = true;
            for c in &pm_loaded {
                acc &= c.run().await;
            }
            acc
        })
    });
    let sg_rate = (sg_n as f64 * sg_cases.len() as f64) / sg_t.as_secs_f64();
    let pm_rate = (pm_n as f64 * pm_loaded.len() as f64) / pm_t.as_secs_f64();

    // (b) 1 MB body.
    let (expected, actual, rules) = big_body();
    let size = serde_json::to_vec(&actual).unwrap().len();
    let resp = |body: &Value, with_rules: bool| {
        let mut r =
            json!({"status": 200, "headers": {"Content-Type": "application/json"}, "body": body});
        if with_rules {
            r["matchingRules"] = rules.clone();
        }
        r
    };
    let sg_e =
        sg::HttpResponse::from_json(&resp(&expected, true), sg::SpecVersion::V3, "$").unwrap();
    let sg_a =
        sg::HttpResponse::from_json(&resp(&actual, false), sg::SpecVersion::V3, "$").unwrap();
    let sg_ok = sg::match_response(&sg_e, &sg_a);
    let pm_case = Case {
        kind: "response".into(),
        version: sg::SpecVersion::V3,
        spec: PactSpecification::V3,
        doc: json!({"expected": resp(&expected, true), "actual": resp(&actual, false)}),
        want: true,
    };
    let pm_big = PmPrepared::new(&pm_case).expect("pact_matching loads the big body");
    let pm_ok = rt.block_on(pm_big.run());
    let (sgb_n, sgb_t, _) = time_loop(budget, || sg::match_response(&sg_e, &sg_a).is_empty());
    let (pmb_n, pmb_t, _) = time_loop(budget, || rt.block_on(pm_big.run()));
    let sgb_rate = sgb_n as f64 / sgb_t.as_secs_f64();
    let pmb_rate = pmb_n as f64 / pmb_t.as_secs_f64();

    println!("| benchmark | implementation | correct verdicts | matches/s | MB/s | speed-up |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| conformance cases ({} cases) | shipgate-rules | {}/{} | {:.0} | | {:.1}x |",
        cases.len(),
        sg_right,
        cases.len(),
        sg_rate,
        sg_rate / pm_rate
    );
    println!("| conformance cases ({} cases) | pact_matching 2.1.0 | {}/{} ({} loaded) | {:.0} | | 1.0x |", cases.len(), pm_right, cases.len(), pm_loaded.len(), pm_rate);
    println!(
        "| {:.2} MB body, eachLike + regex | shipgate-rules | {} | {:.1} | {:.1} | {:.1}x |",
        size as f64 / 1e6,
        if sg_ok.is_empty() {
            "match"
        } else {
            "MISMATCH"
        },
        sgb_rate,
        sgb_rate * size as f64 / 1e6,
        sgb_rate / pmb_rate
    );
    println!(
        "| {:.2} MB body, eachLike + regex | pact_matching 2.1.0 | {} | {:.1} | {:.1} | 1.0x |",
        size as f64 / 1e6,
        if pm_ok { "match" } else { "MISMATCH" },
        pmb_rate,
        pmb_rate * size as f64 / 1e6
    );
    if !sg_ok.is_empty() {
        eprintln!(
            "shipgate mismatches on the big body: {:?}",
            &sg_ok[..sg_ok.len().min(3)]
        );
    }
}
