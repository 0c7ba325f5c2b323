//! The whole gate against a real broker process, on SQLite and on a
//! throwaway PostgreSQL: provider contracts and schema checks (BDCT), API
//! diffs weighed by what deployed consumers rely on, the migration rules,
//! several versions judged as one deployment, overrides, `/gates/can-i-deploy`,
//! bad input, and the real `pact` CLI publishing a provider contract and
//! blocking on a migration reason.
//!
//! See: issue 15 (the whole gate).

mod broker_support;

use broker_support::{get, post, publish_body, Broker, Resp};
use serde_json::{json, Value};

const V1: (&str, &str) = (
    "V1__create_orders.sql",
    "CREATE TABLE orders (id bigint PRIMARY KEY, total integer NOT NULL, currency text NOT NULL);\n",
);
const V2: (&str, &str) = (
    "V2__add_amount_minor.sql",
    "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN amount_minor bigint;\n",
);
const V3: (&str, &str) = (
    "V3__drop_total.sql",
    "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN total;\n",
);

/// An OpenAPI document: `GET /orders/{id}` returns `props` (all required), and
/// `GET /receipts/{id}`, which no consumer calls, returns `receipt`.
fn oas_with(props: &[&str], receipt: &[&str]) -> String {
    let op = |path: &str, props: &[&str]| {
        let required = props.join(", ");
        let properties: String = props
            .iter()
            .map(|p| format!("                  {p}: {{type: string}}\n"))
            .collect();
        format!(
            "  {path}:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [{required}]\n                properties:\n{properties}"
        )
    };
    format!(
        "openapi: 3.0.3\ninfo: {{title: orders, version: '1'}}\npaths:\n{}{}",
        op("/orders/{id}", props),
        op("/receipts/{id}", receipt)
    )
}

fn oas(props: &[&str]) -> String {
    oas_with(props, &["pdf"])
}

fn b64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn checkout_pact(provider: &str) -> Value {
    json!({
        "consumer": {"name": "checkout-ui"},
        "provider": {"name": provider},
        "interactions": [{
            "description": "an order",
            "request": {"method": "GET", "path": "/orders/1"},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                          "body": {"id": "1", "userId": "u-1", "total": "42"}}
        }],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

fn publish_contract(
    b: &Broker,
    provider: &str,
    version: &str,
    text: &str,
    ok: Option<bool>,
) -> Resp {
    let mut contract =
        json!({"content": b64(text), "contentType": "application/yaml", "specification": "oas"});
    if let Some(s) = ok {
        contract["selfVerificationResults"] = json!({"success": s, "verifier": "schemathesis"});
    }
    post(
        &format!("{}/contracts/publish/{provider}", b.url),
        &json!({"pacticipantVersionNumber": version, "branch": "main", "contract": contract}),
    )
}

fn publish_migrations(
    b: &Broker,
    p: &str,
    v: &str,
    db: Option<&str>,
    files: &[(&str, &str)],
) -> Resp {
    post(
        &format!("{}/pacticipants/{p}/versions/{v}/migrations", b.url),
        &json!({"database": db, "files": files.iter().map(|(n, c)| json!({"name": n, "content": c})).collect::<Vec<_>>()}),
    )
}

fn env(b: &Broker, name: &str) {
    let r = post(
        &format!("{}/environments", b.url),
        &json!({"name": name, "production": true}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

fn deploy(b: &Broker, p: &str, v: &str, e: &str) {
    let r = post(
        &format!(
            "{}/pacticipants/{p}/versions/{v}/deployed-versions/environment/{e}",
            b.url
        ),
        &json!({}),
    );
    assert_eq!(r.status, 201, "record-deployment never refuses: {}", r.text);
}

/// `GET /gates/can-i-deploy` for `versions` into `e`.
fn gate(b: &Broker, versions: &[(&str, &str)], e: &str, extra: &str) -> Resp {
    let q: String = versions
        .iter()
        .map(|(p, v)| format!("pacticipant={p}&version={v}&"))
        .collect();
    get(&format!(
        "{}/gates/can-i-deploy?{q}environment={e}{extra}",
        b.url
    ))
}

fn blocking(r: &Resp, kind: &str) -> Vec<Value> {
    r.body["reasons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["level"] == "error" && x["kind"] == kind)
        .cloned()
        .collect()
}

fn expect(r: &Resp, status: u16, what: &str) {
    assert_eq!(
        r.status,
        status,
        "{what}: {}",
        serde_json::to_string_pretty(&r.body).unwrap()
    );
}

fn migration_rules(b: &Broker) {
    env(b, "production");
    for (v, files) in [
        ("1.0.0", &[V1][..]),
        ("2.0.0", &[V1, V2][..]),
        ("3.0.0", &[V1, V2, V3][..]),
    ] {
        expect(
            &publish_migrations(b, "orders", v, None, files),
            200,
            "publish migrations",
        );
    }
    // Re-publishing the same files is fine; different ones are a 409 naming the file.
    expect(
        &publish_migrations(b, "orders", "2.0.0", None, &[V1, V2]),
        200,
        "same again",
    );
    let r = publish_migrations(
        b,
        "orders",
        "2.0.0",
        None,
        &[V1, (V2.0, "ALTER TABLE orders ADD COLUMN x int;")],
    );
    expect(&r, 409, "changed migrations");
    assert!(r.text.contains("~ V2__add_amount_minor.sql"), "{}", r.text);
    let listed = get(&format!(
        "{}/pacticipants/orders/versions/2.0.0/migrations",
        b.url
    ));
    assert_eq!(
        listed.body["databases"][0]["files"][1]["steps"][0]["phase"], "expand",
        "{}",
        listed.text
    );
    // A name that is not a migration is refused.
    expect(
        &publish_migrations(b, "orders", "9.0.0", None, &[("README.md", "x")]),
        400,
        "not sql",
    );

    deploy(b, "orders", "1.0.0", "production");
    // Rule 1: 3.0.0 would bring the expand (V2) and the contract (V3) at once.
    let r = gate(b, &[("orders", "3.0.0")], "production", "");
    expect(&r, 412, "expand and contract in one deployment");
    let m = blocking(&r, "migration");
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0]["text"].as_str().unwrap().contains("in one deployment"),
        "{m:#?}"
    );
    assert_eq!(m[0]["files"], json!([V2.0, V3.0]));
    assert_eq!(
        m[0]["safeOrder"].as_str().unwrap(),
        "Deploy orders 2.0.0, which brings V2__add_amount_minor.sql (`orders.amount_minor`), to production first"
    );
    assert!(m[0]["statements"][1]
        .as_str()
        .unwrap()
        .starts_with("V3__drop_total.sql:2: ALTER TABLE orders DROP COLUMN total"));
    // The real Pact Broker shape blocks too.
    let c = get(&format!(
        "{}/can-i-deploy?pacticipant=orders&version=3.0.0&environment=production",
        b.url
    ));
    assert_eq!(c.body["summary"]["deployable"], false, "{}", c.text);
    assert!(c.body["summary"]["reason"]
        .as_str()
        .unwrap()
        .contains("Migration: orders 3.0.0"));
    // The expand alone is fine; after it, the contract is fine.
    expect(
        &gate(b, &[("orders", "2.0.0")], "production", ""),
        200,
        "expand only",
    );
    deploy(b, "orders", "2.0.0", "production");
    expect(
        &gate(b, &[("orders", "3.0.0")], "production", ""),
        200,
        "contract after expand",
    );
    // Rule 2: roll back to 1.0.0; the database keeps V2; 3.0.0 is blocked again.
    deploy(b, "orders", "1.0.0", "production");
    let r = gate(b, &[("orders", "3.0.0")], "production", "");
    expect(&r, 412, "after a rollback");
    let m = blocking(&r, "migration");
    assert!(
        m[0]["text"]
            .as_str()
            .unwrap()
            .contains("predates V2__add_amount_minor.sql"),
        "{m:#?}"
    );
    // 1.0.0 is still served by a schema that only expanded.
    let r = gate(b, &[("orders", "1.0.0")], "production", "");
    expect(&r, 200, "rollback target served");
    assert!(r.text.contains("still serves orders 1.0.0"), "{}", r.text);
    // Forward to 3.0.0 (recorded without asking: record-deployment never refuses).
    deploy(b, "orders", "2.0.0", "production");
    deploy(b, "orders", "3.0.0", "production");
    // Rule 4: rolling back to 1.0.0 (or 2.0.0) would read the dropped column.
    for v in ["1.0.0", "2.0.0"] {
        let r = gate(b, &[("orders", v)], "production", "");
        expect(&r, 412, "unsafe rollback");
        let m = blocking(&r, "migration");
        assert!(
            m[0]["text"]
                .as_str()
                .unwrap()
                .contains(&format!("A rollback to {v} is unsafe")),
            "{m:#?}"
        );
        assert!(
            m[0]["text"]
                .as_str()
                .unwrap()
                .contains("V3__drop_total.sql"),
            "{m:#?}"
        );
    }
    let applied = get(&format!("{}/environments/production/migrations", b.url));
    assert_eq!(
        applied.body["databases"][0]["files"]
            .as_array()
            .unwrap()
            .len(),
        3,
        "{}",
        applied.text
    );

    // Rule 3: billing shares the database and still reads `total` in staging.
    env(b, "staging");
    expect(
        &publish_migrations(
            b,
            "billing",
            "5.0.0",
            Some("orders"),
            &[(
                "V100__billing.sql",
                "CREATE INDEX billing_total ON orders (total);",
            )],
        ),
        200,
        "billing migrations",
    );
    expect(
        &publish_migrations(
            b,
            "billing",
            "6.0.0",
            Some("orders"),
            &[
                (
                    "V100__billing.sql",
                    "CREATE INDEX billing_total ON orders (total);",
                ),
                ("V101__billing.sql", "DROP INDEX billing_total;"),
            ],
        ),
        200,
        "billing 6 migrations",
    );
    deploy(b, "orders", "2.0.0", "staging");
    deploy(b, "billing", "5.0.0", "staging");
    let r = gate(b, &[("orders", "3.0.0")], "staging", "");
    expect(&r, 412, "shared database");
    let m = blocking(&r, "migration");
    assert_eq!(m[0]["consumer"], "billing", "{m:#?}");
    assert!(
        m[0]["text"]
            .as_str()
            .unwrap()
            .contains("billing 5.0.0, deployed there, still uses `orders.total`"),
        "{m:#?}"
    );
    // Deployed together with a billing that no longer uses it: one deployment, allowed.
    let r = gate(
        b,
        &[("orders", "3.0.0"), ("billing", "6.0.0")],
        "staging",
        "",
    );
    expect(&r, 200, "orders 3 + billing 6 together");
    // A tag question keeps the Pact Broker's meaning: no migration evidence.
    let m = get(&format!(
        "{}/matrix?q[][pacticipant]=orders&q[][version]=3.0.0&latestby=cvp&latest=true",
        b.url
    ));
    assert_eq!(m.body["summary"]["deployable"], true, "{}", m.text);
    assert!(!m.text.contains("Migration:"));
}

fn api_and_schema_checks(b: &Broker) {
    let u = &b.url;
    env(b, "prod");
    let v1 = oas(&["id", "userId", "total"]);
    expect(
        &publish_contract(b, "orders-api", "1.0.0", &v1, Some(true)),
        200,
        "contract 1.0.0",
    );
    // The real Pact CLI's response shape.
    let r = publish_contract(b, "orders-api", "1.0.0", &v1, Some(true));
    expect(&r, 200, "same contract again");
    assert_eq!(r.body["_embedded"]["version"]["number"], "1.0.0");
    assert!(r.body["_links"]["pb:pacticipant-version-tags"].is_array());
    assert!(r.body["notices"][0]["text"].is_string());
    // Different content for the same version: 409 naming the difference; nothing changes.
    let r = publish_contract(b, "orders-api", "1.0.0", &oas(&["id"]), Some(true));
    expect(&r, 409, "changed contract");
    assert!(
        r.text.contains("the contract content differs"),
        "{}",
        r.text
    );
    let stored = get(&format!(
        "{u}/pacticipants/orders-api/versions/1.0.0/provider-contract"
    ));
    assert_eq!(stored.body["content"], v1);
    // Not OpenAPI: 400 with line and column, nothing stored.
    let r = publish_contract(
        b,
        "orders-api",
        "9.9.9",
        "openapi: 3.0.0\npaths: [\n",
        Some(true),
    );
    expect(&r, 400, "invalid OpenAPI");
    let detail = r.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("(9.9.9):2:") || detail.contains("(9.9.9):3:"),
        "{detail}"
    );
    assert_eq!(
        get(&format!("{u}/pacticipants/orders-api/versions/9.9.9")).status,
        404
    );

    let r = post(
        &format!("{u}/contracts/publish"),
        &publish_body(
            "checkout-ui",
            "1.0.0",
            Some("main"),
            &[checkout_pact("orders-api")],
        ),
    );
    expect(&r, 200, "pact");
    deploy(b, "orders-api", "1.0.0", "prod");
    // No replayed verification: the pact is schema-checked (BDCT) against 1.0.0's document.
    let m = get(&format!(
        "{u}/matrix?q[][pacticipant]=checkout-ui&q[][version]=1.0.0&latestby=cvpv&environment=prod"
    ));
    assert_eq!(m.body["summary"]["deployable"], true, "{}", m.text);
    assert_eq!(
        m.body["matrix"][0]["verificationType"], "BDCT",
        "{}",
        m.text
    );
    assert_eq!(m.body["matrix"][0]["verificationResult"]["success"], true);
    deploy(b, "checkout-ui", "1.0.0", "prod");

    // 2.0.0 renames userId: the schema check fails and the API diff names the consumer.
    expect(
        &publish_contract(
            b,
            "orders-api",
            "2.0.0",
            &oas(&["id", "user_id", "total"]),
            Some(true),
        ),
        200,
        "2.0.0",
    );
    let r = gate(b, &[("orders-api", "2.0.0")], "prod", "");
    expect(&r, 412, "renamed property");
    let api = blocking(&r, "api");
    assert_eq!(api.len(), 1, "{api:#?}");
    assert_eq!(api[0]["code"], "OAS029");
    assert_eq!(api[0]["consumer"], "checkout-ui");
    assert_eq!(api[0]["operation"], "GET /orders/{id}");
    assert!(
        api[0]["text"].as_str().unwrap().contains("`userId`"),
        "{api:#?}"
    );
    let contract = blocking(&r, "contract");
    assert!(
        contract[0]["text"]
            .as_str()
            .unwrap()
            .contains("schema check (BDCT)"),
        "{contract:#?}"
    );
    // Report mode always answers 200, with deployable false.
    let rep = gate(b, &[("orders-api", "2.0.0")], "prod", "&mode=report");
    expect(&rep, 200, "report mode");
    assert_eq!(rep.body["deployable"], false);

    // 2.1.0 changes receipts, which checkout-ui does not call: a warning, unless strict.
    expect(
        &publish_contract(
            b,
            "orders-api",
            "2.1.0",
            &oas_with(&["id", "userId", "total"], &["url"]),
            Some(true),
        ),
        200,
        "2.1.0",
    );
    let r = gate(b, &[("orders-api", "2.1.0")], "prod", "");
    expect(&r, 200, "unrelied-on break");
    assert!(
        r.text.contains("no consumer deployed in prod relies on it"),
        "{}",
        r.text
    );
    expect(
        &gate(b, &[("orders-api", "2.1.0")], "prod", "&strictApi=true"),
        412,
        "strict for one query",
    );

    // A failed self-verification fails the schema check.
    expect(
        &publish_contract(b, "orders-api", "3.0.0", &v1, Some(false)),
        200,
        "3.0.0",
    );
    let m = get(&format!("{u}/matrix?q[][pacticipant]=checkout-ui&q[][version]=1.0.0&q[][pacticipant]=orders-api&q[][version]=3.0.0&latestby=cvpv"));
    assert_eq!(m.body["summary"]["deployable"], false, "{}", m.text);
    assert!(
        m.text
            .contains("self-verification against its OpenAPI document failed"),
        "{}",
        m.text
    );
    // A replayed verification wins over the schema check.
    let sha = m.body["matrix"][0]["pact"]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let r = post(
        &format!("{u}/pacts/provider/orders-api/consumer/checkout-ui/pact-version/{sha}/verification-results"),
        &json!({"success": true, "providerApplicationVersion": "3.0.0"}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let m = get(&format!("{u}/matrix?q[][pacticipant]=checkout-ui&q[][version]=1.0.0&q[][pacticipant]=orders-api&q[][version]=3.0.0&latestby=cvpv"));
    assert_eq!(m.body["summary"]["deployable"], true, "{}", m.text);
    assert_eq!(m.body["matrix"][0]["verificationType"], "CDCT");

    // Overrides: let 2.0.0 through, attributed and expiring, and listed.
    let r = post(
        &format!("{u}/gates/overrides"),
        &json!({"pacticipant": "orders-api", "version": "2.0.0", "environment": "prod", "reason": "INC-7: checkout reads user_id from 1.1", "expires": "2999-01-01"}),
    );
    expect(&r, 201, "override");
    let r = gate(b, &[("orders-api", "2.0.0")], "prod", "");
    expect(&r, 200, "overridden");
    let o: Vec<&Value> = r.body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "override")
        .collect();
    assert_eq!(o.len(), 1, "{}", r.text);
    assert_eq!(o[0]["by"], "anonymous");
    assert!(o[0]["text"].as_str().unwrap().contains("INC-7"));
    let list = get(&format!("{u}/gates/overrides"));
    assert_eq!(list.body["overrides"][0]["active"], true, "{}", list.text);
    let past = post(
        &format!("{u}/gates/overrides"),
        &json!({"pacticipant": "orders-api", "version": "2.0.0", "environment": "prod", "reason": "x", "expires": "2001-01-01"}),
    );
    expect(&past, 400, "expired override");
}

fn run_all(b: &Broker) {
    migration_rules(b);
    api_and_schema_checks(b);
}

#[test]
fn gate_on_sqlite() {
    run_all(&Broker::sqlite(&[]));
}

#[test]
fn gate_on_postgres() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("gate");
    run_all(&Broker::with_database(&url, &[]));
}

#[test]
fn strict_broker_blocks_every_error_level_api_change() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("shipgate.toml");
    std::fs::write(&config, "[gate]\napi = \"strict\"\n").unwrap();
    let b = Broker::sqlite(&["--config", config.to_str().unwrap()]);
    env(&b, "prod");
    expect(
        &publish_contract(
            &b,
            "orders-api",
            "1.0.0",
            &oas(&["id", "total"]),
            Some(true),
        ),
        200,
        "1.0.0",
    );
    deploy(&b, "orders-api", "1.0.0", "prod");
    expect(
        &publish_contract(&b, "orders-api", "2.0.0", &oas(&["id"]), Some(true)),
        200,
        "2.0.0",
    );
    let r = gate(&b, &[("orders-api", "2.0.0")], "prod", "");
    expect(&r, 412, "strict broker");
    assert!(r.text.contains("the gate is strict"), "{}", r.text);
}

/// The real `pact` CLI publishes a provider contract, and its can-i-deploy
/// blocks on a migration reason.
#[test]
fn real_pact_cli_publishes_a_provider_contract_and_blocks_on_migrations() {
    let Some(pact) = shipgate_e2e::require_tool("pact") else {
        return;
    };
    let b = Broker::sqlite(&[]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.yaml");
    std::fs::write(&file, oas(&["id", "total"])).unwrap();
    let out = shipgate_e2e::run(
        std::process::Command::new(&pact)
            .args(["pactflow", "publish-provider-contract"])
            .arg(&file)
            .args([
                "--provider",
                "orders",
                "--provider-app-version",
                "3.0.0",
                "--branch",
                "main",
                "--content-type",
                "application/yaml",
                "--verification-success",
                "--verifier",
                "schemathesis",
                "--broker-base-url",
                &b.url,
            ])
            .env("NO_PROXY", "*"),
    );
    assert!(
        out.status.success(),
        "{}\n{}",
        shipgate_e2e::stdout(&out),
        shipgate_e2e::stderr(&out)
    );
    let stored = get(&format!(
        "{}/pacticipants/orders/versions/3.0.0/provider-contract",
        b.url
    ));
    assert_eq!(
        stored.body["selfVerificationResults"]["success"], true,
        "{}",
        stored.text
    );
    assert_eq!(
        stored.body["selfVerificationResults"]["verifier"],
        "schemathesis"
    );
    env(&b, "production");
    expect(
        &publish_migrations(&b, "orders", "1.0.0", None, &[V1]),
        200,
        "1.0.0",
    );
    expect(
        &publish_migrations(&b, "orders", "3.0.0", None, &[V1, V2, V3]),
        200,
        "3.0.0",
    );
    deploy(&b, "orders", "1.0.0", "production");
    let out = shipgate_e2e::run(
        std::process::Command::new(&pact)
            .args([
                "broker",
                "can-i-deploy",
                "--pacticipant",
                "orders",
                "--version",
                "3.0.0",
                "--to-environment",
                "production",
                "--broker-base-url",
                &b.url,
            ])
            .env("NO_PROXY", "*"),
    );
    let text = format!(
        "{}{}",
        shipgate_e2e::stdout(&out),
        shipgate_e2e::stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Migration: orders 3.0.0 would bring to production"),
        "{text}"
    );
}
