//! End-to-end tests of `shipgate lint-migrations`: `--changed-since` in a real
//! git repository, bad input (unreadable files, invalid UTF-8, unterminated
//! dollar quotes, unknown dialects), suppressions, config, PG versions,
//! `--assume-in-transaction`, placeholders, and the rendered text output.

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run in `dir` with JSON output; returns (exit code, JSON, stderr).
fn lint_json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = run(shipgate()
        .current_dir(dir)
        .args(["lint-migrations", "--format", "json"])
        .args(args));
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr(&out))
}

/// `(file name, line, code)` of every finding.
fn findings(json: &Value) -> Vec<(String, u64, String)> {
    json["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    let file = d["location"]["file"].as_str().unwrap_or("");
                    let name = Path::new(file)
                        .file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                    (
                        name,
                        d["location"]["span"]["start"]["line"].as_u64().unwrap_or(0),
                        d["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn codes(json: &Value) -> Vec<String> {
    findings(json).into_iter().map(|f| f.2).collect()
}

#[test]
fn changed_since_reports_only_new_migrations_but_reads_history() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let m = repo.join("db/migrations");
    write(
        &m,
        "V1__users.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy text);\n",
    );
    // Would be MIG016 if it were reported: it is history, so it is not.
    write(&m, "V2__index.sql", "CREATE INDEX users_email_idx ON users (email);\n-- shipgate-deprecate users.legacy: unused since v2\n");
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "base"]);
    // The pull request: drop the deprecated column (fine), add email_v2, then drop email
    // in a second file of the same change set (rename in disguise).
    write(&m, "V3__expand.sql", "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users ADD COLUMN email_v2 text;\n");
    write(
        &m,
        "V10__contract.sql",
        "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN email;\n",
    );
    git(repo, &["add", "db/migrations/V3__expand.sql"]);
    git(repo, &["commit", "-qm", "pr part 1"]);

    let (code, json, err) = lint_json(repo, &["db/migrations", "--changed-since", "HEAD~1"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(json["checked"], 2, "only V3 and V10 are reported");
    let f = findings(&json);
    assert!(
        f.iter()
            .all(|(file, _, _)| file == "V3__expand.sql" || file == "V10__contract.sql"),
        "{f:?}"
    );
    assert!(
        f.contains(&("V10__contract.sql".into(), 2, "MIG040".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("V10__contract.sql".into(), 2, "MIG001".into())),
        "{f:?}"
    );
    // legacy was deprecated in merged V2: dropping it is the legitimate contract step.
    assert!(
        !f.iter()
            .any(|(file, _, c)| file == "V3__expand.sql" && c == "MIG001"),
        "{f:?}"
    );
    // V3 mixes: drop (contract) and add (expand) on users.
    assert!(
        f.contains(&("V3__expand.sql".into(), 2, "MIG039".into())),
        "{f:?}"
    );

    // Relative to the current commit, only the untracked V10 is new.
    let (_, json, _) = lint_json(repo, &["db/migrations", "--changed-since", "HEAD"]);
    assert_eq!(json["checked"], 1);
    assert!(
        !codes(&json).contains(&"MIG040".to_owned()),
        "V3 is history now: {:?}",
        codes(&json)
    );

    // A bad ref is a usage error with git's message.
    let (code, _, err) = lint_json(repo, &["db/migrations", "--changed-since", "no-such-ref"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-ref"), "{err}");
}

#[test]
fn changed_since_reports_an_edited_applied_migration_at_its_first_changed_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let m = repo.join("db/migrations");
    write(
        &m,
        "V1__users.sql",
        "-- users\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
    );
    write(
        &m,
        "V2__orders.sql",
        "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
    );
    write(
        &m,
        "R__views.sql",
        "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
    );
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "base"]);
    git(repo, &["checkout", "-q", "-b", "feature"]);
    // The pull request edits V1 (committed), edits the repeatable view (fine) and adds V3.
    write(
        &m,
        "V1__users.sql",
        "-- users\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
    );
    write(
        &m,
        "R__views.sql",
        "CREATE OR REPLACE VIEW v AS SELECT 2;\n",
    );
    write(
        &m,
        "V3__x.sql",
        "ALTER TABLE users ADD COLUMN nickname text;\n",
    );
    git(repo, &["commit", "-qam", "edit V1 and the view"]);
    // An unstaged edit of V2 counts too.
    write(
        &m,
        "V2__orders.sql",
        "CREATE TABLE orders (id bigint PRIMARY KEY);\n\nCREATE INDEX orders_id ON orders (id);\n",
    );

    let (code, json, err) = lint_json(repo, &["db/migrations", "--changed-since", "main"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        json["checked"], 3,
        "V3 is linted, V1 and V2 are checked for the edit"
    );
    let f = findings(&json);
    assert!(
        f.contains(&("V1__users.sql".into(), 2, "MIG061".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("V2__orders.sql".into(), 2, "MIG061".into())),
        "{f:?}"
    );
    assert!(
        !f.iter().any(|(file, _, _)| file == "R__views.sql"),
        "repeatable migrations may change: {f:?}"
    );
    // The edited files are not re-linted: their other statements were reviewed when merged.
    assert!(
        !f.iter()
            .any(|(file, _, c)| file == "V2__orders.sql" && c != "MIG061"),
        "{f:?}"
    );
    let edited = json["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "MIG061").cloned())
        .expect("MIG061");
    assert_eq!(edited["level"], "error");
    // Turned off for a run where the edit is intended.
    let (_, json, _) = lint_json(
        repo,
        &[
            "db/migrations",
            "--changed-since",
            "main",
            "--rule",
            "MIG061=off",
        ],
    );
    assert!(!codes(&json).contains(&"MIG061".to_owned()));
    // Relative to the feature branch's own commit only the unstaged V2 edit is left.
    let (_, json, _) = lint_json(repo, &["db/migrations", "--changed-since", "HEAD"]);
    let f = findings(&json);
    let edited: Vec<_> = f.iter().filter(|x| x.2 == "MIG061").collect();
    assert_eq!(
        edited,
        vec![&("V2__orders.sql".to_owned(), 2, "MIG061".to_owned())],
        "{f:?}"
    );
}

#[test]
fn changed_since_reports_applied_migrations_deleted_or_renamed_away() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let m = repo.join("db/migrations");
    write(
        &m,
        "V1__users.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY);\n",
    );
    write(
        &m,
        "V2__orders.sql",
        "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
    );
    write(
        &m,
        "V3__items.sql",
        "CREATE TABLE items (id bigint PRIMARY KEY);\n",
    );
    write(
        &m,
        "R__views.sql",
        "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
    );
    write(
        &m,
        "V4__notes.sql",
        "CREATE TABLE notes (id bigint PRIMARY KEY);\n",
    );
    write(repo, "other/V1__elsewhere.sql", "SELECT 1;\n");
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "base"]);
    git(repo, &["checkout", "-q", "-b", "feature"]);
    // Committed: V1 and the repeatable view deleted, V2 renamed to a new version, a file
    // outside the linted directory deleted.
    git(repo, &["rm", "-q", "db/migrations/V1__users.sql"]);
    git(repo, &["rm", "-q", "db/migrations/R__views.sql"]);
    git(repo, &["rm", "-q", "other/V1__elsewhere.sql"]);
    git(
        repo,
        &[
            "mv",
            "db/migrations/V2__orders.sql",
            "db/migrations/V5__orders.sql",
        ],
    );
    git(repo, &["commit", "-qm", "delete and rename"]);
    // Unstaged: V3 deleted in the working tree only.
    std::fs::remove_file(m.join("V3__items.sql")).expect("rm");

    let (code, json, err) = lint_json(repo, &["db/migrations", "--changed-since", "main"]);
    assert_eq!(code, 1, "{err}");
    let deleted: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "MIG064")
        .cloned()
        .collect();
    let files: Vec<&str> = deleted
        .iter()
        .map(|d| d["location"]["file"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        files,
        vec![
            "db/migrations/V1__users.sql",
            "db/migrations/V2__orders.sql",
            "db/migrations/V3__items.sql",
        ],
        "deleted, renamed away and unstaged-deleted, in apply order; not R__ nor other/: {json}"
    );
    let d = &deleted[0];
    assert_eq!(d["level"], "error");
    assert_eq!(d["name"], "applied-migration-deleted");
    assert!(d["location"]["span"].is_null(), "{d}");
    let message = d["message"].as_str().unwrap_or("");
    assert!(
        message.contains("V1__users.sql") && message.contains("main"),
        "{d}"
    );
    assert_eq!(
        d["help"],
        "restore the file; undo its effect in a new migration instead"
    );
    // The renamed file is linted as a new migration under its new name.
    assert_eq!(json["checked"], 1, "{json}");

    // Turned off for a run where the deletion is intended.
    let (code, json, err) = lint_json(
        repo,
        &[
            "db/migrations",
            "--changed-since",
            "main",
            "--rule",
            "MIG064=off",
        ],
    );
    assert!(!codes(&json).contains(&"MIG064".to_owned()), "{json}");
    assert_eq!(code, 0, "{err}");
    // Relative to the feature branch's own commit only the unstaged deletion is left.
    let (_, json, _) = lint_json(repo, &["db/migrations", "--changed-since", "HEAD"]);
    let f = findings(&json);
    let deleted: Vec<_> = f.iter().filter(|x| x.2 == "MIG064").collect();
    assert_eq!(
        deleted,
        vec![&("V3__items.sql".to_owned(), 0, "MIG064".to_owned())],
        "{f:?}"
    );
}

#[test]
fn bad_input_is_reported_precisely_and_the_rest_is_linted() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "m/001_ok.sql",
        "SET lock_timeout = '1s';\nCREATE INDEX i ON users (a);\n",
    );
    std::fs::write(
        d.join("m/002_latin1.sql"),
        b"-- ok\nINSERT INTO t VALUES ('caf\xe9');\n",
    )
    .expect("write");
    write(
        d,
        "m/003_dollar.sql",
        "SELECT 1;\nDO $body$\nBEGIN\n  PERFORM 1;\n",
    );
    let (code, json, err) = lint_json(d, &["m", "missing.sql"]);
    assert_eq!(code, 1, "{err}");
    let f = findings(&json);
    assert!(
        f.contains(&("001_ok.sql".into(), 2, "MIG016".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("002_latin1.sql".into(), 2, "MIG045".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("003_dollar.sql".into(), 2, "MIG044".into())),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(file, _, c)| file == "missing.sql" && c == "MIG045"),
        "{f:?}"
    );
    let msg = json["diagnostics"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|d| d["code"] == "MIG045" && d["location"]["span"].is_object())
        })
        .and_then(|d| d["message"].as_str())
        .unwrap_or_default()
        .to_owned();
    // `INSERT INTO t VALUES ('caf` is 26 characters; the bad byte is the 27th.
    assert!(msg.contains("line 2, column 27"), "{msg}");

    // Nothing analysable at all: exit 2.
    let (code, _, _) = lint_json(d, &["missing.sql"]);
    assert_eq!(code, 2);
    // Unknown dialect: clap usage error, exit 2, names the valid ones.
    let out = run(shipgate()
        .current_dir(d)
        .args(["lint-migrations", "m", "--dialect", "oracle"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("postgres"), "{}", stderr(&out));
    // An empty directory is a usage error, not a silent pass.
    std::fs::create_dir_all(d.join("empty")).expect("mkdir");
    let (code, _, err) = lint_json(d, &["empty"]);
    assert_eq!(code, 2);
    assert!(err.contains("no migration files"), "{err}");
}

#[test]
fn suppressions_need_a_reason_and_unused_ones_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "V1__x.sql",
        "-- shipgate-ignore-file MIG031: lock_timeout is set by the migration runner\n\
         -- shipgate-ignore MIG016: users is a 40-row table\n\
         CREATE INDEX a ON users (a);\n\
         -- shipgate-ignore MIG016\n\
         CREATE INDEX b ON users (b);\n\
         CREATE INDEX CONCURRENTLY c ON users (c); -- shipgate-ignore MIG016: stale\n",
    );
    let (code, json, _) = lint_json(d, &["V1__x.sql"]);
    let diags = json["diagnostics"].as_array().expect("diags");
    let a = diags
        .iter()
        .find(|x| x["code"] == "MIG016" && x["location"]["span"]["start"]["line"] == 3)
        .expect("a");
    assert_eq!(a["level"], "info");
    assert_eq!(a["properties"]["suppressed"], "users is a 40-row table");
    assert!(a["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("suppressed (users is a 40-row table)"));
    let f = findings(&json);
    assert!(
        f.contains(&("V1__x.sql".into(), 4, "MIG043".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("V1__x.sql".into(), 5, "MIG016".into())),
        "{f:?}"
    );
    assert!(
        f.contains(&("V1__x.sql".into(), 6, "MIG042".into())),
        "{f:?}"
    );
    let lock = diags
        .iter()
        .find(|x| x["code"] == "MIG031")
        .expect("MIG031");
    assert_eq!(lock["level"], "info", "file-level ignore applies");
    assert_eq!(
        lock["properties"]["suppressed"],
        "lock_timeout is set by the migration runner"
    );
    assert_eq!(code, 1);
}

#[test]
fn config_section_controls_levels_deprecations_versions_and_excludes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "shipgate.toml",
        "[lint-migrations]\npaths = [\"db\"]\npg-version = 10\nexclude = [\"legacy/**\"]\n\
         rules = { MIG031 = \"off\", MIG046 = \"warning\", non-concurrent-index = \"warning\" }\n\
         deprecations = [{ table = \"users\", column = \"old\", reason = \"moved to profile\" }]\n",
    );
    write(
        d,
        "db/V1__a.sql",
        "ALTER TABLE users DROP COLUMN old;\nALTER TABLE users ADD COLUMN n int DEFAULT 0;\nCREATE INDEX i ON users (n);\nTRUNCATE s CASCADE;\n",
    );
    write(d, "db/legacy/V0__bad.sql", "DROP TABLE everything;\n");
    let (code, json, err) = lint_json(d, &[]);
    assert_eq!(json["checked"], 1, "legacy/ excluded: {err}");
    let f = findings(&json);
    assert!(
        !f.iter().any(|x| x.2 == "MIG001"),
        "deprecated in shipgate.toml: {f:?}"
    );
    assert!(
        f.contains(&("V1__a.sql".into(), 2, "MIG029".into())),
        "PG 10 rewrites for any default: {f:?}"
    );
    assert!(
        f.contains(&("V1__a.sql".into(), 4, "MIG046".into())),
        "opt-in enabled: {f:?}"
    );
    assert!(!f.iter().any(|x| x.2 == "MIG031"), "turned off: {f:?}");
    let idx = json["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["code"] == "MIG016").cloned())
        .expect("MIG016");
    assert_eq!(idx["level"], "warning");
    assert_eq!(code, 1);
    // The same file on PG 15 (flag beats config): a constant default is fine.
    let (_, json, _) = lint_json(d, &["--pg-version", "15"]);
    assert!(!codes(&json).contains(&"MIG029".to_owned()));
    // A typo in the section is an error with its line.
    write(d, "shipgate.toml", "[lint-migrations]\npg_version = 12\n");
    let (code, _, err) = lint_json(d, &[]);
    assert_eq!(code, 2);
    assert!(err.contains(":2:"), "{err}");
}

#[test]
fn naming_patterns_in_config_enable_the_naming_rule() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "shipgate.toml",
        "[lint-migrations]\npaths = [\"db\"]\nnaming = { default = \"^[a-z][a-z0-9_]*$\", index = \"_idx$\" }\n",
    );
    write(
        d,
        "db/V1__a.sql",
        "CREATE TABLE audit.\"Events\" (id bigint PRIMARY KEY, \"userId\" bigint);\nCREATE INDEX events_user ON audit.\"Events\" (\"userId\");\nCREATE INDEX events_id_idx ON audit.\"Events\" (id);\n",
    );
    let (_, json, err) = lint_json(d, &[]);
    let naming: Vec<(u64, String)> = json["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|x| x["code"] == "MIG063")
                .map(|x| {
                    (
                        x["location"]["span"]["start"]["line"].as_u64().unwrap_or(0),
                        x["message"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(naming.len(), 3, "{naming:?} {err}");
    assert!(naming[0].1.contains("table name `Events`"), "{naming:?}");
    assert!(naming[1].1.contains("column name `userId`"), "{naming:?}");
    assert_eq!(naming[2].0, 2, "{naming:?}");
    assert!(naming[2].1.contains("(naming.index)"), "{naming:?}");
    // An explicit level wins over the implicit one; `off` turns it off.
    let (_, json, _) = lint_json(d, &["--rule", "MIG063=off"]);
    assert!(!codes(&json).contains(&"MIG063".to_owned()));
    // A bad pattern is a config error.
    write(
        d,
        "shipgate.toml",
        "[lint-migrations]\npaths = [\"db\"]\nnaming = { index = \"(\" }\n",
    );
    let (code, _, err) = lint_json(d, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("naming pattern for `index`"), "{err}");
}

#[test]
fn transactions_placeholders_and_do_blocks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "0001_x.up.sql",
        "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON ${schema}.users (a);\n\
         DO $$ BEGIN ALTER TABLE {{ index .Options \"Namespace\" }}.users DROP COLUMN b; END $$;\n",
    );
    let (_, json, _) = lint_json(d, &["0001_x.up.sql"]);
    let f = findings(&json);
    assert!(!f.iter().any(|x| x.2 == "MIG021"), "{f:?}");
    assert!(
        f.contains(&("0001_x.up.sql".into(), 3, "MIG001".into())),
        "DROP COLUMN inside DO: {f:?}"
    );
    let (_, json, _) = lint_json(
        d,
        &[
            "0001_x.up.sql",
            "--assume-in-transaction",
            "--var",
            "schema=app",
        ],
    );
    let f = findings(&json);
    assert!(
        f.contains(&("0001_x.up.sql".into(), 2, "MIG021".into())),
        "{f:?}"
    );
    // The substituted statement parses, so no not-fully-analysed note on line 2.
    assert!(
        !f.contains(&("0001_x.up.sql".into(), 2, "MIG038".into())),
        "{f:?}"
    );
}

#[test]
fn text_output_snapshot() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(
        d,
        "V2__rename.sql",
        "SET lock_timeout = '2s';\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE orders ALTER COLUMN note TYPE varchar(20);\n",
    );
    let out = run(shipgate().current_dir(d).args([
        "lint-migrations",
        "V2__rename.sql",
        "--format",
        "text",
    ]));
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

/// Issue 13, items 8 and 9 and 3 from the command line: every file gets its phase
/// in text and JSON (clean ones too), `--pg-version 13.0` is 13, and a dbmate
/// `transaction:false` marker beats `--assume-in-transaction`.
#[test]
fn issue13_every_file_has_a_phase_minor_pg_versions_and_runner_markers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "db/V1__t.sql", "CREATE TABLE t (id bigint, c text);\n");
    write(
        d,
        "db/V2__drop.sql",
        "SET lock_timeout = '1s';\nALTER TABLE t DROP COLUMN c;\n",
    );
    write(
        d,
        "db/V3__idx.sql",
        "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n",
    );
    let (code, json, err) = lint_json(
        d,
        &["db", "--pg-version", "13.0", "--assume-in-transaction"],
    );
    assert_eq!(code, 1, "{err}");
    let files: Vec<(String, String, u64, u64)> = json["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").replace('\\', "/"),
                f["phase"].as_str().unwrap_or("").to_owned(),
                f["statements"].as_u64().unwrap_or(0),
                f["summary"]["errors"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    assert_eq!(
        files,
        vec![
            ("db/V1__t.sql".into(), "expand".into(), 1, 0),
            ("db/V2__drop.sql".into(), "contract".into(), 2, 1),
            ("db/V3__idx.sql".into(), "expand".into(), 1, 0),
        ]
    );
    assert_eq!(
        json["files"][2]["no_transaction_marker"],
        "-- migrate:up transaction:false"
    );
    assert!(!codes(&json).contains(&"MIG021".to_owned()), "{json}");
    let out = run(shipgate().current_dir(d).args([
        "lint-migrations",
        "db",
        "--format",
        "text",
        "--pg-version",
        "13.0",
    ]));
    let text = stdout(&out);
    for line in [
        "db/V1__t.sql: expand, 1 statement, no findings",
        "db/V2__drop.sql: contract, 2 statements, 1 error",
        "db/V3__idx.sql: expand, 1 statement, no findings (no transaction: `-- migrate:up transaction:false`)",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    let out =
        run(shipgate()
            .current_dir(d)
            .args(["lint-migrations", "db", "--pg-version", "13.x"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a PostgreSQL version"),
        "{}",
        stderr(&out)
    );
}

/// Issue 10, hole 3: thousands of statements on one line are linted in memory and
/// time linear in the input. A finding carries a bounded window of its line (with
/// the column the window starts at), never the whole line: with the whole line in
/// every finding, 10,000 statements on one line took 3.5 GB. (The time and memory
/// themselves are measured by `bench/lint-migrations/long-line.sh`, not here.)
#[test]
fn issue10_a_long_one_line_file_is_linted_with_bounded_snippets() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let n = 5_000;
    let mut sql = String::new();
    for i in 0..n {
        sql.push_str(&format!("ALTER TABLE users_{i} DROP COLUMN legacy_flag; "));
    }
    write(d, "V1__one_line.sql", &sql);
    let out = shipgate_e2e::run_within(
        shipgate()
            .current_dir(d)
            .args(["lint-migrations", "--format", "json", "V1__one_line.sql"]),
        std::time::Duration::from_secs(600),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let drops: Vec<&Value> = diags.iter().filter(|d| d["code"] == "MIG001").collect();
    assert_eq!(drops.len(), n);
    for d in diags {
        let text = d["location"]["snippet"]["text"].as_str().unwrap_or("");
        assert!(text.len() <= 240, "snippet of {} bytes", text.len());
    }
    // The last statement: its column is right, and its window shows it.
    let last = drops.last().expect("last");
    let column = last["location"]["span"]["start"]["column"]
        .as_u64()
        .unwrap();
    let want = sql.rfind("ALTER TABLE users_4999").unwrap() as u64 + 1;
    assert_eq!(column, want);
    let snippet = &last["location"]["snippet"];
    let from = snippet["column"].as_u64().expect("a window's column");
    let text = snippet["text"].as_str().unwrap();
    let rel = (column - from) as usize;
    assert!(
        text[rel..].starts_with("ALTER TABLE users_4999 DROP COLUMN"),
        "{text}"
    );
    // The text output marks the cut and underlines the statement inside the window.
    let out = shipgate_e2e::run_within(
        shipgate().current_dir(d).env("NO_COLOR", "1").args([
            "lint-migrations",
            "--format",
            "text",
            "V1__one_line.sql",
        ]),
        std::time::Duration::from_secs(600),
    );
    let text = stdout(&out);
    let block = text
        .split("\n\n")
        .find(|b| b.contains(&format!("V1__one_line.sql:1:{want}")) && b.contains("MIG001"))
        .expect("the last finding");
    let lines: Vec<&str> = block.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.starts_with("1 | …"))
        .expect("cut line");
    // Characters, not bytes: `…` is one character wide and three bytes long.
    let caret = lines[src + 1]
        .chars()
        .position(|c| c == '^')
        .expect("underline");
    let shown: String = lines[src].chars().skip(caret).take(11).collect();
    assert_eq!(shown, "ALTER TABLE", "{block}");
}

/// Issue 10, hole 3: a FIFO among the migrations is skipped with a warning, never
/// opened (opening one for reading waits for a writer forever).
#[cfg(unix)]
#[test]
fn issue10_a_fifo_in_the_migrations_is_skipped_with_a_warning() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "db/V1__t.sql", "CREATE TABLE t (id bigint);\n");
    let fifo = d.join("db/V2__pipe.sql");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for args in [&["db"][..], &["db/V2__pipe.sql", "db/V1__t.sql"]] {
        let out = shipgate_e2e::run_within(
            shipgate()
                .current_dir(d)
                .args(["lint-migrations", "--format", "json"])
                .args(args),
            std::time::Duration::from_secs(120),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["checked"], 1);
        let d0 = &json["diagnostics"][0];
        assert_eq!(d0["code"], "MIG045");
        assert_eq!(d0["level"], "warning");
        assert!(
            d0["message"].as_str().unwrap_or("").contains("FIFO"),
            "{d0}"
        );
    }
}
