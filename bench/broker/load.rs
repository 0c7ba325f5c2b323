//! Load and fault benchmarks of the broker (issue 10, hole 7): pacts for
//! verification as `pact verifier` asks for them, can-i-deploy while 30
//! verifiers run, SQLite writes under read load, and the memory one large
//! publication takes.

use std::time::{Duration, Instant};

/// The body every `pact verifier` run sends (pending, WIP since a date, the
/// usual selectors).
pub const VERIFIER_BODY: &str = r#"{"providerVersionTags":["main"],"providerVersionBranch":"main","includePendingStatus":true,"includeWipPactsSince":"2024-01-01","consumerVersionSelectors":[{"mainBranch":true},{"deployedOrReleased":true}]}"#;

/// CPU seconds (user + system) used so far by process `pid`.
pub fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

/// A `/proc/<pid>/status` value in MB (`VmRSS`, `VmHWM`).
pub fn status_mb(pid: u32, key: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Time one `POST …/for-verification` with the verifier's body.
pub async fn for_verification(client: &reqwest::Client, base: &str, provider: &str) -> f64 {
    let t = Instant::now();
    let r = client
        .post(format!("{base}/pacts/provider/{provider}/for-verification"))
        .header("content-type", "application/json")
        .body(VERIFIER_BODY)
        .send()
        .await
        .expect("for-verification");
    assert!(r.status().is_success(), "for-verification: {}", r.status());
    let _ = r.bytes().await.expect("body");
    t.elapsed().as_secs_f64() * 1000.0
}

/// Run `n` tasks, each repeating `job` until `stop` is set; returns the
/// latencies they measured.
pub fn background<F, Fut>(
    n: usize,
    job: F,
) -> (
    tokio::sync::watch::Sender<bool>,
    Vec<tokio::task::JoinHandle<Vec<f64>>>,
)
where
    F: Fn(usize, u64) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = f64> + Send,
{
    let (tx, rx) = tokio::sync::watch::channel(false);
    let handles = (0..n)
        .map(|w| {
            let job = job.clone();
            let rx = rx.clone();
            tokio::spawn(async move {
                let mut ms = Vec::new();
                let mut i = 0u64;
                while !*rx.borrow() {
                    ms.push(job(w, i).await);
                    i += 1;
                }
                ms
            })
        })
        .collect();
    (tx, handles)
}

/// Stop background tasks and gather their latencies.
pub async fn gather(
    stop: tokio::sync::watch::Sender<bool>,
    handles: Vec<tokio::task::JoinHandle<Vec<f64>>>,
) -> Vec<f64> {
    let _ = stop.send(true);
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.expect("background task"));
    }
    all
}

/// The WIP query as it was before issue 10 (a correlated MAX over every
/// publication of the branch, per publication), for a direct comparison.
pub const OLD_WIP_SQL: &str = "SELECT c.name AS consumer, pc.sha, pc.id AS content_id, v.number, pp.created_at, pp.consumer_id, b.name AS branch \
    FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
    JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
    JOIN branch_versions bv ON bv.version_id = pp.consumer_version_id JOIN branches b ON b.id = bv.branch_id \
    WHERE pp.provider_id = $1 AND pp.created_at >= $2 AND pp.consumer_version_id = (\
      SELECT MAX(pp2.consumer_version_id) FROM pact_publications pp2 JOIN branch_versions bv2 ON bv2.version_id = pp2.consumer_version_id \
      WHERE pp2.provider_id = $1 AND bv2.branch_id = b.id)";

/// The WIP query the broker runs now (kept in step with
/// `broker/src/for_verification.rs`).
pub const NEW_WIP_SQL: &str = "SELECT c.name AS consumer, pc.sha, pc.id AS content_id, v.number, pp.created_at, pp.consumer_id, b.name AS branch \
    FROM integrations i JOIN branches b ON b.pacticipant_id = i.consumer_id \
    JOIN pact_publications pp ON pp.provider_id = $1 AND pp.consumer_version_id = (\
      SELECT bv.version_id FROM branch_versions bv \
      JOIN pact_publications pp2 ON pp2.consumer_version_id = bv.version_id AND pp2.provider_id = $1 \
      WHERE bv.branch_id = b.id ORDER BY bv.version_id DESC LIMIT 1) \
    JOIN pacticipants c ON c.id = pp.consumer_id \
    JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
    WHERE i.provider_id = $1 AND pp.created_at >= $2";

/// Time one WIP query directly on the database; returns (ms, rows).
pub async fn wip_query(db: &shipgate_broker::Db, sql: &str, provider_id: i64) -> (f64, usize) {
    let t = Instant::now();
    let rows = sqlx::query(sql)
        .bind(provider_id)
        .bind("2024-01-01T00:00:00.000000Z")
        .fetch_all(&db.pool)
        .await
        .expect("wip query");
    (t.elapsed().as_secs_f64() * 1000.0, rows.len())
}

/// A pact whose JSON text is about `bytes` long: `n` interactions with
/// bodies of 20 small items each.
pub fn big_pact(consumer: &str, provider: &str, bytes: usize, marker: usize) -> serde_json::Value {
    let one = |i: usize| {
        serde_json::json!({
            "description": format!("request {i} ({marker})"),
            "providerState": "items exist",
            "request": {"method": "GET", "path": format!("/items/{i}"), "headers": {"Accept": "application/json"}},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": (0..20).map(|k| serde_json::json!({"id": k, "name": format!("item {k}"), "price": 1.5, "tags": ["a", "b"]})).collect::<Vec<_>>()}
        })
    };
    let per = one(0).to_string().len();
    let n = (bytes / per).max(1);
    serde_json::json!({
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": (0..n).map(one).collect::<Vec<_>>(),
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

/// Sleep a little so the kernel's numbers settle.
pub async fn settle() {
    tokio::time::sleep(Duration::from_millis(500)).await;
}
