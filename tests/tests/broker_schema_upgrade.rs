//! The broker's schema is migrated on start-up from every earlier released
//! schema (issue 10, "running it for years"). For each schema version there
//! is a fixture, `tests/fixtures/broker-schema/vN.json`: the rows a broker
//! at that version wrote through its API (pacticipants, versions, branches,
//! tags, pacts, verification results, environments, deployments, releases,
//! a token), and the answers it gave (pact hashes, can-i-deploy). The test
//! creates a database at that schema version (SQLite and PostgreSQL), loads
//! the rows, starts the current `shipgate broker serve` on it, which
//! migrates it, and asks the same questions: same answers, and the old
//! token still works.
//!
//! A new migration needs a new fixture, written by the broker *before* the
//! migration: `cargo test -p shipgate-e2e --test broker_schema_upgrade --
//! --ignored write_fixture_for_the_current_schema` (then commit the file).

mod broker_support;

use broker_support::{pact, send, Broker};
use serde_json::{json, Map, Value};
use shipgate_broker::db::{Db, DbOptions};
use sqlx::Row;
use std::path::PathBuf;

/// Tables in an order that satisfies their foreign keys.
const TABLES: &[&str] = &[
    "pacticipants",
    "versions",
    "branches",
    "branch_versions",
    "tags",
    "pact_contents",
    "pact_publications",
    "integrations",
    "verifications",
    "environments",
    "deployed_versions",
    "released_versions",
    "api_tokens",
    // Schema 3: the gate's evidence.
    "provider_contracts",
    "schema_checks",
    "api_diffs",
    "migration_sets",
    "migration_set_files",
    "migration_sources",
    "environment_migrations",
    "gate_overrides",
];

fn fixture_dir() -> PathBuf {
    shipgate_e2e::workspace_root().join("tests/fixtures/broker-schema")
}

/// The questions asked of a broker, before and after the upgrade.
const QUESTIONS: &[&str] = &[
    "/pacts/provider/users/consumer/web/version/1.0.0",
    "/pacts/provider/orders/consumer/web/version/1.0.0",
    "/pacts/provider/users/consumer/mobile/version/2.0.0",
    "/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production",
    "/matrix?q[][pacticipant]=users&q[][version]=3.0.0&latestby=cvpv&environment=production",
    "/matrix?q[][pacticipant]=mobile&q[][version]=2.0.0&latestby=cvpv&environment=production",
    "/matrix?q[][pacticipant]=web&q[][version]=1.0.1&latestby=cvp&latest=true",
    "/environments/production/deployed-versions/currently-deployed",
    "/environments/production/released-versions/currently-supported",
    "/pacticipants/web/branches/feature%2Fx",
    "/pacticipants/web/versions/1.0.1/tags/beta",
    // Schema 3: the gate's evidence.
    "/pacticipants/users/versions/3.0.0/provider-contract",
    "/pacticipants/users/versions/3.0.0/migrations",
    "/environments/production/migrations",
    "/matrix?q[][pacticipant]=orders&q[][version]=5.0.0&latestby=cvpv&environment=production",
];

/// The part of an answer that must not change across an upgrade.
fn essence(path: &str, r: &broker_support::Resp) -> Value {
    let b = &r.body;
    if path.starts_with("/pacts/") {
        json!({"status": r.status, "sha": b["_links"]["pb:pact-version"]["name"], "interactions": b["interactions"]})
    } else if path.starts_with("/matrix") {
        let rows: Vec<Value> = b["matrix"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        json!([
                            row["consumer"]["version"]["number"],
                            row["provider"]["version"]["number"],
                            row["verificationResult"]["success"]
                        ])
                    })
                    .collect()
            })
            .unwrap_or_default();
        json!({"status": r.status, "deployable": b["summary"]["deployable"], "rows": rows})
    } else if path.ends_with("/provider-contract") {
        json!({"status": r.status, "sha": b["sha"], "content": b["content"], "selfVerified": b["selfVerificationResults"]["success"]})
    } else if path.ends_with("/migrations") {
        let mut b = b.clone();
        strip_volatile(&mut b);
        json!({"status": r.status, "body": b})
    } else if path.contains("currently-") {
        let mut names: Vec<String> = b["_embedded"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
            .filter_map(Value::as_array)
            .flatten()
            .map(|d| {
                format!(
                    "{} {}",
                    d["_embedded"]["pacticipant"]["name"]
                        .as_str()
                        .unwrap_or("?"),
                    d["_embedded"]["version"]["number"].as_str().unwrap_or("?")
                )
            })
            .collect();
        names.sort();
        json!({"status": r.status, "entries": names})
    } else {
        json!({"status": r.status})
    }
}

/// Drop links and times (they name the broker's address and the clock).
fn strip_volatile(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| k != "_links" && !k.ends_with("At") && !k.ends_with("_at"));
            m.values_mut().for_each(strip_volatile);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_volatile),
        _ => {}
    }
}

/// Ask `questions` of a broker; the essence of each answer.
fn ask<'a>(b: &Broker, token: &str, questions: impl IntoIterator<Item = &'a str>) -> Value {
    let bearer = format!("Bearer {token}");
    let mut out = Map::new();
    for q in questions {
        let r = send(
            "GET",
            &format!("{}{q}", b.url),
            None,
            &[("authorization", &bearer)],
        );
        out.insert((*q).to_string(), essence(q, &r));
    }
    Value::Object(out)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Every row of every table, as JSON objects.
async fn dump(db: &Db) -> Map<String, Value> {
    let mut tables = Map::new();
    for t in TABLES {
        let columns: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
        ))
        .fetch_all(&db.pool)
        .await
        .expect("columns");
        let pairs = columns
            .iter()
            .map(|c| format!("'{c}', \"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT json_object({pairs}) FROM \"{t}\" ORDER BY rowid"
        ))
        .fetch_all(&db.pool)
        .await
        .expect("rows");
        let rows: Vec<Value> = rows
            .iter()
            .map(|r| serde_json::from_str(r).expect("row"))
            .collect();
        tables.insert((*t).to_string(), Value::Array(rows));
    }
    tables
}

/// Insert the fixture's rows (explicit ids), then move PostgreSQL's
/// identity sequences past them.
async fn load(db: &Db, tables: &Map<String, Value>) {
    let mut tx = db.write_pool.begin().await.expect("tx");
    // A table that a fixture's schema did not have yet is absent from it.
    let present = || TABLES.iter().filter(|t| tables.contains_key(**t));
    for t in present() {
        for row in tables[*t].as_array().expect("rows") {
            let row = row.as_object().expect("row object");
            let cols: Vec<&String> = row.keys().collect();
            let sql = format!(
                "INSERT INTO \"{t}\" ({}) VALUES ({})",
                cols.iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                (1..=cols.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut q = sqlx::query(&sql);
            for c in &cols {
                q = match &row[c.as_str()] {
                    Value::Null => q.bind(None::<String>),
                    Value::Number(n) => q.bind(n.as_i64().expect("integer column")),
                    Value::String(s) => q.bind(s.clone()),
                    other => panic!("unexpected value {other} in {t}.{c}"),
                };
            }
            q.execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
    if db.backend == shipgate_broker::Backend::Postgres {
        for t in present() {
            let has_id = tables[*t]
                .as_array()
                .and_then(|r| r.first())
                .is_some_and(|r| r.get("id").is_some());
            if has_id {
                sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM \"{t}\"))"))
                    .execute(&mut *tx)
                    .await
                    .expect("setval");
            }
        }
    }
    tx.commit().await.expect("commit");
}

fn upgrade_from(fixture: &Value, database_url: &str) {
    let version = fixture["schema_version"].as_i64().expect("schema_version");
    let tables = fixture["tables"].as_object().expect("tables");
    runtime().block_on(async {
        let db = Db::connect_at_schema(database_url, &DbOptions::default(), Some(version))
            .await
            .expect("database at the old schema");
        let applied: i64 = sqlx::query("SELECT MAX(version) FROM shipgate_schema_migrations")
            .fetch_one(&db.pool)
            .await
            .expect("version")
            .get(0);
        assert_eq!(applied, version);
        load(&db, tables).await;
        db.pool.close().await;
        db.write_pool.close().await;
    });
    // The real start-up path migrates it.
    let b = Broker::with_database(database_url, &[]);
    let token = fixture["token"].as_str().expect("token");
    // The questions the fixture's broker was asked (a newer fixture asks more).
    let questions: Vec<&str> = fixture["answers"]
        .as_object()
        .expect("answers")
        .keys()
        .map(String::as_str)
        .collect();
    let answers = ask(&b, token, questions);
    assert_eq!(
        answers, fixture["answers"],
        "answers changed across the upgrade from schema {version}"
    );
    runtime().block_on(async {
        let db = Db::connect(database_url, 1).await.expect("database");
        let latest: i64 = sqlx::query("SELECT MAX(version) FROM shipgate_schema_migrations")
            .fetch_one(&db.pool)
            .await
            .expect("version")
            .get(0);
        assert_eq!(latest, Db::schema_version());
    });
    // And it takes writes on the upgraded schema.
    let bearer = format!("Bearer {token}");
    let body = broker_support::publish_body(
        "web",
        "9.9.9",
        Some("main"),
        &[pact("web", "users", "after")],
    );
    let r = send(
        "POST",
        &format!("{}/contracts/publish", b.url),
        Some(&body.to_string()),
        &[("authorization", &bearer)],
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

fn fixtures() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/broker-schema")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let v = serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
                .expect("fixture JSON");
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_earlier_schema_upgrades_on_sqlite() {
    let fixtures = fixtures();
    // One fixture per released schema version before the current one, and the current one.
    let versions: Vec<i64> = fixtures
        .iter()
        .map(|(_, f)| f["schema_version"].as_i64().unwrap())
        .collect();
    assert_eq!(
        versions,
        (1..=Db::schema_version()).collect::<Vec<_>>(),
        "a fixture per schema version"
    );
    for (name, fixture) in &fixtures {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        eprintln!("upgrading from {name} (SQLite)");
        upgrade_from(fixture, &url);
    }
}

#[test]
fn every_earlier_schema_upgrades_on_postgres() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    for (name, fixture) in fixtures() {
        let db = name.trim_end_matches(".json").replace('.', "_");
        let url = pg.create_database(&db);
        eprintln!("upgrading from {name} (PostgreSQL)");
        upgrade_from(&fixture, &url);
    }
}

/// Write `tests/fixtures/broker-schema/v{current}.json`: run the scenario
/// through the API of a broker at the current schema, and record its rows
/// and its answers. Run before adding a migration, and commit the file.
#[test]
#[ignore = "writes a fixture; run by hand before adding a migration"]
fn write_fixture_for_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("fixture.db").display());
    let token = runtime().block_on(async {
        let db = Db::connect(&url, 1).await.expect("database");
        shipgate_broker::auth::create_token(&db, "ci", shipgate_broker::Role::Write)
            .await
            .expect("token")
    });
    let b = Broker::with_database(&url, &[]);
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let call = |method: &str, path: &str, body: Value| {
        let r = send(
            method,
            &format!("{}{path}", b.url),
            Some(&body.to_string()),
            &auth,
        );
        assert!(r.status < 300, "{method} {path}: {} {}", r.status, r.text);
        r
    };
    call(
        "POST",
        "/environments",
        json!({"name": "production", "production": true}),
    );
    call(
        "POST",
        "/environments",
        json!({"name": "test", "production": false}),
    );
    let publish =
        |consumer: &str, version: &str, branch: &str, tags: &[&str], providers: &[&str]| {
            let mut body = broker_support::publish_body(
                consumer,
                version,
                Some(branch),
                &providers
                    .iter()
                    .map(|p| pact(consumer, p, &format!("{version}-{p}")))
                    .collect::<Vec<_>>(),
            );
            body["tags"] = json!(tags);
            call("POST", "/contracts/publish", body);
        };
    publish("web", "1.0.0", "main", &[], &["users", "orders"]);
    publish("web", "1.0.1", "feature/x", &["beta"], &["users"]);
    publish("mobile", "2.0.0", "main", &[], &["users"]);
    let sha = |consumer: &str, provider: &str, version: &str| {
        let r = send(
            "GET",
            &format!(
                "{}/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
                b.url
            ),
            None,
            &auth,
        );
        r.body["_links"]["pb:pact-version"]["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for (consumer, provider, version, pv, success) in [
        ("web", "users", "1.0.0", "3.0.0", true),
        ("web", "orders", "1.0.0", "5.0.0", false),
        ("mobile", "users", "2.0.0", "3.0.0", true),
        ("web", "users", "1.0.1", "3.0.0", true),
    ] {
        let s = sha(consumer, provider, version);
        call(
            "POST",
            &format!("/pacts/provider/{provider}/consumer/{consumer}/pact-version/{s}/verification-results"),
            json!({"success": success, "providerApplicationVersion": pv, "buildUrl": "http://ci/1"}),
        );
    }
    // The gate's evidence (schema 3): users 3.0.0 has a provider contract
    // and migrations, deployed to production with it.
    {
        use base64::Engine as _;
        let oas = "openapi: 3.0.3\ninfo: {title: users, version: '3'}\npaths:\n  /users/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n";
        call(
            "POST",
            "/contracts/publish/users",
            json!({"pacticipantVersionNumber": "3.0.0", "branch": "main",
                "contract": {"content": base64::engine::general_purpose::STANDARD.encode(oas),
                    "contentType": "application/yaml", "specification": "oas",
                    "selfVerificationResults": {"success": true, "verifier": "fixture"}}}),
        );
        call(
            "POST",
            "/pacticipants/users/versions/3.0.0/migrations",
            json!({"database": "users", "branch": "main", "files": [
                {"name": "V1__users.sql", "content": "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n"},
                {"name": "V2__email.sql", "content": "ALTER TABLE users ADD COLUMN email text;\n"}
            ]}),
        );
        call(
            "POST",
            "/pacticipants/orders/versions/5.0.0/deployed-versions/environment/production",
            json!({}),
        );
    }
    call(
        "POST",
        "/pacticipants/users/versions/3.0.0/deployed-versions/environment/production",
        json!({}),
    );
    call(
        "POST",
        "/pacticipants/web/versions/1.0.0/deployed-versions/environment/test",
        json!({}),
    );
    call(
        "POST",
        "/pacticipants/mobile/versions/2.0.0/released-versions/environment/production",
        json!({}),
    );
    let answers = ask(&b, &token, QUESTIONS.iter().copied());
    drop(b);
    let tables = runtime().block_on(async {
        let db = Db::connect(&url, 1).await.expect("database");
        dump(&db).await
    });
    let version = Db::schema_version();
    let fixture = json!({
        "comment": "Rows and answers of a broker at this schema version; written by `cargo test -p shipgate-e2e --test broker_schema_upgrade -- --ignored write_fixture_for_the_current_schema`. Never edit by hand.",
        "schema_version": version,
        "token": token,
        "answers": answers,
        "tables": tables,
    });
    std::fs::create_dir_all(fixture_dir()).unwrap();
    let path = fixture_dir().join(format!("v{version}.json"));
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&fixture).unwrap() + "\n",
    )
    .unwrap();
    eprintln!("wrote {}", path.display());
}
