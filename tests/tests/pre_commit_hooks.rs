//! `.pre-commit-hooks.yaml` with the real `pre-commit` (PyPI): `try-repo` on
//! this repository, in a temporary project cloned from an upstream so that
//! `origin/HEAD` exists, with shipgate on `PATH` (the hooks are
//! `language: system`). Also the `.pre-commit-config.yaml` shown in the
//! README, with its placeholder repository replaced by a local one.

mod action_support;

use action_support::git;
use shipgate_e2e::{require_tool, shipgate_bin, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project cloned from an upstream whose `main` has one migration and an API
/// document; the clone is on a branch `feature`, and upstream moved on after
/// it branched (a migration `feature` must not be blamed for deleting).
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let upstream = dir.path().join("upstream");
    std::fs::create_dir_all(upstream.join("db/migrations")).unwrap();
    std::fs::create_dir_all(upstream.join("api")).unwrap();
    std::fs::write(
        upstream.join("db/migrations/V1__users.sql"),
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    )
    .unwrap();
    let diff = workspace_root().join("rules/tests/fixtures/diff/OAS001");
    std::fs::copy(diff.join("base.yaml"), upstream.join("api/openapi.yaml")).unwrap();
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "base"]);
    let work = dir.path().join("work");
    git(
        dir.path(),
        &["clone", "-q", upstream.to_str().unwrap(), "work"],
    );
    git(&work, &["checkout", "-qb", "feature"]);
    // Upstream moves on: the clone's origin/main has a migration the branch lacks.
    std::fs::write(
        upstream.join("db/migrations/V2__orders.sql"),
        "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
    )
    .unwrap();
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "orders"]);
    git(&work, &["fetch", "-q", "origin"]);
    (dir, work)
}

fn pre_commit(pre_commit: &Path, work: &Path, home: &Path, args: &[&str]) -> Output {
    let bin_dir = shipgate_bin().parent().unwrap().to_path_buf();
    let mut path = vec![bin_dir];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let mut cmd = Command::new(pre_commit);
    for (key, _) in std::env::vars() {
        if key.starts_with("SHIPGATE_") || key.starts_with("PACT_BROKER_") {
            cmd.env_remove(key);
        }
    }
    cmd.args(args)
        .current_dir(work)
        .env("PATH", std::env::join_paths(path).unwrap())
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("running pre-commit")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn try_repo(tool: &Path, work: &Path, home: &Path, hook: &str) -> Output {
    let repo = workspace_root().to_str().unwrap().to_string();
    pre_commit(tool, work, home, &["try-repo", &repo, hook])
}

#[test]
fn lint_migrations_hook_reports_the_branch_migrations_only() {
    let Some(tool) = require_tool("pre-commit") else {
        return;
    };
    let (dir, work) = project();
    let home = dir.path().join("pre-commit-home");
    // Nothing staged that matches: the hook is skipped.
    let out = try_repo(&tool, &work, &home, "shipgate-lint-migrations");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("(no files to check)Skipped"),
        "{}",
        text(&out)
    );

    std::fs::write(
        work.join("db/migrations/V3__rename.sql"),
        "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    )
    .unwrap();
    git(&work, &["add", "-A"]);
    let out = try_repo(&tool, &work, &home, "shipgate-lint-migrations");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("shipgate lint-migrations"), "{all}");
    assert!(all.contains("Failed"), "{all}");
    assert!(all.contains("error[MIG008] renaming-column"), "{all}");
    assert!(all.contains("V3__rename.sql"), "{all}");
    // Compared with the merge base, not origin/main's tip: upstream's newer
    // V2__orders.sql is not reported as deleted by this branch (MIG064).
    assert!(!all.contains("MIG064"), "{all}");

    // A safe migration passes.
    std::fs::write(
        work.join("db/migrations/V3__rename.sql"),
        "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
    )
    .unwrap();
    git(&work, &["add", "-A"]);
    let out = try_repo(&tool, &work, &home, "shipgate-lint-migrations");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
}

#[test]
fn openapi_diff_hook_compares_with_the_merge_base() {
    let Some(tool) = require_tool("pre-commit") else {
        return;
    };
    let (dir, work) = project();
    let home = dir.path().join("pre-commit-home");
    let diff = workspace_root().join("rules/tests/fixtures/diff/OAS001");
    std::fs::copy(diff.join("revision.yaml"), work.join("api/openapi.yaml")).unwrap();
    git(&work, &["add", "-A"]);
    let out = try_repo(&tool, &work, &home, "shipgate-openapi-diff");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("shipgate diff (OpenAPI)"), "{all}");
    assert!(all.contains("error[OAS001]"), "{all}");
    assert!(all.contains("api/openapi.yaml"), "{all}");
    // Reverted: nothing breaks.
    std::fs::copy(diff.join("base.yaml"), work.join("api/openapi.yaml")).unwrap();
    std::fs::write(work.join("api/notes.txt"), "x\n").unwrap();
    git(&work, &["add", "-A"]);
    let out = try_repo(&tool, &work, &home, "shipgate-openapi-diff");
    assert!(
        text(&out).contains("(no files to check)Skipped"),
        "{}",
        text(&out)
    );
    let out = pre_commit(
        &tool,
        &work,
        &home,
        &[
            "try-repo",
            workspace_root().to_str().unwrap(),
            "shipgate-openapi-diff",
            "--all-files",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
}

/// The README's `.pre-commit-config.yaml`, as written but for the placeholder
/// repository and revision, runs both hooks with `pre-commit run`.
#[test]
fn readme_pre_commit_config_runs() {
    let Some(tool) = require_tool("pre-commit") else {
        return;
    };
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let config = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(yaml, _)| yaml))
        .find(|yaml| yaml.contains("# .pre-commit-config.yaml"))
        .expect("README shows a .pre-commit-config.yaml");
    let (dir, work) = project();
    let home = dir.path().join("pre-commit-home");
    // A hook repository: only the hooks file matters for `language: system`.
    let hooks = dir.path().join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        workspace_root().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "-A"]);
    git(&hooks, &["commit", "-qm", "hooks"]);
    git(&hooks, &["tag", "v0.1.0"]);
    let placeholder = "https://github.com/YOUR-ORG/shipgate";
    assert!(config.contains(placeholder), "{config}");
    std::fs::write(
        work.join(".pre-commit-config.yaml"),
        config.replace(placeholder, hooks.to_str().unwrap()),
    )
    .unwrap();
    std::fs::write(
        work.join("db/migrations/V3__rename.sql"),
        "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    )
    .unwrap();
    let diff = workspace_root().join("rules/tests/fixtures/diff/OAS001");
    std::fs::copy(diff.join("revision.yaml"), work.join("api/openapi.yaml")).unwrap();
    git(&work, &["add", "-A"]);
    let out = pre_commit(&tool, &work, &home, &["run"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("error[MIG008]"), "{all}");
    assert!(all.contains("error[OAS001]"), "{all}");
    // And as a git hook: the commit is refused.
    let out = pre_commit(&tool, &work, &home, &["install"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(["commit", "-qm", "rename"])
        .current_dir(&work)
        .env(
            "PATH",
            std::env::join_paths(
                std::iter::once(shipgate_bin().parent().unwrap().to_path_buf()).chain(
                    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
                ),
            )
            .unwrap(),
        )
        .env("PRE_COMMIT_HOME", &home)
        .output()
        .unwrap();
    assert!(!commit.status.success(), "{}", text(&commit));
    assert!(text(&commit).contains("error[MIG008]"), "{}", text(&commit));
}

/// The README's setup block, as written, in a repository made with `git init`
/// and `git remote add` (so no `origin/HEAD`): without `git remote set-head`
/// the hooks say what is missing; after the block they run and pass on a safe
/// change.
#[test]
fn readme_setup_commands_run_as_written() {
    let Some(tool) = require_tool("pre-commit") else {
        return;
    };
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let config = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(yaml, _)| yaml))
        .find(|yaml| yaml.contains("# .pre-commit-config.yaml"))
        .expect("README shows a .pre-commit-config.yaml");
    let block = readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(sh, _)| sh))
        .find(|sh| sh.contains("pre-commit install"))
        .expect("README shows how to set pre-commit up");
    let (dir, cloned) = project();
    let home = dir.path().join("pre-commit-home");
    let hooks = dir.path().join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        workspace_root().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "-A"]);
    git(&hooks, &["commit", "-qm", "hooks"]);
    git(&hooks, &["tag", "v0.1.0"]);
    // The same upstream, fetched into a repository that `git clone` did not make.
    let work = dir.path().join("fetched");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q"]);
    let upstream = dir.path().join("upstream");
    git(
        &work,
        &["remote", "add", "origin", upstream.to_str().unwrap()],
    );
    git(&work, &["fetch", "-q", "origin"]);
    let main = git(&upstream, &["symbolic-ref", "--short", "HEAD"]);
    git(
        &work,
        &[
            "checkout",
            "-qb",
            "feature",
            &format!("origin/{}", main.trim()),
        ],
    );
    drop(cloned);
    std::fs::write(
        work.join(".pre-commit-config.yaml"),
        config.replace(
            "https://github.com/YOUR-ORG/shipgate",
            hooks.to_str().unwrap(),
        ),
    )
    .unwrap();
    std::fs::write(
        work.join("db/migrations/V3__audit.sql"),
        "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
    )
    .unwrap();
    git(&work, &["add", "-A"]);
    let out = pre_commit(&tool, &work, &home, &["run"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("origin/HEAD"), "{}", text(&out));

    let bin_dir = shipgate_bin().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", block])
        .current_dir(&work)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", &home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{block}\n{}", text(&out));
    let all = text(&out);
    assert!(all.contains("shipgate lint-migrations"), "{all}");
    assert!(all.contains("Passed"), "{all}");
    assert!(
        work.join(".git/hooks/pre-commit").is_file(),
        "pre-commit install ran"
    );
}
