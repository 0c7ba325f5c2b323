//! Regression tests for issue 10, hole 3 ("`lint-migrations` is quadratic on long
//! lines"), at the library level: positions, snippets and suppressions on one long
//! line. Time and memory are measured by `bench/lint-migrations/long-line.sh`.
//!
//! See: `issues show 10`.

use shipgate_migrations_lint::{lint, Options, SourceFile};

fn one(text: &str) -> Vec<shipgate_migrations_lint::diagnostics::Diagnostic> {
    let f = SourceFile {
        path: "m.sql".into(),
        text: text.into(),
        report: true,
        change_set: 0,
        edited_at_line: None,
    };
    lint(&[f], &Options::default()).diagnostics
}

/// An ignore comment on a line of many statements covers the statements it
/// trails, not the whole line.
#[test]
fn issue10_an_ignore_on_a_long_line_covers_the_statements_it_trails() {
    let sql =
        "CREATE INDEX a ON t (x); /* shipgate-ignore MIG016: small */ CREATE INDEX b ON t (y);";
    let found: Vec<(String, bool, u32)> = one(sql)
        .into_iter()
        .filter(|d| d.code == "MIG016")
        .map(|d| {
            (
                d.code.to_string(),
                d.properties.contains_key("suppressed"),
                d.location.span.unwrap().start.column,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("MIG016".into(), true, 1), ("MIG016".into(), false, 62)]
    );
}

/// Thousands of statements and ignore comments on one line: every finding is
/// suppressed by the comment after it, and its snippet is a bounded window.
#[test]
fn issue10_many_statements_and_ignores_on_one_line() {
    let n = 20_000;
    let sql: String = (0..n)
        .map(|i| format!("CREATE INDEX i{i} ON t (c{i}); /* shipgate-ignore MIG016: tiny */ "))
        .collect();
    let diags = one(&sql);
    let idx: Vec<_> = diags.iter().filter(|d| d.code == "MIG016").collect();
    assert_eq!(idx.len(), n);
    assert!(idx.iter().all(|d| d.properties.contains_key("suppressed")));
    assert!(
        !diags.iter().any(|d| d.code == "MIG042"),
        "no unused ignore"
    );
    let max = diags
        .iter()
        .filter_map(|d| d.location.snippet.as_ref())
        .map(|s| s.text.len())
        .max()
        .unwrap();
    assert!(max <= 240, "{max}");
    let last = idx.last().unwrap();
    let col = last.location.span.unwrap().start.column as usize;
    assert_eq!(col, sql.rfind("CREATE INDEX").unwrap() + 1);
}
