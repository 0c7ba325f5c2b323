//! Prometheus metrics: request counts and latency histograms by route, and
//! the database pool, rendered as the text exposition format on `/metrics`.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

/// Histogram bucket upper bounds, in seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

/// Request metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_string(), route.to_string(), status))
                .or_default() += 1;
        }
        if let Ok(mut m) = self.latency.lock() {
            let h = m
                .entry((method.to_string(), route.to_string()))
                .or_default();
            if h.counts.is_empty() {
                h.counts = vec![0; BUCKETS.len()];
            }
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    h.counts[i] += 1;
                }
            }
            h.sum += seconds;
            h.count += 1;
        }
    }

    /// The Prometheus text document.
    pub fn render(&self, state: &AppState) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP shipgate_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE shipgate_http_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            for ((method, route, status), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "shipgate_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP shipgate_http_request_duration_seconds HTTP request latency by method and route.\n");
        out.push_str("# TYPE shipgate_http_request_duration_seconds histogram\n");
        if let Ok(m) = self.latency.lock() {
            for ((method, route), h) in m.iter() {
                let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "shipgate_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "shipgate_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "shipgate_http_request_duration_seconds_sum{{{labels}}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "shipgate_http_request_duration_seconds_count{{{labels}}} {}",
                    h.count
                );
            }
        }
        let pool = &state.db.pool;
        let backend = state.db.backend.as_str();
        out.push_str("# HELP shipgate_db_pool_connections Open database connections.\n");
        out.push_str("# TYPE shipgate_db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "shipgate_db_pool_connections{{backend=\"{backend}\"}} {}",
            pool.size()
        );
        out.push_str("# HELP shipgate_db_pool_idle_connections Idle database connections.\n");
        out.push_str("# TYPE shipgate_db_pool_idle_connections gauge\n");
        let _ = writeln!(
            out,
            "shipgate_db_pool_idle_connections{{backend=\"{backend}\"}} {}",
            pool.num_idle()
        );
        out.push_str("# HELP shipgate_db_pool_max_connections Configured pool size.\n");
        out.push_str("# TYPE shipgate_db_pool_max_connections gauge\n");
        let _ = writeln!(
            out,
            "shipgate_db_pool_max_connections{{backend=\"{backend}\"}} {}",
            pool.options().get_max_connections()
        );
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: time each request and count it under its route template.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let resp = next.run(req).await;
    let elapsed = start.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    state.metrics.record(&method, &route, status, elapsed);
    tracing::info!(
        method = %method,
        route = %route,
        status,
        latency_ms = elapsed * 1000.0,
        "request"
    );
    resp
}
