//! A side-by-side diff of two pacts (pretty-printed JSON), made with
//! `similar`: changed lines with a few lines of context, old on the left,
//! new on the right.

use similar::{DiffTag, TextDiff};
use std::time::Duration;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// One row of the side-by-side table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    /// A row standing for skipped unchanged lines.
    pub gap: bool,
    pub left_no: String,
    pub left: String,
    /// "", "del" or "blank".
    pub left_class: &'static str,
    pub right_no: String,
    pub right: String,
    /// "", "ins" or "blank".
    pub right_class: &'static str,
}

/// The diff of `old` and `new` (line by line), empty when they are equal.
pub fn side_by_side(old: &str, new: &str) -> Vec<DiffRow> {
    let diff = TextDiff::configure()
        .timeout(Duration::from_millis(100))
        .diff_lines(old, new);
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let line = |lines: &[&str], i: usize| lines.get(i).copied().unwrap_or("").to_string();
    let mut rows = Vec::new();
    for (g, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if g > 0 {
            rows.push(DiffRow {
                gap: true,
                left_no: String::new(),
                left: "⋯".into(),
                left_class: "",
                right_no: String::new(),
                right: "⋯".into(),
                right_class: "",
            });
        }
        for op in group {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {
                    for (a, b) in o.zip(n) {
                        rows.push(DiffRow {
                            gap: false,
                            left_no: (a + 1).to_string(),
                            left: line(&old_lines, a),
                            left_class: "",
                            right_no: (b + 1).to_string(),
                            right: line(&new_lines, b),
                            right_class: "",
                        });
                    }
                }
                _ => {
                    let (o, n): (Vec<usize>, Vec<usize>) = (o.collect(), n.collect());
                    for k in 0..o.len().max(n.len()) {
                        let left = o.get(k);
                        let right = n.get(k);
                        rows.push(DiffRow {
                            gap: false,
                            left_no: left.map(|a| (a + 1).to_string()).unwrap_or_default(),
                            left: left.map(|a| line(&old_lines, *a)).unwrap_or_default(),
                            left_class: if left.is_some() { "del" } else { "blank" },
                            right_no: right.map(|b| (b + 1).to_string()).unwrap_or_default(),
                            right: right.map(|b| line(&new_lines, *b)).unwrap_or_default(),
                            right_class: if right.is_some() { "ins" } else { "blank" },
                        });
                    }
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_sit_side_by_side_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let rows = side_by_side(old, new);
        let changed: Vec<&DiffRow> = rows
            .iter()
            .filter(|r| r.left_class == "del" || r.right_class == "ins")
            .collect();
        assert_eq!(changed[0].left, "c");
        assert_eq!(changed[0].right, "C");
        assert_eq!(
            (changed[0].left_no.as_str(), changed[0].right_no.as_str()),
            ("3", "3")
        );
        let added = changed.iter().find(|r| r.right == "k").unwrap();
        assert_eq!(added.left_class, "blank");
        assert!(rows.iter().any(|r| r.gap), "two hunks with a gap: {rows:?}");
        assert!(side_by_side("same\n", "same\n").is_empty());
    }
}
