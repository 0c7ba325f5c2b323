//! Broker benchmark: seed a large broker, then measure can-i-deploy (`GET
//! /matrix`), pacts for verification (alone, and 30 verifiers at once while
//! can-i-deploy is measured), publication latency (alone, and under read
//! load) against a real `shipgate broker serve` process, its CPU time and
//! its peak RSS. `--memory` instead measures one 10 MiB publication's
//! memory on a fresh database.
//!
//! ```sh
//! cargo build --release -p shipgate-cli
//! cargo run --release -p shipgate-broker --example broker-bench -- \
//!     --database-url sqlite:///tmp/bench.db --shipgate target/release/shipgate
//! ```
//!
//! `--shipgate self` runs the same broker app from this example in a child
//! process instead (no release build of the whole CLI needed).
//!
//! The web view's pages (issue 11) are measured too, as a browser asks for
//! them (`Accept: text/html`): `--pages N` requests per page (default 200);
//! `--only pages` measures nothing else (for a database seeded earlier, with
//! `--skip-seed`). `--only load` measures only pacts for verification
//! (alone, the WIP query before and after, can-i-deploy alone and with
//! `--verifiers N` verifiers running, default 30) and publications while
//! `--readers N` clients (default 180) read can-i-deploy.
//!
//! Seeding (direct SQL through the broker's schema, in batches):
//! 100 pacticipants in a layered dependency graph (each consumes 2–3
//! providers further down), 2,000 versions each on `main` (every 10th on a
//! feature branch), pacts whose content changes every 10 versions, a
//! verification by every provider version of each consumer's pact, and
//! deployments of every 100th version to 3 environments (the newest one
//! currently deployed).
//!
//! `--gate` adds the whole gate's evidence (provider contracts, migrations,
//! cached API diffs and schema checks; see `gate.rs`), measures can-i-deploy
//! with all three kinds of evidence, and times publishing a Stripe-sized
//! provider contract (`--stripe FILE`).

// `is_multiple_of` is newer than the workspace's rust-version (1.85).
#![allow(clippy::manual_is_multiple_of)]

#[path = "gate.rs"]
mod gate;
#[path = "load.rs"]
mod load;

use shipgate_broker::store::pact_text_and_sha;
use shipgate_broker::Db;
use sqlx::Row;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

const PACTICIPANTS: usize = 100;
const ENVIRONMENTS: [&str; 3] = ["test", "staging", "production"];

struct Opts {
    database_url: String,
    shipgate: String,
    versions: usize,
    queries: usize,
    publishes: usize,
    skip_seed: bool,
    synchronous: String,
    verifiers: usize,
    readers: usize,
    memory: bool,
    pages: usize,
    only_pages: bool,
    only_load: bool,
    gate: bool,
    stripe: Option<String>,
}

fn parse_opts() -> Opts {
    let mut o = Opts {
        database_url: "sqlite:///tmp/shipgate-bench.db".into(),
        shipgate: "target/release/shipgate".into(),
        versions: 2000,
        queries: 2000,
        publishes: 1000,
        skip_seed: false,
        synchronous: "full".into(),
        verifiers: 30,
        readers: 180,
        memory: false,
        pages: 200,
        only_pages: false,
        only_load: false,
        gate: false,
        stripe: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--database-url" => o.database_url = v,
            "--shipgate" => o.shipgate = v,
            "--versions" => o.versions = v.parse().expect("--versions N"),
            "--queries" => o.queries = v.parse().expect("--queries N"),
            "--publishes" => o.publishes = v.parse().expect("--publishes N"),
            "--synchronous" => o.synchronous = v,
            "--verifiers" => o.verifiers = v.parse().expect("--verifiers N"),
            "--readers" => o.readers = v.parse().expect("--readers N"),
            "--pages" => o.pages = v.parse().expect("--pages N"),
            "--only" if v == "pages" => o.only_pages = true,
            "--only" if v == "load" => o.only_load = true,
            "--skip-seed" => {
                o.skip_seed = true;
                i += 1;
                continue;
            }
            "--memory" => {
                o.memory = true;
                i += 1;
                continue;
            }
            "--gate" => {
                o.gate = true;
                i += 1;
                continue;
            }
            "--stripe" => o.stripe = Some(v),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    o
}

/// Providers consumed by pacticipant `i`: 2 or 3 pacticipants further down the graph.
fn providers_of(i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for step in [1, 7, 23] {
        let p = i + step;
        if p < PACTICIPANTS && (step != 23 || i % 2 == 0) {
            out.push(p);
        }
    }
    out
}

fn name(i: usize) -> String {
    format!("svc-{i:03}")
}

fn pact_doc(consumer: usize, provider: usize, generation: usize) -> serde_json::Value {
    serde_json::json!({
        "consumer": {"name": name(consumer)},
        "provider": {"name": name(provider)},
        "interactions": [{
            "description": format!("a request for resource {generation}"),
            "request": {"method": "GET", "path": format!("/things/{generation}")},
            "response": {"status": 200, "body": {"id": generation, "name": "thing"}}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

async fn exec_batch(db: &Db, sql_head: &str, rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    for chunk in rows.chunks(400) {
        let mut sql = String::from(sql_head);
        let mut n = 1;
        let mut params = Vec::new();
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push('(');
            for (j, v) in r.iter().enumerate() {
                if j > 0 {
                    sql.push(',');
                }
                // Integers are inlined (they are ours); text is bound.
                if let Some(int) = v.strip_prefix('#') {
                    sql.push_str(int);
                } else {
                    sql.push_str(&format!("${n}"));
                    n += 1;
                    params.push(v.clone());
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for p in params {
            q = q.bind(p);
        }
        q.execute(&db.pool).await.expect("batch insert");
    }
}

fn int(i: i64) -> String {
    format!("#{i}")
}

async fn seed(db: &Db, versions: usize) -> std::collections::HashMap<(usize, usize, usize), i64> {
    let started = Instant::now();
    let ts = shipgate_broker::db::now();
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM versions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(existing, 0, "seed into an empty database");
    // Ids are assigned explicitly so the batches can refer to them.
    let pid = |i: usize| (i + 1) as i64;
    let vid = |p: usize, v: usize| (p * versions + v + 1) as i64;
    exec_batch(
        db,
        "INSERT INTO pacticipants (id, name, main_branch, created_at) VALUES ",
        &(0..PACTICIPANTS)
            .map(|i| vec![int(pid(i)), name(i), "main".into(), ts.clone()])
            .collect::<Vec<_>>(),
    )
    .await;
    exec_batch(
        db,
        "INSERT INTO environments (id, uuid, name, display_name, production, created_at) VALUES ",
        &ENVIRONMENTS
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    int(i as i64 + 1),
                    format!("00000000-0000-4000-8000-00000000000{i}"),
                    e.to_string(),
                    e.to_string(),
                    int(i64::from(*e == "production")),
                    ts.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    )
    .await;
    // Branches: main (id 2p+1) and feature (2p+2).
    exec_batch(
        db,
        "INSERT INTO branches (id, pacticipant_id, name, created_at) VALUES ",
        &(0..PACTICIPANTS)
            .flat_map(|p| {
                [
                    vec![
                        int(2 * p as i64 + 1),
                        int(pid(p)),
                        "main".into(),
                        ts.clone(),
                    ],
                    vec![
                        int(2 * p as i64 + 2),
                        int(pid(p)),
                        "feature".into(),
                        ts.clone(),
                    ],
                ]
            })
            .collect::<Vec<_>>(),
    )
    .await;
    let mut content_id = 0i64;
    let mut contents: std::collections::HashMap<(usize, usize, usize), i64> = Default::default();
    let mut content_rows = Vec::new();
    for c in 0..PACTICIPANTS {
        for p in providers_of(c) {
            for g in 0..versions.div_ceil(10) {
                content_id += 1;
                let (text, sha) = pact_text_and_sha(&pact_doc(c, p, g));
                contents.insert((c, p, g), content_id);
                content_rows.push(vec![
                    int(content_id),
                    sha,
                    int(pid(c)),
                    int(pid(p)),
                    text,
                    ts.clone(),
                ]);
            }
        }
    }
    exec_batch(db, "INSERT INTO pact_contents (id, sha, consumer_id, provider_id, content, created_at) VALUES ", &content_rows).await;
    drop(content_rows);
    exec_batch(
        db,
        "INSERT INTO integrations (consumer_id, provider_id, created_at) VALUES ",
        &(0..PACTICIPANTS)
            .flat_map(|c| providers_of(c).into_iter().map(move |p| (c, p)))
            .map(|(c, p)| vec![int(pid(c)), int(pid(p)), ts.clone()])
            .collect::<Vec<_>>(),
    )
    .await;
    let (mut n_versions, mut n_pubs, mut n_verifs, mut n_deploys) =
        (0usize, 0usize, 0usize, 0usize);
    for p in 0..PACTICIPANTS {
        let mut version_rows = Vec::new();
        let mut bv_rows = Vec::new();
        let mut pub_rows = Vec::new();
        let mut ver_rows = Vec::new();
        let mut dep_rows = Vec::new();
        for v in 0..versions {
            let vts = format!("2026-01-01T00:{:02}:{:02}.{:06}Z", (v / 60) % 60, v % 60, p);
            version_rows.push(vec![
                int(vid(p, v)),
                int(pid(p)),
                format!("{v}.0.0"),
                vts.clone(),
            ]);
            let branch = if v % 10 == 9 { 2 * p + 2 } else { 2 * p + 1 };
            bv_rows.push(vec![
                int(branch as i64),
                int(vid(p, v)),
                int(pid(p)),
                vts.clone(),
            ]);
            for q in providers_of(p) {
                pub_rows.push(vec![
                    int(vid(p, v)),
                    int(pid(p)),
                    int(pid(q)),
                    int(contents[&(p, q, v / 10)]),
                    vts.clone(),
                ]);
            }
            // This provider version verifies the pact of the same-numbered
            // version of each of its consumers (success except every 50th).
            for c in (0..PACTICIPANTS).filter(|c| providers_of(*c).contains(&p)) {
                ver_rows.push(vec![
                    int(contents[&(c, p, v / 10)]),
                    int(vid(p, v)),
                    int(pid(p)),
                    int(i64::from(v % 50 != 49)),
                    vts.clone(),
                ]);
            }
            if v % 100 == 0 {
                for (e, _) in ENVIRONMENTS.iter().enumerate() {
                    let current = v + 100 >= versions;
                    dep_rows.push(vec![
                        format!("{:08x}-0000-4000-8000-{:012x}", p * 10 + e, v),
                        int(vid(p, v)),
                        int(pid(p)),
                        int(e as i64 + 1),
                        String::new(),
                        int(i64::from(current)),
                        vts.clone(),
                    ]);
                }
            }
        }
        n_versions += version_rows.len();
        n_pubs += pub_rows.len();
        n_verifs += ver_rows.len();
        n_deploys += dep_rows.len();
        exec_batch(
            db,
            "INSERT INTO versions (id, pacticipant_id, number, created_at) VALUES ",
            &version_rows,
        )
        .await;
        exec_batch(db, "INSERT INTO branch_versions (branch_id, version_id, pacticipant_id, created_at) VALUES ", &bv_rows).await;
        exec_batch(db, "INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_content_id, created_at) VALUES ", &pub_rows).await;
        exec_batch(db, "INSERT INTO verifications (pact_content_id, provider_version_id, provider_id, success, created_at) VALUES ", &ver_rows).await;
        exec_batch(db, "INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, currently_deployed, created_at) VALUES ", &dep_rows).await;
    }
    if db.backend == shipgate_broker::Backend::Postgres {
        // Identity columns continue after the explicit ids.
        for t in [
            "pacticipants",
            "versions",
            "branches",
            "pact_contents",
            "environments",
        ] {
            sqlx::raw_sql(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
            ))
            .execute(&db.pool)
            .await
            .unwrap();
        }
        sqlx::raw_sql("ANALYZE").execute(&db.pool).await.unwrap();
    } else {
        sqlx::raw_sql("ANALYZE").execute(&db.pool).await.unwrap();
    }
    println!(
        "seeded {PACTICIPANTS} pacticipants, {n_versions} versions, {content_id} pact contents, {n_pubs} publications, {n_verifs} verifications, {n_deploys} deployments in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    contents
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

struct Server {
    child: std::process::Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(bin: &str, database_url: &str, synchronous: &str) -> Server {
    let mut cmd = if bin == "self" {
        let mut c = std::process::Command::new(std::env::current_exe().unwrap());
        c.args(["--serve", database_url, synchronous]);
        c
    } else {
        let mut c = std::process::Command::new(bin);
        c.args([
            "broker",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            database_url,
            "--sqlite-synchronous",
            synchronous,
            "--max-connections-per-client",
            "0",
        ]);
        c
    };
    let mut child = cmd
        .env("SHIPGATE_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("starting shipgate broker serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("address")
        .to_string();
    Server { child, url }
}

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

async fn timed_get(client: &reqwest::Client, url: &str) -> (f64, serde_json::Value) {
    let t = Instant::now();
    let r = client.get(url).send().await.expect("request");
    assert!(r.status().is_success(), "{url}: {}", r.status());
    let v: serde_json::Value = r.json().await.expect("json");
    (t.elapsed().as_secs_f64() * 1000.0, v)
}

/// GET a page as a browser does; returns milliseconds.
async fn timed_page(client: &reqwest::Client, url: &str) -> f64 {
    let t = Instant::now();
    let r = client
        .get(url)
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .send()
        .await
        .expect("request");
    let status = r.status();
    let html = r
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
    let body = r.text().await.expect("body");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        status.is_success() && html,
        "{url}: {status} {}",
        &body[..body.len().min(300)]
    );
    ms
}

/// The web view's pages on the seeded data (the page requested as a browser does).
async fn measure_pages(
    client: &reqwest::Client,
    base: &str,
    db_url: &str,
    versions: usize,
    n: usize,
    server_pid: u32,
) {
    let db = Db::connect(db_url, 1).await.unwrap();
    let row = sqlx::query(
        "SELECT pc.sha, v.id FROM verifications v JOIN pact_contents pc ON pc.id = v.pact_content_id \
         WHERE pc.consumer_id = $1 AND pc.provider_id = $2 ORDER BY v.id DESC LIMIT 1",
    )
    .bind(51i64)
    .bind(52i64)
    .fetch_one(&db.pool)
    .await
    .expect("a verification of svc-050's pact with svc-051");
    let sha: String = row.get(0);
    let vid: i64 = row.get(1);
    db.pool.close().await;
    let last = versions - 1;
    let pages: Vec<(&str, String)> = vec![
        ("index `/`", "/".into()),
        ("index, page 3", "/?page=3".into()),
        ("index, search", "/?q=svc-05".into()),
        ("network, all 100 services", "/web/network".into()),
        ("network, one service", "/web/network?service=svc-050".into()),
        ("services", "/pacticipants".into()),
        ("service page", "/pacticipants/svc-050".into()),
        ("service page, versions page 50", "/pacticipants/svc-050?page=50".into()),
        ("environments", "/environments".into()),
        ("environment board (100 services)", "/environments/production".into()),
        (
            "matrix page",
            format!("/matrix?q[][pacticipant]=svc-050&q[][version]={last}.0.0&latestby=cvpv&environment=production"),
        ),
        (
            "can-i-deploy page",
            format!("/can-i-deploy?pacticipant=svc-050&version={}.0.0&environment=production", versions / 2),
        ),
        ("contract, latest", "/pacts/provider/svc-051/consumer/svc-050/latest".into()),
        ("contract, by content", format!("/pacts/provider/svc-051/consumer/svc-050/pact-version/{sha}")),
        (
            "verification",
            format!("/pacts/provider/svc-051/consumer/svc-050/pact-version/{sha}/verification-results/{vid}"),
        ),
    ];
    for (_, path) in &pages {
        for _ in 0..3 {
            timed_page(client, &format!("{base}{path}")).await;
        }
    }
    let mut worst: f64 = 0.0;
    println!("| page | n | p50 ms | p99 ms | max ms | broker CPU ms/page |");
    println!("|---|---|---|---|---|---|");
    for (label, path) in &pages {
        let mut ms = Vec::with_capacity(n);
        let cpu_before = cpu_ms(server_pid);
        for _ in 0..n {
            ms.push(timed_page(client, &format!("{base}{path}")).await);
        }
        let cpu = (cpu_ms(server_pid) - cpu_before) / n as f64;
        ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
        worst = worst.max(percentile(&ms, 0.99));
        println!(
            "| {label} | {} | {:.2} | {:.2} | {:.2} | {cpu:.2} |",
            ms.len(),
            percentile(&ms, 0.5),
            percentile(&ms, 0.99),
            ms.last().copied().unwrap_or(f64::NAN)
        );
    }
    println!("pages: worst p99 {worst:.2} ms (goal: under 50 ms)");
}

/// User + system CPU time of a process so far, in milliseconds (Linux
/// `/proc/PID/stat`, clock ticks of 10 ms).
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the `(comm)`: state is field 3; utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map(|r| r.1).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) * 10.0
}

fn report(label: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "| {label} | {} | {:.2} | {:.2} | {:.2} |",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

/// `--serve URL`: run the broker app (as `shipgate broker serve` does) in
/// this process; used when `--shipgate self` so only this example needs a
/// release build.
async fn serve(database_url: &str, synchronous: &str) {
    let db = Db::connect_with(
        database_url,
        &shipgate_broker::db::DbOptions {
            synchronous: synchronous.parse().expect("--synchronous full|normal"),
            ..Default::default()
        },
    )
    .await
    .expect("database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = shipgate_broker::AppState::new(
        db,
        shipgate_broker::BrokerConfig {
            listen: addr.to_string(),
            ..Default::default()
        },
    );
    println!("shipgate broker listening on http://{addr} (bench server)");
    shipgate_broker::serve::serve(
        listener,
        shipgate_broker::app(state),
        shipgate_broker::serve::Limits {
            max_connections_per_client: 0,
            ..Default::default()
        },
        std::future::pending(),
    )
    .await
    .unwrap();
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve") {
        serve(&args[2], args.get(3).map_or("full", String::as_str)).await;
        return;
    }
    let o = parse_opts();
    if o.memory {
        memory(&o).await;
        return;
    }
    let db = Db::connect(&o.database_url, 4).await.expect("database");
    if !o.skip_seed {
        let contents = seed(&db, o.versions).await;
        if o.gate {
            let texts: std::collections::HashMap<i64, String> = contents
                .iter()
                .map(|((c, p, g), id)| (*id, pact_text_and_sha(&pact_doc(*c, *p, *g)).0))
                .collect();
            gate::seed(
                &db,
                o.versions,
                PACTICIPANTS,
                ENVIRONMENTS.len(),
                &contents,
                &texts,
                &providers_of,
            )
            .await;
        }
    }
    db.pool.close().await;
    let server = start_server(&o.shipgate, &o.database_url, &o.synchronous);
    let pid = server.child.id();
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(16)
        .build()
        .unwrap();
    let base = server.url.clone();
    if o.only_pages {
        println!("| measurement | n | p50 ms | p99 ms | max ms |");
        println!("|---|---|---|---|---|");
        measure_pages(
            &client,
            &base,
            &o.database_url,
            o.versions,
            o.pages,
            server.child.id(),
        )
        .await;
        println!(
            "broker peak RSS (VmHWM): {:.1} MB",
            peak_rss_mb(server.child.id())
        );
        return;
    }
    if o.only_load {
        // Pacts for verification with concurrent verifiers, then readers
        // and writers together.
        println!("| measurement | n | p50 ms | p99 ms | max ms |");
        println!("|---|---|---|---|---|");
        verification_sections(&o, &client, &base, pid).await;
        readers_and_writers(&o, &client, &base, pid, &publish_job).await;
        println!(
            "broker peak RSS (VmHWM): {:.1} MB",
            peak_rss_mb(server.child.id())
        );
        return;
    }
    // Warm up.
    for i in 0..50 {
        let _ = timed_get(&client, &format!("{base}/matrix?q[][pacticipant]={}&q[][version]={}.0.0&latestby=cvpv&environment=production", name(i % PACTICIPANTS), o.versions - 1)).await;
    }
    println!("| measurement | n | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|");
    // can-i-deploy: a pseudo-random pacticipant and version to production.
    let mut ms = Vec::new();
    let mut deployable = 0;
    let mut x: u64 = 42;
    for _ in 0..o.queries {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let p = (x >> 33) as usize % PACTICIPANTS;
        let v = (x >> 13) as usize % o.versions;
        let (t, doc) = timed_get(&client, &format!("{base}/matrix?q[][pacticipant]={}&q[][version]={v}.0.0&latestby=cvpv&environment=production", name(p))).await;
        if doc["summary"]["deployable"] == true {
            deployable += 1;
        }
        ms.push(t);
    }
    report("can-i-deploy GET /matrix (environment=production)", ms);
    if o.gate {
        // The whole gate: versions with a provider contract and migrations
        // (every 10th), so every question loads API, migration and contract
        // evidence. Asked twice: the first ask of a (pact, provider contract)
        // pair that no publication precomputed runs the schema check and
        // caches it (a write); the second pass is the precomputed case.
        let questions: Vec<String> = (0..o.queries)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let p = (x >> 33) as usize % PACTICIPANTS;
                let v = (x >> 13) as usize % o.versions / 10 * 10;
                format!("{base}/matrix?q[][pacticipant]={}&q[][version]={v}.0.0&latestby=cvpv&environment=production", name(p))
            })
            .collect();
        for pass in ["first ask", "asked again (evidence cached)"] {
            let mut ms = Vec::new();
            let (mut yes, mut api, mut mig) = (0, 0, 0);
            let cpu_before = cpu_ms(server.child.id());
            for url in &questions {
                let (t, doc) = timed_get(&client, url).await;
                if doc["summary"]["deployable"] == true {
                    yes += 1;
                }
                let kinds: Vec<&str> = doc["reasons"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["kind"].as_str())
                    .collect();
                api += usize::from(kinds.contains(&"api"));
                mig += usize::from(kinds.contains(&"migration"));
                ms.push(t);
            }
            let cpu = (cpu_ms(server.child.id()) - cpu_before) / questions.len() as f64;
            report(
                &format!("can-i-deploy GET /matrix, contracts + API diff + migrations, {pass} (environment=production)"),
                ms,
            );
            println!(
                "  (deployable {yes}, with api reasons {api}, with migration reasons {mig}, of {}; broker CPU {cpu:.2} ms/question)",
                questions.len()
            );
        }
    }
    if let Some(path) = &o.stripe {
        use base64::Engine as _;
        let text = std::fs::read_to_string(path).expect("--stripe FILE");
        let mut ms = Vec::new();
        for i in 0..3 {
            let body = serde_json::json!({"pacticipantVersionNumber": format!("stripe-{i}"), "branch": "main",
                "contract": {"content": base64::engine::general_purpose::STANDARD.encode(&text), "contentType": "application/json", "specification": "oas",
                    "selfVerificationResults": {"success": true, "verifier": "bench"}}});
            let t = Instant::now();
            let r = client
                .post(format!("{base}/contracts/publish/{}", name(50)))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(
                r.status().is_success(),
                "stripe publish: {} {}",
                r.status(),
                r.text().await.unwrap_or_default()
            );
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        report(
            &format!(
                "POST /contracts/publish/{{provider}} ({}, {:.1} MB)",
                path.rsplit('/').next().unwrap_or(path),
                text.len() as f64 / 1e6
            ),
            ms,
        );
    }
    let mut ms = Vec::new();
    for i in 0..o.queries / 4 {
        let (t, _) = timed_get(
            &client,
            &format!(
                "{base}/matrix?q[][pacticipant]={}&q[][version]={}.0.0&latestby=cvp&latest=true",
                name(i % PACTICIPANTS),
                (i * 7) % o.versions
            ),
        )
        .await;
        ms.push(t);
    }
    report("GET /matrix latest=true", ms);
    verification_sections(&o, &client, &base, pid).await;
    measure_pages(
        &client,
        &base,
        &o.database_url,
        o.versions,
        o.pages,
        server.child.id(),
    )
    .await;
    // Publication: new versions with new content, sequential then 8 at once.
    let publish = publish_job;
    let mut ms = Vec::new();
    let mut contracts = 0;
    let t0 = Instant::now();
    for i in 0..o.publishes {
        let (body, n) = publish(i);
        let t = Instant::now();
        let r = client
            .post(format!("{base}/contracts/publish"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "publish: {}", r.status());
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        contracts += n;
    }
    let seq_rate = contracts as f64 / t0.elapsed().as_secs_f64();
    report("POST /contracts/publish (sequential)", ms);
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for w in 0..8 {
        let client = client.clone();
        let base = base.clone();
        let jobs: Vec<(serde_json::Value, usize)> = (0..o.publishes / 8)
            .map(|k| publish(o.publishes + w * o.publishes + k))
            .collect();
        handles.push(tokio::spawn(async move {
            let mut ms = Vec::new();
            let mut n = 0;
            for (body, c) in jobs {
                let t = Instant::now();
                let r = client
                    .post(format!("{base}/contracts/publish"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "publish: {}", r.status());
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                n += c;
            }
            (ms, n)
        }));
    }
    let mut all = Vec::new();
    let mut n = 0;
    for h in handles {
        let (ms, c) = h.await.unwrap();
        all.extend(ms);
        n += c;
    }
    let par_rate = n as f64 / t0.elapsed().as_secs_f64();
    report("POST /contracts/publish (8 concurrent clients)", all);
    readers_and_writers(&o, &client, &base, pid, &publish).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!();
    println!("publication throughput: {seq_rate:.0} contracts/s sequential, {par_rate:.0} contracts/s with 8 clients");
    println!("deployable answers: {deployable} of {}", o.queries);
    println!(
        "broker peak RSS (VmHWM): {:.1} MB",
        peak_rss_mb(server.child.id())
    );
    let rows: i64 = {
        let db = Db::connect(&o.database_url, 1).await.unwrap();
        sqlx::query("SELECT COUNT(*) FROM verifications")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get::<i64, _>(0)
    };
    println!("verification rows: {rows}");
}

/// A publication of a new version of a pseudo-random consumer with new
/// content; returns the body and its number of contracts.
fn publish_job(i: usize) -> (serde_json::Value, usize) {
    let c = i % (PACTICIPANTS - 1);
    let contracts: Vec<serde_json::Value> = providers_of(c)
        .into_iter()
        .map(|p| {
            use base64::Engine as _;
            serde_json::json!({
                "consumerName": name(c), "providerName": name(p), "specification": "pact",
                "contentType": "application/json",
                "content": base64::engine::general_purpose::STANDARD.encode(pact_doc(c, p, 100_000 + i).to_string()),
            })
        })
        .collect();
    let n = contracts.len();
    (
        serde_json::json!({"pacticipantName": name(c), "pacticipantVersionNumber": format!("bench-{i}"), "branch": "main", "tags": [], "contracts": contracts}),
        n,
    )
}

/// The pacticipants that are providers (have consumers).
fn providers() -> Vec<usize> {
    (0..PACTICIPANTS)
        .filter(|p| (0..PACTICIPANTS).any(|c| providers_of(c).contains(p)))
        .collect()
}

fn can_i_deploy_url(base: &str, x: &mut u64, versions: usize) -> String {
    *x = x
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let p = (*x >> 33) as usize % PACTICIPANTS;
    let v = (*x >> 13) as usize % versions;
    format!(
        "{base}/matrix?q[][pacticipant]={}&q[][version]={v}.0.0&latestby=cvpv&environment=production",
        name(p)
    )
}

/// Pacts for verification: alone, the WIP query old and new straight on the
/// database, then can-i-deploy while `--verifiers` verifiers run at once.
async fn verification_sections(o: &Opts, client: &reqwest::Client, base: &str, pid: u32) {
    let provs = providers();
    let n = o.queries / 4;
    let cpu = load::cpu_secs(pid);
    let t0 = Instant::now();
    let mut ms = Vec::new();
    for i in 0..n {
        let p = provs[(i * 7) % provs.len()];
        ms.push(load::for_verification(client, base, &name(p)).await);
    }
    let wall = t0.elapsed().as_secs_f64();
    report(
        "POST for-verification (pact verifier's body, WIP since 2024-01-01)",
        ms,
    );
    println!(
        "|  (broker CPU {:.2} s over {wall:.2} s wall) | | | | |",
        load::cpu_secs(pid) - cpu
    );
    // The WIP query itself, before and after issue 10, on the same database.
    let db = Db::connect(&o.database_url, 2).await.expect("database");
    for (label, sql) in [
        ("WIP query, correlated MAX (before)", load::OLD_WIP_SQL),
        ("WIP query, branch heads (now)", load::NEW_WIP_SQL),
    ] {
        let mut ms = Vec::new();
        let mut rows = 0;
        for p in provs.iter().take(20) {
            let (t, r) = load::wip_query(&db, sql, *p as i64 + 1).await;
            ms.push(t);
            rows += r;
        }
        report(&format!("{label}, {rows} rows over 20 providers"), ms);
    }
    db.pool.close().await;
    // can-i-deploy alone, then with the verifiers running.
    let mut x: u64 = 7;
    let mut alone = Vec::new();
    for _ in 0..n {
        let url = can_i_deploy_url(base, &mut x, o.versions);
        alone.push(timed_get(client, &url).await.0);
    }
    report("can-i-deploy, alone", alone);
    let provs = std::sync::Arc::new(provs);
    let (stop, handles) = load::background(o.verifiers, {
        let client = client.clone();
        let base = base.to_string();
        let provs = provs.clone();
        move |w, i| {
            let client = client.clone();
            let base = base.clone();
            let p = provs[(w * 13 + i as usize * 7) % provs.len()];
            async move { load::for_verification(&client, &base, &name(p)).await }
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let cpu = load::cpu_secs(pid);
    let t0 = Instant::now();
    let mut with = Vec::new();
    for _ in 0..n {
        let url = can_i_deploy_url(base, &mut x, o.versions);
        with.push(timed_get(client, &url).await.0);
    }
    let wall = t0.elapsed().as_secs_f64();
    let verifier_ms = load::gather(stop, handles).await;
    report(
        &format!("can-i-deploy, with {} verifiers running", o.verifiers),
        with,
    );
    report(
        &format!("POST for-verification, {} at once", o.verifiers),
        verifier_ms,
    );
    println!(
        "|  (broker CPU {:.2} s over {wall:.2} s wall) | | | | |",
        load::cpu_secs(pid) - cpu
    );
}

/// SQLite writers under read load: `--readers` clients read can-i-deploy
/// in a loop while one client publishes.
async fn readers_and_writers<F>(
    o: &Opts,
    client: &reqwest::Client,
    base: &str,
    pid: u32,
    publish: &F,
) where
    F: Fn(usize) -> (serde_json::Value, usize),
{
    if o.readers == 0 {
        return;
    }
    let reader_client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(o.readers)
        .build()
        .unwrap();
    let (stop, handles) = load::background(o.readers, {
        let base = base.to_string();
        let versions = o.versions;
        move |w, i| {
            let client = reader_client.clone();
            let mut x = (w as u64) << 20 | i;
            let url = can_i_deploy_url(&base, &mut x, versions);
            async move { timed_get(&client, &url).await.0 }
        }
    });
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let cpu = load::cpu_secs(pid);
    let t0 = Instant::now();
    let mut ms = Vec::new();
    for i in 0..o.publishes / 4 {
        let (body, _) = publish(10 * o.publishes + i);
        let t = Instant::now();
        let r = client
            .post(format!("{base}/contracts/publish"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "publish: {}", r.status());
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let wall = t0.elapsed().as_secs_f64();
    let reads = load::gather(stop, handles).await;
    report(
        &format!("POST /contracts/publish with {} readers", o.readers),
        ms,
    );
    report(
        &format!(
            "can-i-deploy reads, {} at once, during those publications",
            o.readers
        ),
        reads,
    );
    println!(
        "|  (broker CPU {:.2} s over {wall:.2} s wall) | | | | |",
        load::cpu_secs(pid) - cpu
    );
}

/// `--memory`: a fresh database; one 10 MiB publication at a time, then 4
/// at once; the broker's RSS before, its peak, and after.
async fn memory(o: &Opts) {
    let dir = std::env::temp_dir().join(format!("shipgate-bench-mem-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("mem.db").display());
    let server = start_server(&o.shipgate, &url, &o.synchronous);
    let pid = server.child.id();
    let base = server.url.clone();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    // Warm up with a small publication.
    let small = {
        use base64::Engine as _;
        let p = load::big_pact("c", "p", 1000, 0);
        serde_json::json!({"pacticipantName": "c", "pacticipantVersionNumber": "0", "contracts": [{"consumerName": "c", "providerName": "p", "specification": "pact", "contentType": "application/json", "content": base64::engine::general_purpose::STANDARD.encode(p.to_string())}]})
    };
    assert!(client
        .post(format!("{base}/contracts/publish"))
        .json(&small)
        .send()
        .await
        .unwrap()
        .status()
        .is_success());
    load::settle().await;
    let rss0 = load::status_mb(pid, "VmRSS:");
    // The request must stay under the 10 MiB body limit: base64 adds a third.
    let body = |i: usize| {
        use base64::Engine as _;
        let p = load::big_pact("c", "p", 7 * 1024 * 1024, i);
        let text = p.to_string();
        let pact_mb = text.len() as f64 / 1048576.0;
        let b = serde_json::json!({"pacticipantName": "c", "pacticipantVersionNumber": format!("{i}"), "contracts": [{"consumerName": "c", "providerName": "p", "specification": "pact", "contentType": "application/json", "content": base64::engine::general_purpose::STANDARD.encode(text)}]}).to_string();
        (b, pact_mb)
    };
    println!("| measurement | value |");
    println!("|---|---|");
    println!("| broker RSS after start and one small publication | {rss0:.1} MB |");
    let mut after = Vec::new();
    for i in 1..=5 {
        let (b, pact_mb) = body(i);
        if i == 1 {
            println!(
                "| request body | {:.2} MiB (pact {pact_mb:.2} MiB) |",
                b.len() as f64 / 1048576.0
            );
        }
        let t = Instant::now();
        let r = client
            .post(format!("{base}/contracts/publish"))
            .header("content-type", "application/json")
            .body(b)
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "publish: {} {}",
            r.status(),
            r.text().await.unwrap_or_default()
        );
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if i == 1 {
            println!(
                "| peak RSS after the first 10 MiB publication ({ms:.0} ms) | {:.1} MB |",
                load::status_mb(pid, "VmHWM:")
            );
        }
        load::settle().await;
        after.push(load::status_mb(pid, "VmRSS:"));
    }
    println!(
        "| peak RSS after 5 sequential | {:.1} MB |",
        load::status_mb(pid, "VmHWM:")
    );
    println!(
        "| RSS 0.5 s after each of the 5 | {} MB |",
        after
            .iter()
            .map(|m| format!("{m:.1}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut handles = Vec::new();
    for i in 0..4 {
        let (b, _) = body(100 + i);
        let client = client.clone();
        let base = base.clone();
        handles.push(tokio::spawn(async move {
            let r = client
                .post(format!("{base}/contracts/publish"))
                .header("content-type", "application/json")
                .body(b)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "publish: {}", r.status());
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    println!(
        "| peak RSS after 4 at once | {:.1} MB |",
        load::status_mb(pid, "VmHWM:")
    );
    load::settle().await;
    load::settle().await;
    println!(
        "| RSS 1 s after the 4 | {:.1} MB |",
        load::status_mb(pid, "VmRSS:")
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
