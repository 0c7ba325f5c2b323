//! Layered graph layout for the network page (the Sugiyama method, as
//! Graphviz `dot` uses): cycles broken, nodes put on layers by longest path
//! (consumers above their providers), long edges routed through dummy
//! points, layers ordered by barycentre sweeps to cut crossings, and x
//! positions pulled towards neighbours' medians without overlapping.
//!
//! Written here rather than taken from a crate: `layout-rs` 0.1.3 (the
//! Graphviz-like crate suggested for this) was measured on the benchmark's
//! graph shape and takes 0.4 s for 40 services and 3.5 s for 60 (release
//! build; its crossing count is cubic in the layer width and runs 50 times),
//! so it cannot draw 100 services within a page's time budget. This layout
//! does 100 services and 250 edges in about a millisecond (see
//! `docs/benchmarks.md`).
//!
//! Pure: no I/O, deterministic for a given input.

use std::collections::HashMap;

/// Edge ends at a node: the x of the other end, and the edge's key.
type Ends = HashMap<usize, Vec<(f64, (usize, usize))>>;

/// Vertical distance between layers (top of one to top of the next).
const LAYER_GAP: f64 = 72.0;
/// Height of a node box.
pub const NODE_HEIGHT: f64 = 30.0;
/// Horizontal space between neighbouring boxes.
const NODE_GAP: f64 = 24.0;
/// Width of a dummy point (room for a passing edge).
const DUMMY_WIDTH: f64 = 12.0;
/// Margin around the drawing.
const MARGIN: f64 = 12.0;
/// Barycentre sweeps (down then up counts as two).
const SWEEPS: usize = 12;

/// A graph to lay out: node widths and directed edges between node indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub widths: Vec<f64>,
    pub edges: Vec<(usize, usize)>,
}

/// Where everything goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    /// Top-left corner of each node's box.
    pub nodes: Vec<(f64, f64)>,
    /// For each edge, the points it passes through, from its source's
    /// bottom (or top, for an edge drawn upwards) to its target's border.
    /// Empty for a self-edge.
    pub edges: Vec<Vec<(f64, f64)>>,
}

/// The width of a label in the page's 13 px sans-serif font, estimated
/// (wide and narrow letters averaged), plus padding.
pub fn label_width(label: &str) -> f64 {
    let w: f64 = label
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' => 3.8,
            'm' | 'w' | 'M' | 'W' => 11.0,
            c if c.is_ascii_uppercase() => 8.8,
            c if c.is_ascii() => 7.3,
            _ => 13.0,
        })
        .sum();
    (w + 22.0).max(48.0)
}

/// Lay out `g`.
pub fn lay_out(g: &Graph) -> Drawing {
    let n = g.widths.len();
    if n == 0 {
        return Drawing::default();
    }
    // 1. Break cycles: an edge that closes a cycle in DFS order is reversed.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &g.edges {
        if a != b && a < n && b < n {
            out[a].push(b);
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    let reversed = back_edges(&out);
    let dag_edges: Vec<(usize, usize)> = {
        let mut e: Vec<(usize, usize)> = out
            .iter()
            .enumerate()
            .flat_map(|(a, list)| list.iter().map(move |&b| (a, b)))
            .map(|(a, b)| {
                if reversed.contains(&(a, b)) {
                    (b, a)
                } else {
                    (a, b)
                }
            })
            .collect();
        e.sort_unstable();
        e.dedup();
        e
    };
    // 2. Layers by longest path from the sources.
    let layer = longest_path_layers(n, &dag_edges);
    let depth = layer.iter().copied().max().unwrap_or(0) + 1;
    // 3. Dummy points for edges spanning more than one layer.
    //    Vertices 0..n are nodes; n.. are dummies.
    let mut width: Vec<f64> = g.widths.clone();
    let mut vlayer: Vec<usize> = layer.clone();
    let mut chains: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &dag_edges {
        let mut chain = vec![a];
        let mut prev = a;
        for l in layer[a] + 1..layer[b] {
            let d = width.len();
            width.push(DUMMY_WIDTH);
            vlayer.push(l);
            down.push(Vec::new());
            down[prev].push(d);
            chain.push(d);
            prev = d;
        }
        down[prev].push(b);
        chain.push(b);
        chains.insert((a, b), chain);
    }
    let v = width.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); v];
    for (a, list) in down.iter().enumerate() {
        for &b in list {
            up[b].push(a);
        }
    }
    // 4. Order within layers: start in DFS order from the sources, then
    //    barycentre sweeps, keeping the order with the fewest crossings.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    let mut placed = vec![false; v];
    let mut stack: Vec<usize> = (0..n).filter(|&i| up[i].is_empty()).rev().collect();
    while let Some(x) = stack.pop() {
        if placed[x] {
            continue;
        }
        placed[x] = true;
        rows[vlayer[x]].push(x);
        for &y in down[x].iter().rev() {
            if !placed[y] {
                stack.push(y);
            }
        }
    }
    for x in 0..v {
        if !placed[x] {
            rows[vlayer[x]].push(x);
        }
    }
    let mut best = rows.clone();
    let mut best_crossings = crossings(&rows, &down);
    for sweep in 0..SWEEPS {
        let going_down = sweep % 2 == 0;
        let order: Vec<usize> = if going_down {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for l in order {
            let reference = if going_down { l - 1 } else { l + 1 };
            let pos: HashMap<usize, usize> = rows[reference]
                .iter()
                .enumerate()
                .map(|(i, &x)| (x, i))
                .collect();
            let neighbours = if going_down { &up } else { &down };
            let mut keyed: Vec<(f64, usize, usize)> = rows[l]
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let ps: Vec<usize> = neighbours[x]
                        .iter()
                        .filter_map(|y| pos.get(y).copied())
                        .collect();
                    let key = if ps.is_empty() {
                        i as f64
                    } else {
                        ps.iter().sum::<usize>() as f64 / ps.len() as f64
                    };
                    (key, i, x)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[l] = keyed.into_iter().map(|(_, _, x)| x).collect();
        }
        let c = crossings(&rows, &down);
        if c < best_crossings {
            best_crossings = c;
            best = rows.clone();
        }
    }
    let rows = best;
    // 5. x positions: packed left to right, then pulled towards the median
    //    of the neighbours' centres, alternating directions, never overlapping.
    let mut x = vec![0.0f64; v];
    for row in &rows {
        let mut at = 0.0;
        for &i in row {
            x[i] = at;
            at += width[i] + NODE_GAP;
        }
    }
    let centre = |x: &[f64], i: usize| x[i] + width[i] / 2.0;
    for pass in 0..8 {
        let (layers, neighbours): (Vec<usize>, &Vec<Vec<usize>>) = if pass % 2 == 0 {
            ((1..depth).collect(), &up)
        } else {
            ((0..depth.saturating_sub(1)).rev().collect(), &down)
        };
        for l in layers {
            let row = &rows[l];
            let desired: Vec<f64> = row
                .iter()
                .map(|&i| {
                    let mut cs: Vec<f64> = neighbours[i].iter().map(|&j| centre(&x, j)).collect();
                    if cs.is_empty() {
                        return x[i];
                    }
                    cs.sort_by(f64::total_cmp);
                    let m = if cs.len() % 2 == 1 {
                        cs[cs.len() / 2]
                    } else {
                        (cs[cs.len() / 2 - 1] + cs[cs.len() / 2]) / 2.0
                    };
                    m - width[i] / 2.0
                })
                .collect();
            place_row(row, &desired, &width, &mut x);
        }
    }
    // Shift so the drawing starts at the margin.
    let min_x = x.iter().copied().fold(f64::MAX, f64::min);
    for xi in &mut x {
        *xi = *xi - min_x + MARGIN;
    }
    let max_x = (0..v).map(|i| x[i] + width[i]).fold(0.0, f64::max);
    let y = |l: usize| MARGIN + l as f64 * LAYER_GAP;
    let nodes: Vec<(f64, f64)> = (0..n).map(|i| (x[i], y(layer[i]))).collect();
    // 6. Edge routes through the dummy points. Where several edges leave or
    //    enter a box, their ends are spread along its border in the order of
    //    the other ends, so arrows do not pile up on one point.
    let mut leaving: Ends = HashMap::new();
    let mut entering: Ends = HashMap::new();
    for (key, chain) in &chains {
        let first_hop = chain[1];
        let last_hop = chain[chain.len() - 2];
        leaving
            .entry(chain[0])
            .or_default()
            .push((centre(&x, first_hop), *key));
        entering
            .entry(chain[chain.len() - 1])
            .or_default()
            .push((centre(&x, last_hop), *key));
    }
    let port = |ends: &Ends, node: usize, key: (usize, usize)| {
        let list = &ends[&node];
        if list.len() == 1 {
            return centre(&x, node);
        }
        let mut order: Vec<&(f64, (usize, usize))> = list.iter().collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let k = order.iter().position(|e| e.1 == key).unwrap_or(0);
        let span = width[node] * 0.6;
        x[node] + width[node] * 0.2 + span * k as f64 / (list.len() - 1) as f64
    };
    let edges = g
        .edges
        .iter()
        .map(|&(a, b)| {
            if a == b || a >= n || b >= n {
                return Vec::new();
            }
            let flipped = reversed.contains(&(a, b));
            let key = if flipped { (b, a) } else { (a, b) };
            let Some(chain) = chains.get(&key) else {
                return Vec::new();
            };
            let mut pts: Vec<(f64, f64)> = Vec::with_capacity(chain.len());
            for (k, &i) in chain.iter().enumerate() {
                let top = y(vlayer[i]);
                if k == 0 {
                    pts.push((port(&leaving, i, key), top + NODE_HEIGHT));
                } else if k == chain.len() - 1 {
                    pts.push((port(&entering, i, key), top));
                } else {
                    pts.push((centre(&x, i), top + NODE_HEIGHT / 2.0));
                }
            }
            if flipped {
                pts.reverse();
            }
            pts
        })
        .collect();
    Drawing {
        width: (max_x + MARGIN).ceil(),
        height: (y(depth - 1) + NODE_HEIGHT + MARGIN).ceil(),
        nodes,
        edges,
    }
}

/// Edges that close a cycle, found by an iterative depth-first search.
fn back_edges(out: &[Vec<usize>]) -> std::collections::HashSet<(usize, usize)> {
    let n = out.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut back = std::collections::HashSet::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = out[node].get(*next) {
                *next += 1;
                match state[succ] {
                    0 => {
                        state[succ] = 1;
                        stack.push((succ, 0));
                    }
                    1 => {
                        back.insert((node, succ));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Layer of each node: 0 for sources, else one more than its deepest predecessor.
fn longest_path_layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        indegree[b] += 1;
        out[a].push(b);
    }
    let mut layer = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(a) = queue.pop_front() {
        for &b in &out[a] {
            layer[b] = layer[b].max(layer[a] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                queue.push_back(b);
            }
        }
    }
    layer
}

/// Edge crossings between consecutive layers.
fn crossings(rows: &[Vec<usize>], down: &[Vec<usize>]) -> usize {
    let mut total = 0;
    for pair in rows.windows(2) {
        let pos: HashMap<usize, usize> = pair[1].iter().enumerate().map(|(i, &x)| (x, i)).collect();
        let mut ends: Vec<(usize, usize)> = Vec::new();
        for (i, &a) in pair[0].iter().enumerate() {
            for b in &down[a] {
                if let Some(&j) = pos.get(b) {
                    ends.push((i, j));
                }
            }
        }
        ends.sort_unstable();
        // Count inversions of the lower ends (a Fenwick tree over positions).
        let size = pair[1].len() + 1;
        let mut tree = vec![0usize; size + 1];
        for (seen, &(_, j)) in ends.iter().enumerate() {
            let mut k = j + 1;
            let mut not_greater = 0;
            while k > 0 {
                not_greater += tree[k];
                k &= k - 1;
            }
            total += seen - not_greater;
            let mut k = j + 1;
            while k <= size {
                tree[k] += 1;
                k += k & k.wrapping_neg();
            }
        }
    }
    total
}

/// Place one row's boxes as close to their desired x as they can go, in
/// order and without overlap: the average of the placement clamped left to
/// right (pushing right) and the one clamped right to left (pushing left),
/// both of which keep the spacing, so the row does not drift either way.
fn place_row(row: &[usize], desired: &[f64], width: &[f64], x: &mut [f64]) {
    if row.is_empty() {
        return;
    }
    let mut right = desired.to_vec();
    for k in 1..row.len() {
        right[k] = right[k].max(right[k - 1] + width[row[k - 1]] + NODE_GAP);
    }
    let mut left = desired.to_vec();
    for k in (0..row.len() - 1).rev() {
        left[k] = left[k].min(left[k + 1] - width[row[k]] - NODE_GAP);
    }
    for (k, &i) in row.iter().enumerate() {
        x[i] = (right[k] + left[k]) / 2.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
        Graph {
            widths: vec![80.0; n],
            edges: edges.to_vec(),
        }
    }

    fn no_overlaps(d: &Drawing, widths: &[f64]) {
        for (i, a) in d.nodes.iter().enumerate() {
            for (j, b) in d.nodes.iter().enumerate() {
                if i < j && (a.1 - b.1).abs() < 1.0 {
                    let (l, r) = if a.0 < b.0 { (i, j) } else { (j, i) };
                    assert!(
                        d.nodes[l].0 + widths[l] <= d.nodes[r].0 + 0.01,
                        "nodes {l} and {r} overlap: {:?}",
                        d.nodes
                    );
                }
            }
        }
    }

    /// Node indexes by layer, left to right.
    fn layers(d: &Drawing) -> BTreeMap<i64, Vec<usize>> {
        let mut by: BTreeMap<i64, Vec<(i64, usize)>> = BTreeMap::new();
        for (i, (x, y)) in d.nodes.iter().enumerate() {
            by.entry(*y as i64).or_default().push((*x as i64, i));
        }
        by.into_iter()
            .map(|(y, mut v)| {
                v.sort_unstable();
                (y, v.into_iter().map(|(_, i)| i).collect())
            })
            .collect()
    }

    #[test]
    fn consumers_sit_above_their_providers() {
        let d = lay_out(&graph(3, &[(0, 1), (1, 2), (0, 2)]));
        assert!(d.nodes[0].1 < d.nodes[1].1 && d.nodes[1].1 < d.nodes[2].1);
        // The long edge 0 → 2 passes a dummy point on the middle layer.
        assert_eq!(d.edges[2].len(), 3);
        assert_eq!(d.edges[0].len(), 2);
        // Edges start at the bottom of the consumer, end at the top of the provider.
        assert_eq!(d.edges[0][0].1, d.nodes[0].1 + NODE_HEIGHT);
        assert_eq!(d.edges[0][1].1, d.nodes[1].1);
        assert!(d.width > 0.0 && d.height > 2.0 * LAYER_GAP);
    }

    #[test]
    fn cycles_and_self_edges_are_drawn_without_looping() {
        let d = lay_out(&graph(3, &[(0, 1), (1, 2), (2, 0), (1, 1)]));
        assert_eq!(d.nodes.len(), 3);
        assert!(d.edges[3].is_empty());
        // The edge closing the cycle keeps its direction: it ends at node 0.
        let last = *d.edges[2].last().unwrap();
        assert!(
            (last.1 - d.nodes[0].1).abs() < 0.01
                || (last.1 - (d.nodes[0].1 + NODE_HEIGHT)).abs() < 0.01
        );
        assert!(d.edges[2].len() >= 2);
    }

    #[test]
    fn crossings_are_removed_where_possible() {
        // Two consumers each with their own provider, given crossed.
        let d = lay_out(&graph(4, &[(0, 3), (1, 2)]));
        let l = layers(&d);
        let top = &l.values().next().unwrap();
        let bottom = &l.values().nth(1).unwrap();
        let tpos = |i| top.iter().position(|&x| x == i).unwrap();
        let bpos = |i| bottom.iter().position(|&x| x == i).unwrap();
        assert_eq!(tpos(0) < tpos(1), bpos(3) < bpos(2), "{l:?}");
        let rows = vec![vec![0, 1], vec![2, 3]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        assert_eq!(crossings(&rows, &down), 1);
    }

    #[test]
    fn a_hundred_services_lay_out_without_overlap() {
        let n = 100;
        let mut edges = Vec::new();
        for i in 0..n {
            for step in [1, 7, 23] {
                if i + step < n && (step != 23 || i % 2 == 0) {
                    edges.push((i, i + step));
                }
            }
        }
        let g = Graph {
            widths: (0..n)
                .map(|i| label_width(&format!("svc-{i:03}")))
                .collect(),
            edges,
        };
        let d = lay_out(&g);
        no_overlaps(&d, &g.widths);
        assert!(d.edges.iter().all(|e| e.len() >= 2));
    }

    #[test]
    fn labels_get_room() {
        assert!(label_width("payments-gateway") > label_width("web"));
        assert_eq!(label_width(""), 48.0);
    }
}
