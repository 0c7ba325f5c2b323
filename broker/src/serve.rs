//! The HTTP/1.1 server loop: hyper connections with timeouts and a cap on
//! connections per client address (issue 10, hole 7).
//!
//! `axum::serve` sets no timeouts, so a client that opens a connection and
//! sends nothing, or sends its headers a byte at a time, holds a connection
//! (and a task) for as long as it likes. Here:
//!
//! - a connection waiting for a request's headers, idle between requests
//!   or receiving them slowly, is closed after [`Limits::header_timeout`]
//!   (hyper's header read timer, which runs from the moment the connection
//!   starts waiting for a request head until the head is complete);
//! - a request body must arrive within [`Limits::body_timeout`]
//!   ([`crate::http::JsonBody`] reads every body, under that deadline, and
//!   answers 408);
//! - one client address may hold at most [`Limits::max_connections_per_client`]
//!   connections; the next one gets a bare `503` with `Retry-After` and is
//!   closed. Behind a reverse proxy every connection comes from the proxy:
//!   raise the cap or set it to 0 (no cap) there.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// Connection limits of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest wait for a complete request head (idle keep-alive included).
    pub header_timeout: Duration,
    /// Longest time to receive a request body.
    pub body_timeout: Duration,
    /// Open connections allowed per client IP address (0: no cap).
    pub max_connections_per_client: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections_per_client: 64,
        }
    }
}

/// Open connections per client address.
#[derive(Debug, Default, Clone)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One counted connection; uncounted on drop.
struct Slot {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    fn take(&self, ip: IpAddr, cap: usize) -> Option<Slot> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(ip).or_insert(0);
        if cap > 0 && *n >= cap {
            return None;
        }
        *n += 1;
        Some(Slot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.clients.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nContent-Length: 51\r\nConnection: close\r\n\r\ntoo many connections from this client; retry later\n";

/// Serve `app` on `listener` until `shutdown` completes, then finish the
/// requests in flight (for at most 30 seconds).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let clients = Clients::default();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and similar: wait, do not spin or stop.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = clients.take(peer.ip(), limits.max_connections_per_client) else {
            tracing::warn!(client = %peer.ip(), "refused a connection: too many from this client");
            let _ = stream.try_write(TOO_MANY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        // Each request carries its peer address (`ConnectInfo`): the auth
        // layer trusts a proxy's user header only from allow-listed peers.
        let service = TowerToHyperService::new(tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                req
            },
        ));
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = conn.await {
                tracing::debug!(client = %peer, error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(Duration::from_secs(30)) => {
            tracing::warn!("requests still running after 30 s; stopping anyway");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_capped_and_released() {
        let clients = Clients::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let a = clients.take(ip, 2).unwrap();
        let _b = clients.take(ip, 2).unwrap();
        assert!(clients.take(ip, 2).is_none());
        assert!(clients.take(other, 2).is_some());
        drop(a);
        assert!(clients.take(ip, 2).is_some());
        assert!(clients.take(ip, 0).is_some(), "0 means no cap");
    }
}
