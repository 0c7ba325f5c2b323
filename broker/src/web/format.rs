//! Small formatting helpers for pages: times relative to now with the exact
//! time for hovering, links to the pages of the web view, pagination, and
//! user-supplied URLs that may safely become links.

use crate::http::seg;
use chrono::{DateTime, Utc};

/// A stored timestamp as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// The exact time in UTC, shown on hover.
    pub exact: String,
    /// "3 minutes ago".
    pub relative: String,
}

impl When {
    /// Format a stored RFC 3339 time relative to `now`; unparseable text is
    /// shown as it is.
    pub fn new(stored: &str, now: DateTime<Utc>) -> When {
        match DateTime::parse_from_rfc3339(stored) {
            Ok(t) => {
                let t = t.with_timezone(&Utc);
                When {
                    iso: t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    exact: t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    relative: relative(t, now),
                }
            }
            Err(_) => When {
                iso: String::new(),
                exact: stored.to_string(),
                relative: stored.to_string(),
            },
        }
    }
}

/// "just now", "5 minutes ago", "in 2 hours", "3 days ago", "1 year ago".
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    let (future, secs) = (secs < 0, secs.unsigned_abs());
    if secs < 45 {
        return "just now".into();
    }
    let (n, unit) = match secs {
        s if s < 3_600 => ((s + 30) / 60, "minute"),
        s if s < 86_400 => ((s + 1_800) / 3_600, "hour"),
        s if s < 30 * 86_400 => ((s + 43_200) / 86_400, "day"),
        s if s < 365 * 86_400 => (s / (30 * 86_400), "month"),
        s => (s / (365 * 86_400), "year"),
    };
    let n = n.max(1);
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

/// `/pacticipants/{name}`.
pub fn service_href(name: &str) -> String {
    format!("/pacticipants/{}", seg(name))
}

/// `/environments/{name}`.
pub fn environment_href(name: &str) -> String {
    format!("/environments/{}", seg(name))
}

/// The contract page of a pact content version.
pub fn pact_href(provider: &str, consumer: &str, sha: &str) -> String {
    format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{}",
        seg(provider),
        seg(consumer),
        seg(sha)
    )
}

/// The page of one verification result.
pub fn verification_href(provider: &str, consumer: &str, sha: &str, id: i64) -> String {
    format!(
        "{}/verification-results/{id}",
        pact_href(provider, consumer, sha)
    )
}

/// The matrix page for one version, optionally against an environment, in
/// the API's own query syntax (`q[][pacticipant]=…`), brackets left readable.
pub fn matrix_href(pacticipant: &str, version: &str, environment: Option<&str>) -> String {
    let enc = |v: &str| form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
    let mut out = format!(
        "/matrix?q[][pacticipant]={}&q[][version]={}&latestby=cvpv",
        enc(pacticipant),
        enc(version)
    );
    if let Some(env) = environment {
        out.push_str(&format!("&environment={}", enc(env)));
    }
    out
}

/// The network page, optionally centred on a service.
pub fn network_href(service: Option<&str>) -> String {
    match service {
        Some(s) => format!(
            "/web/network?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("service", s)
                .finish()
        ),
        None => "/web/network".into(),
    }
}

/// A link target for a URL a user supplied (build URLs, repository URLs):
/// only `http:` and `https:` become links, so `javascript:` never does.
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_string())
}

/// Page navigation for a long list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub first: usize,
    pub last: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `page` is 1-based; `href(n)` makes the link to page `n`.
    pub fn new(
        page: usize,
        per_page: usize,
        total: usize,
        href: impl Fn(usize) -> String,
    ) -> Pager {
        let pages = total.div_ceil(per_page).max(1);
        let page = page.clamp(1, pages);
        let first = if total == 0 {
            0
        } else {
            (page - 1) * per_page + 1
        };
        Pager {
            page,
            pages,
            total,
            first,
            last: (page * per_page).min(total),
            prev: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
        }
    }

    /// The row offset of the current page.
    pub fn offset(page: usize, per_page: usize) -> usize {
        page.max(1).saturating_sub(1).saturating_mul(per_page)
    }
}

/// A `?page=` value: a positive number, anything else is page 1.
pub fn page_number(raw: Option<&str>) -> usize {
    raw.and_then(|p| p.trim().parse::<usize>().ok())
        .filter(|p| *p >= 1 && *p <= 1_000_000)
        .unwrap_or(1)
}

/// A query string from pairs, without empty values.
pub fn query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs {
        if !v.is_empty() {
            q.append_pair(k, v);
            any = true;
        }
    }
    if any {
        format!("{path}?{}", q.finish())
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn times_read_relative_to_now() {
        let now = at("2026-06-01T12:00:00Z");
        for (then, text) in [
            ("2026-06-01T11:59:30Z", "just now"),
            ("2026-06-01T11:59:00Z", "1 minute ago"),
            ("2026-06-01T11:15:00Z", "45 minutes ago"),
            ("2026-06-01T09:00:00Z", "3 hours ago"),
            ("2026-05-31T12:00:00Z", "1 day ago"),
            ("2026-03-01T12:00:00Z", "3 months ago"),
            ("2024-05-01T12:00:00Z", "2 years ago"),
            ("2026-06-01T14:00:00Z", "in 2 hours"),
        ] {
            assert_eq!(relative(at(then), now), text, "{then}");
        }
        let w = When::new("2026-06-01T11:00:00.123456Z", now);
        assert_eq!(w.exact, "2026-06-01 11:00:00 UTC");
        assert_eq!(w.iso, "2026-06-01T11:00:00Z");
        assert_eq!(When::new("yesterday", now).relative, "yesterday");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(safe_url("https://ci.example/1").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JavaScript:alert(1)").is_none());
        assert!(safe_url("data:text/html,x").is_none());
    }

    #[test]
    fn pages_clamp_and_link() {
        let p = Pager::new(3, 50, 120, |n| format!("/?page={n}"));
        assert_eq!((p.page, p.pages, p.first, p.last), (3, 3, 101, 120));
        assert_eq!(p.prev.as_deref(), Some("/?page=2"));
        assert!(p.next.is_none());
        let p = Pager::new(9, 50, 0, |n| format!("/?page={n}"));
        assert_eq!((p.page, p.pages, p.first, p.last), (1, 1, 0, 0));
        assert_eq!(page_number(Some("-1")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(Some("4")), 4);
    }

    #[test]
    fn links_escape_names() {
        assert_eq!(service_href("a b/c"), "/pacticipants/a%20b%2Fc");
        assert_eq!(
            matrix_href("C", "1.0 beta", Some("prod")),
            "/matrix?q[][pacticipant]=C&q[][version]=1.0+beta&latestby=cvpv&environment=prod"
        );
        assert_eq!(query("/", &[("q", "a&b"), ("page", "")]), "/?q=a%26b");
    }
}
