//! The README's install path (issue 14, item 1): every `cargo install` line
//! in its "Install" section names something this workspace builds into a
//! `shipgate` binary (`--path cli`, or the package `shipgate-cli` for
//! `--git`), the `--git` URL is the marked placeholder, and no snippet in the
//! README, docs, CI templates, the Action or the examples installs from a host
//! that does not exist. (The release build itself is not run here: it takes
//! minutes; `cargo build --locked` of the same package runs in every test.)

use shipgate_e2e::workspace_root;
use std::path::Path;

/// The `[package] name` and `[[bin]] name`s of a Cargo.toml, by reading lines.
fn package_and_bins(manifest: &Path) -> (String, Vec<String>) {
    let text =
        std::fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    let mut section = String::new();
    let mut package = String::new();
    let mut bins = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_string();
            continue;
        }
        if let Some(v) = line.strip_prefix("name = ") {
            let v = v.trim_matches('"').to_string();
            match section.as_str() {
                "[package]" => package = v,
                "[[bin]]" => bins.push(v),
                _ => {}
            }
        }
    }
    (package, bins)
}

#[test]
fn readme_install_commands_name_what_the_workspace_builds() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let install = readme
        .split("\n## Install\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has an Install section");
    let lines: Vec<&str> = install
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo install"))
        .collect();
    assert_eq!(lines.len(), 2, "{install}");
    let mut seen_path = false;
    let mut seen_git = false;
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(words.contains(&"--locked"), "`{line}`: without --locked");
        if let Some(i) = words.iter().position(|w| *w == "--path") {
            let (package, bins) = package_and_bins(&root.join(words[i + 1]).join("Cargo.toml"));
            assert_eq!(package, "shipgate-cli", "`{line}`");
            assert_eq!(bins, ["shipgate"], "`{line}`");
            seen_path = true;
        } else if let Some(i) = words.iter().position(|w| *w == "--git") {
            let url = words[i + 1];
            assert_eq!(url, "\"$SHIPGATE_REPO_URL\"", "`{line}`");
            assert!(
                install.contains("`SHIPGATE_REPO_URL` is a **placeholder**"),
                "the URL must be marked as a placeholder: {install}"
            );
            let package = words.last().unwrap();
            let (name, bins) = package_and_bins(&root.join("cli/Cargo.toml"));
            assert_eq!(*package, name, "`{line}` names a package the workspace has");
            assert_eq!(bins, ["shipgate"]);
            seen_git = true;
        } else {
            panic!("`{line}`: neither --path nor --git");
        }
    }
    assert!(seen_path && seen_git);
}

#[test]
fn no_snippet_installs_from_a_host_that_does_not_exist() {
    let root = workspace_root();
    let mut files = vec![
        root.join("README.md"),
        root.join("action.yml"),
        root.join(".pre-commit-hooks.yaml"),
    ];
    for dir in ["docs", "ci", "examples"] {
        for e in walkdir::WalkDir::new(root.join(dir)) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                files.push(e.path().to_path_buf());
            }
        }
    }
    let mut bad = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.contains("://example.invalid") || line.contains("://example.com/shipgate") {
                bad.push(format!("{}:{}: {line}", f.display(), n + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
