//! Data-driven test over `migrations-lint/examples/<CODE>/`: every rule's
//! `bad.sql` is flagged by that rule and its `good.sql` is not.
//!
//! Conventions: an optional `history.sql` is an earlier, already-merged
//! migration (read for history, not reported); a `-- next file: NAME` line
//! starts another migration file of the same change set (one pull request).
//! A `-- shipgate example: … merged … edited line N` line makes the file an
//! already-merged migration that the pull request edited at line N (as
//! `--changed-since` would find it). A `-- shipgate example: deleted NAME`
//! line says the pull request deleted NAME, an already-merged migration (as
//! `--changed-since` would find it; the file itself has no text to show). A
//! `history.sql` whose first line is `-- file: NAME` is named NAME and all
//! files are put in apply order (so a merged migration can come after the new
//! ones). A `-- shipgate example:
//! naming KEY = PATTERN` line configures a naming pattern. Opt-in rules are
//! enabled at their default level.

use shipgate_migrations_lint::{
    decode, layout, lint, registry, DeletedFile, Naming, Options, RuleLevel, SourceFile,
};
use std::path::Path;

fn options() -> Options {
    Options {
        levels: registry()
            .into_iter()
            .filter(|r| r.opt_in)
            .map(|r| RuleLevel {
                rule: r.code.to_owned(),
                level: Some(r.default_level),
            })
            .collect(),
        ..Options::default()
    }
}

/// Split an example into the files of one change set at `-- next file:` lines.
fn change_set(name: &str, text: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![(name.to_owned(), String::new())];
    for line in text.lines() {
        if let Some(next) = line.strip_prefix("-- next file:") {
            let cur = files.last_mut().expect("one file");
            let has_sql = cur
                .1
                .lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"));
            if has_sql {
                files.push((next.trim().to_owned(), String::new()));
            } else {
                cur.0 = next.trim().to_owned();
            }
            continue;
        }
        let cur = files.last_mut().expect("one file");
        cur.1.push_str(line);
        cur.1.push('\n');
    }
    files
}

/// N from a `-- shipgate example: … edited line N` line.
fn edited_line(text: &str) -> Option<usize> {
    let line = text
        .lines()
        .find(|l| l.starts_with("-- shipgate example:"))?;
    let rest = &line[line.find("edited line ")? + "edited line ".len()..];
    rest.trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()
}

/// NAME from a `-- shipgate example: deleted NAME` line.
fn deleted_file(text: &str) -> Option<DeletedFile> {
    let rest = text
        .lines()
        .find_map(|l| l.strip_prefix("-- shipgate example: deleted "))?;
    let name = rest.split([' ', ',']).next()?;
    Some(DeletedFile {
        path: name.to_owned(),
        since: "origin/main".to_owned(),
    })
}

/// Lint an example; returns the codes of unsuppressed findings.
fn codes(dir: &Path, file: &str) -> Vec<String> {
    let mut sources = Vec::new();
    let mut in_apply_order = false;
    if let Ok(h) = std::fs::read_to_string(dir.join("history.sql")) {
        let named = h.lines().next().and_then(|l| l.strip_prefix("-- file:"));
        in_apply_order = named.is_some();
        sources.push(SourceFile {
            path: named.map_or("history.sql", str::trim).to_owned(),
            text: h,
            report: false,
            change_set: 0,
            edited_at_line: None,
        });
    }
    let bytes = std::fs::read(dir.join(file)).expect("example exists");
    let text = match decode(file, bytes) {
        Ok(t) => t,
        Err(d) => return vec![d.code.into_owned()],
    };
    for (name, text) in change_set(file, &text) {
        let edited = edited_line(&text);
        sources.push(SourceFile {
            path: name,
            text,
            report: edited.is_none(),
            change_set: 1,
            edited_at_line: edited,
        });
    }
    if in_apply_order {
        sources.sort_by_key(|f| layout::order_key(&f.path));
    }
    let naming: Vec<(&str, &str)> = sources
        .iter()
        .flat_map(|f| f.text.lines())
        .filter_map(|l| l.strip_prefix("-- shipgate example: naming "))
        .filter_map(|l| l.split_once(" = "))
        .collect();
    let opts = Options {
        naming: Naming::new(naming).expect("valid naming patterns"),
        deleted: sources
            .iter()
            .filter_map(|f| deleted_file(&f.text))
            .collect(),
        ..options()
    };
    let out = lint(&sources, &opts);
    out.diagnostics
        .into_iter()
        .filter(|d| !d.properties.contains_key("suppressed"))
        .map(|d| d.code.into_owned())
        .collect()
}

#[test]
fn every_rule_has_examples_and_they_behave() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut failures = Vec::new();
    for rule in registry() {
        let dir = root.join(rule.code);
        if !dir.join("bad.sql").is_file() || !dir.join("good.sql").is_file() {
            failures.push(format!(
                "{}: missing examples/{}/{{bad,good}}.sql",
                rule.code, rule.code
            ));
            continue;
        }
        let bad = codes(&dir, "bad.sql");
        if !bad.iter().any(|c| c == rule.code) {
            failures.push(format!(
                "{} ({}): bad.sql not flagged; got {bad:?}",
                rule.code, rule.name
            ));
        }
        let good = codes(&dir, "good.sql");
        if good.iter().any(|c| c == rule.code) {
            failures.push(format!(
                "{} ({}): good.sql flagged; got {good:?}",
                rule.code, rule.name
            ));
        }
    }
    // No example directory without a rule.
    for e in std::fs::read_dir(&root).expect("examples dir") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        if !registry().iter().any(|r| r.code == name) {
            failures.push(format!("examples/{name} has no rule"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn registry_codes_are_unique_and_documented() {
    let reg = registry();
    let mut codes: Vec<&str> = reg.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), reg.len(), "duplicate codes");
    for r in &reg {
        assert!(
            r.missing_doc_sections().is_empty(),
            "{} lacks {:?}",
            r.code,
            r.missing_doc_sections()
        );
        assert!(!r.name.starts_with("ban-"), "{}", r.name);
    }
}
