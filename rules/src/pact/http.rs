//! Request, response and message matching: method, path, query (v1 ordered
//! percent-decoded parts, v1.1+ parameter maps), headers (case-insensitive names,
//! comma-split values, content-type parameters), status and bodies.

use indexmap::IndexMap;
use serde_json::Value;

use super::body::{compare_bodies, BodyOptions};
use super::matchers::{apply_list, match_json, match_str};
use super::mismatch::{Mismatch, MismatchKind};
use super::model::{header, Headers, HttpRequest, HttpResponse, Message, Query, SpecVersion};
use super::rules::{MatchingRuleCategory, MatchingRules};

fn content_type(h: Option<&Headers>) -> Option<String> {
    header(h, "content-type").map(|v| v.join(", "))
}

/// Match an actual request against the expected one.
pub fn match_request(
    expected: &HttpRequest,
    actual: &HttpRequest,
    spec: SpecVersion,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if !expected.method.eq_ignore_ascii_case(&actual.method) {
        out.push(Mismatch::new(
            MismatchKind::Method,
            "method",
            expected.method.clone(),
            actual.method.clone(),
            format!(
                "expected method {} but received {}",
                expected.method, actual.method
            ),
        ));
    }
    match_path(
        &expected.path,
        &actual.path,
        &expected.matching_rules,
        &mut out,
    );
    match_query(
        expected.query.as_ref(),
        actual.query.as_ref(),
        &expected.matching_rules,
        spec,
        &mut out,
    );
    match_headers(
        expected.headers.as_ref(),
        actual.headers.as_ref(),
        &expected.matching_rules,
        &mut out,
    );
    compare_bodies(
        &expected.body,
        &actual.body,
        content_type(expected.headers.as_ref()).as_deref(),
        content_type(actual.headers.as_ref()).as_deref(),
        expected.matching_rules.category("body"),
        BodyOptions {
            allow_unexpected_keys: false,
        },
        &mut out,
    );
    out
}

/// Match an actual response against the expected one.
pub fn match_response(expected: &HttpResponse, actual: &HttpResponse) -> Vec<Mismatch> {
    let mut out = Vec::new();
    match_status(
        expected.status,
        actual.status,
        &expected.matching_rules,
        &mut out,
    );
    match_headers(
        expected.headers.as_ref(),
        actual.headers.as_ref(),
        &expected.matching_rules,
        &mut out,
    );
    compare_bodies(
        &expected.body,
        &actual.body,
        content_type(expected.headers.as_ref()).as_deref(),
        content_type(actual.headers.as_ref()).as_deref(),
        expected.matching_rules.category("body"),
        BodyOptions {
            allow_unexpected_keys: true,
        },
        &mut out,
    );
    out
}

/// Match an actual message against the expected one (contents and metadata).
pub fn match_message(expected: &Message, actual: &Message) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let ct = |m: &Message| {
        m.metadata
            .iter()
            .find(|(k, _)| {
                k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
            })
            .and_then(|(_, v)| v.as_str().map(str::to_owned))
            .or_else(|| m.contents.content_type().map(str::to_owned))
    };
    let ect = ct(expected).or_else(|| Some("application/json".into()));
    let act = ct(actual).or_else(|| ect.clone());
    compare_bodies(
        &expected.contents,
        &actual.contents,
        ect.as_deref(),
        act.as_deref(),
        expected.matching_rules.category("body"),
        BodyOptions {
            allow_unexpected_keys: true,
        },
        &mut out,
    );
    let rules = expected.matching_rules.category("metadata");
    for (k, ev) in &expected.metadata {
        if k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type") {
            // Compared through the body's content type.
            if let Some(av) = actual
                .metadata
                .iter()
                .find(|(ak, _)| ak.eq_ignore_ascii_case(k))
                .map(|(_, v)| v)
            {
                let base = |v: &Value| {
                    v.as_str()
                        .unwrap_or("")
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase()
                };
                if base(ev) != base(av) {
                    out.push(Mismatch::new(
                        MismatchKind::Metadata,
                        k.clone(),
                        ev.clone(),
                        av.clone(),
                        format!("expected message metadata {k}={ev} but received {av}"),
                    ));
                }
            }
            continue;
        }
        let Some(av) = actual.metadata.get(k) else {
            out.push(Mismatch::new(
                MismatchKind::Metadata,
                k.clone(),
                ev.clone(),
                Value::Null,
                format!("expected message metadata {k:?} but it was missing"),
            ));
            continue;
        };
        let res = match rules.and_then(|r| r.for_name(k, false)) {
            Some(list) => apply_list(list, |r| match_json(r, ev, av)),
            None if ev == av => Ok(()),
            None => Err(format!(
                "expected message metadata {k}={ev} but received {av}"
            )),
        };
        if let Err(msg) = res {
            out.push(Mismatch::new(
                MismatchKind::Metadata,
                k.clone(),
                ev.clone(),
                av.clone(),
                msg,
            ));
        }
    }
    out
}

fn match_status(expected: u16, actual: u16, rules: &MatchingRules, out: &mut Vec<Mismatch>) {
    let root = vec!["$".to_owned()];
    let res = match rules.category("status").and_then(|c| c.select(&root)) {
        Some(list) => apply_list(list, |r| {
            match_json(r, &Value::from(expected), &Value::from(actual))
        }),
        None if expected == actual => Ok(()),
        None => Err(format!("expected status {expected} but received {actual}")),
    };
    if let Err(msg) = res {
        out.push(Mismatch::new(
            MismatchKind::Status,
            "status",
            expected,
            actual,
            msg,
        ));
    }
}

fn match_path(expected: &str, actual: &str, rules: &MatchingRules, out: &mut Vec<Mismatch>) {
    let root = vec!["$".to_owned()];
    let res = match rules.category("path").and_then(|c| c.select(&root)) {
        Some(list) => apply_list(list, |r| match_str(r, expected, actual)),
        None if expected == actual => Ok(()),
        None => Err(format!("expected path {expected} but received {actual}")),
    };
    if let Err(msg) = res {
        out.push(Mismatch::new(
            MismatchKind::Path,
            "path",
            expected,
            actual,
            msg,
        ));
    }
}

fn match_query(
    expected: Option<&Query>,
    actual: Option<&Query>,
    rules: &MatchingRules,
    spec: SpecVersion,
    out: &mut Vec<Mismatch>,
) {
    // v1: raw query strings compare as the sequence of their `&`-separated
    // parts, in order, each key and value percent-decoded.
    if spec == SpecVersion::V1 {
        if let (Some(Query::Raw(e)), Some(Query::Raw(a))) = (expected, actual) {
            if decoded_pairs(e) != decoded_pairs(a) {
                out.push(Mismatch::new(
                    MismatchKind::Query,
                    "query",
                    e.clone(),
                    a.clone(),
                    format!("expected query string {e:?} but received {a:?}"),
                ));
            }
            return;
        }
    }
    let e = expected.map(Query::to_map).unwrap_or_default();
    let a = actual.map(Query::to_map).unwrap_or_default();
    let rules = rules.category("query");
    for (k, evs) in &e {
        let Some(avs) = a.get(k) else {
            out.push(Mismatch::new(
                MismatchKind::Query,
                k.clone(),
                evs.join(","),
                Value::Null,
                format!("expected query parameter {k:?} but it was missing"),
            ));
            continue;
        };
        match rules.and_then(|r| r.for_name(k, false)) {
            Some(list) => {
                let example = evs.first().map_or("", String::as_str);
                for (i, av) in avs.iter().enumerate() {
                    let ev = evs.get(i).map_or(example, String::as_str);
                    if let Err(msg) = apply_list(list, |r| match_str(r, ev, av)) {
                        out.push(Mismatch::new(
                            MismatchKind::Query,
                            k.clone(),
                            ev,
                            av.clone(),
                            format!("query parameter {k}: {msg}"),
                        ));
                    }
                }
                // min/max on the number of values.
                let n = avs.len() as u64;
                let count_ok = apply_list(list, |r| {
                    match_json(r, &Value::from(evs.clone()), &Value::from(avs.clone()))
                });
                if let Err(msg) = count_ok {
                    if msg.contains("element") {
                        out.push(Mismatch::new(
                            MismatchKind::Query,
                            k.clone(),
                            evs.len(),
                            n,
                            format!("query parameter {k}: {msg}"),
                        ));
                    }
                }
            }
            None => {
                if evs != avs {
                    out.push(Mismatch::new(
                        MismatchKind::Query,
                        k.clone(),
                        evs.join(","),
                        avs.join(","),
                        format!(
                            "expected query parameter {k}={:?} but received {:?}",
                            evs.join(","),
                            avs.join(",")
                        ),
                    ));
                }
            }
        }
    }
    for (k, avs) in &a {
        if !e.contains_key(k) {
            out.push(Mismatch::new(
                MismatchKind::Query,
                k.clone(),
                Value::Null,
                avs.join(","),
                format!("unexpected query parameter {k}={:?}", avs.join(",")),
            ));
        }
    }
}

/// A raw query string as its `&`-separated parts in order, each split at the
/// first `=` and percent-decoded (`+` is a space, as in forms). Empty parts are
/// kept, so a trailing `&` still differs; `%26` and `%3D` stay data.
fn decoded_pairs(raw: &str) -> Vec<(String, Option<String>)> {
    let decode = |s: &str| {
        let spaced = s.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (decode(k), Some(decode(v))),
            None => (decode(part), None),
        })
        .collect()
}

/// Split a header value on commas (except for headers where commas are data).
fn split_values(name: &str, values: &[String]) -> Vec<String> {
    let keep_whole = [
        "date",
        "expires",
        "last-modified",
        "if-modified-since",
        "if-unmodified-since",
        "set-cookie",
        "www-authenticate",
        "retry-after",
    ];
    if keep_whole.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        return values.iter().map(|v| v.trim().to_owned()).collect();
    }
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_owned())
        .collect()
}

/// Parse `type/subtype; a=b; c=d` into (base, params lower-cased keys).
fn parse_media_type(v: &str) -> (String, IndexMap<String, String>) {
    let mut parts = v.split(';');
    let base = parts.next().unwrap_or("").trim().to_owned();
    let mut params = IndexMap::new();
    for p in parts {
        if let Some((k, v)) = p.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            let mut v = v.trim().trim_matches('"').to_owned();
            if k == "charset" {
                v = v.to_ascii_lowercase();
            }
            params.insert(k, v);
        }
    }
    (base, params)
}

fn match_headers(
    expected: Option<&Headers>,
    actual: Option<&Headers>,
    rules: &MatchingRules,
    out: &mut Vec<Mismatch>,
) {
    let Some(expected) = expected else { return };
    let rules: Option<&MatchingRuleCategory> = rules.category("header");
    for (name, evs) in expected {
        let ev_joined = evs.join(", ");
        let Some(avs) = header(actual, name) else {
            out.push(Mismatch::new(
                MismatchKind::Header,
                name.clone(),
                ev_joined,
                Value::Null,
                format!("expected header {name:?} but it was missing"),
            ));
            continue;
        };
        let av_joined = avs.join(", ");
        if let Some(list) = rules.and_then(|r| r.for_name(name, true)) {
            if let Err(msg) = apply_list(list, |r| match_str(r, &ev_joined, &av_joined)) {
                out.push(Mismatch::new(
                    MismatchKind::Header,
                    name.clone(),
                    ev_joined,
                    av_joined,
                    format!("header {name}: {msg}"),
                ));
            }
            continue;
        }
        if name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("accept") {
            let media = |v: &str| -> Vec<(String, IndexMap<String, String>)> {
                if name.eq_ignore_ascii_case("accept") {
                    v.split(',').map(parse_media_type).collect()
                } else {
                    vec![parse_media_type(v)]
                }
            };
            let lower = name.eq_ignore_ascii_case("content-type");
            let norm = |mut m: Vec<(String, IndexMap<String, String>)>| {
                if lower {
                    for (b, _) in &mut m {
                        *b = b.to_ascii_lowercase();
                    }
                }
                m
            };
            let em = norm(media(&ev_joined));
            let am = norm(media(&av_joined));
            let same = em.len() == am.len()
                && em.iter().zip(&am).all(|((eb, ep), (ab, ap))| {
                    eb == ab
                        && ep
                            .iter()
                            .all(|(k, v)| k == "boundary" || ap.get(k) == Some(v))
                });
            if !same {
                out.push(Mismatch::new(
                    MismatchKind::Header,
                    name.clone(),
                    ev_joined.clone(),
                    av_joined.clone(),
                    format!("expected header {name}: {ev_joined:?} but received {av_joined:?}"),
                ));
            }
            continue;
        }
        let e = split_values(name, evs);
        let a = split_values(name, avs);
        if e != a {
            out.push(Mismatch::new(
                MismatchKind::Header,
                name.clone(),
                ev_joined.clone(),
                av_joined.clone(),
                format!("expected header {name}: {ev_joined:?} but received {av_joined:?}"),
            ));
        }
    }
}
