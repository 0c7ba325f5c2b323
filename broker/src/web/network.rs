//! The network page (`/web/network`): consumers and providers as an SVG
//! diagram drawn on the server, edges coloured by the status of the latest
//! verification, optionally narrowed to one service and its neighbours.
//!
//! The layout is layered ([`super::layout`]); the SVG is written by a
//! template, so every name is escaped by askama like the rest of the page.

use super::format::{pact_href, service_href};
use super::layout::{label_width, lay_out, Graph, NODE_HEIGHT};
use super::queries::{integrations_of, Integration};
use super::status::Status;
use super::{render, Html, Nav, WebError};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use std::collections::{BTreeSet, HashMap, VecDeque};

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// The SVG path `d` of an edge through its points: vertical cubic curves
/// between consecutive points.
fn path_d(points: &[(f64, f64)]) -> String {
    let Some(&(x0, y0)) = points.first() else {
        return String::new();
    };
    let mut d = format!("M{} {}", fmt(x0), fmt(y0));
    for pair in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        let my = (y1 + y2) / 2.0;
        d.push_str(&format!(
            " C{} {} {} {} {} {}",
            fmt(x1),
            fmt(my),
            fmt(x2),
            fmt(my),
            fmt(x2),
            fmt(y2)
        ));
    }
    d
}

/// An arrowhead at the end of the path, pointing the way the curve arrives
/// (vertically, as the curves end).
fn head_points(points: &[(f64, f64)]) -> String {
    let (Some(&(tx, ty)), Some(&(_, py))) = (points.last(), points.iter().rev().nth(1)) else {
        return String::new();
    };
    let dir = if ty >= py { 1.0 } else { -1.0 };
    let (l, w) = (9.0, 4.5);
    let by = ty - dir * l;
    format!(
        "{},{} {},{} {},{}",
        fmt(tx),
        fmt(ty),
        fmt(tx - w),
        fmt(by),
        fmt(tx + w),
        fmt(by)
    )
}

/// A node as drawn.
#[derive(Debug)]
pub struct NodeView {
    pub label: String,
    pub href: String,
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub cx: String,
    pub cy: String,
    pub focus: bool,
}

/// An edge as drawn.
#[derive(Debug)]
pub struct EdgeView {
    pub d: String,
    pub head: String,
    pub status: &'static str,
    pub title: String,
    pub href: String,
}

/// A service to choose in the filter.
#[derive(Debug)]
pub struct Choice {
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    nav: Nav,
    service: Option<String>,
    depth: usize,
    choices: Vec<Choice>,
    width: String,
    height: String,
    nodes: Vec<NodeView>,
    edges: Vec<EdgeView>,
    counts: Vec<(&'static str, usize)>,
    unknown_service: bool,
}

/// The services within `depth` integrations of `center` (either direction).
fn neighbourhood(list: &[Integration], center: &str, depth: usize) -> BTreeSet<String> {
    let mut adjacent: HashMap<&str, Vec<&str>> = HashMap::new();
    for i in list {
        adjacent.entry(&i.consumer).or_default().push(&i.provider);
        adjacent.entry(&i.provider).or_default().push(&i.consumer);
    }
    let mut seen = BTreeSet::from([center.to_string()]);
    let mut queue = VecDeque::from([(center, 0)]);
    while let Some((name, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for next in adjacent.get(name).into_iter().flatten() {
            if seen.insert(next.to_string()) {
                queue.push_back((next, d + 1));
            }
        }
    }
    seen
}

pub async fn page(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Html, WebError> {
    let service = params
        .get("service")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let depth = params
        .get("depth")
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 3);
    let mut conn = state.db.pool.acquire().await?;
    let all = integrations_of(&mut conn, None).await?;
    drop(conn);
    let names: BTreeSet<String> = all
        .iter()
        .flat_map(|i| [i.consumer.clone(), i.provider.clone()])
        .collect();
    let unknown_service = service.as_ref().is_some_and(|s| !names.contains(s));
    let shown: Vec<&Integration> = match service.as_deref().filter(|_| !unknown_service) {
        Some(s) => {
            let keep = neighbourhood(&all, s, depth);
            all.iter()
                .filter(|i| keep.contains(&i.consumer) && keep.contains(&i.provider))
                .collect()
        }
        None => all.iter().collect(),
    };
    let node_names: Vec<String> = shown
        .iter()
        .flat_map(|i| [i.consumer.clone(), i.provider.clone()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: HashMap<&str, usize> = node_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let graph = Graph {
        widths: node_names.iter().map(|n| label_width(n)).collect(),
        edges: shown
            .iter()
            .map(|i| (index[i.consumer.as_str()], index[i.provider.as_str()]))
            .collect(),
    };
    let drawing = lay_out(&graph);
    let mut edges: Vec<EdgeView> = shown
        .iter()
        .enumerate()
        .filter_map(|(k, i)| {
            let path = drawing.edges.get(k)?;
            if path.len() < 2 {
                return None;
            }
            Some(EdgeView {
                d: path_d(path),
                head: head_points(path),
                status: i.status.word(),
                title: format!("{} → {}: {}", i.consumer, i.provider, i.status.word()),
                href: i
                    .pact
                    .as_ref()
                    .map(|p| pact_href(&i.provider, &i.consumer, &p.sha))
                    .unwrap_or_else(|| service_href(&i.provider)),
            })
        })
        .collect();
    // Failures drawn last, on top.
    edges.sort_by_key(|e| match e.status {
        "failed" => 3,
        "pending" => 2,
        "unverified" => 1,
        _ => 0,
    });
    let nodes = node_names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let (x, y) = *drawing.nodes.get(i)?;
            let w = graph.widths[i];
            Some(NodeView {
                label: name.clone(),
                href: service_href(name),
                x: fmt(x),
                y: fmt(y),
                w: fmt(w),
                h: fmt(NODE_HEIGHT),
                cx: fmt(x + w / 2.0),
                cy: fmt(y + NODE_HEIGHT / 2.0),
                focus: service.as_deref() == Some(name.as_str()),
            })
        })
        .collect();
    let counts = [
        Status::Verified,
        Status::Failed,
        Status::Pending,
        Status::Unverified,
    ]
    .iter()
    .map(|s| (s.word(), shown.iter().filter(|i| i.status == *s).count()))
    .collect();
    render(&NetworkPage {
        nav: Nav::Network,
        choices: names
            .iter()
            .map(|n| Choice {
                selected: service.as_deref() == Some(n.as_str()),
                name: n.clone(),
            })
            .collect(),
        service,
        depth,
        width: fmt(drawing.width),
        height: fmt(drawing.height),
        nodes,
        edges,
        counts,
        unknown_service,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_heads_follow_the_points() {
        let pts = [(10.0, 42.0), (30.0, 114.0)];
        assert_eq!(path_d(&pts), "M10.0 42.0 C10.0 78.0 30.0 78.0 30.0 114.0");
        assert_eq!(head_points(&pts), "30.0,114.0 25.5,105.0 34.5,105.0");
        assert_eq!(path_d(&[]), "");
    }
}
