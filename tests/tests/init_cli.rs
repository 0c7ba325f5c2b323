//! `shipgate init` on temporary repositories, one per migration layout:
//! what it detects, the `shipgate.toml` it writes (which the real binary then
//! loads and lints with), the workflow it writes (YAML that renders Alembic
//! and Django migrations as SQL before linting), and that it never
//! overwrites a file without `--force`.

use serde_json::Value;
use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const API: &str = "openapi: 3.0.3\ninfo: {title: orders, version: '1'}\npaths: {}\n";

/// (layout name as printed, files of a repository using it, lint path expected)
type Layout = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

fn layouts() -> Vec<Layout> {
    let t = "CREATE TABLE t (id bigint PRIMARY KEY);\n";
    vec![
        (
            "Flyway",
            vec![
                ("src/main/resources/db/migration/V1__init.sql", t),
                ("src/main/resources/db/migration/V2__more.sql", t),
            ],
            "src/main/resources/db/migration",
        ),
        (
            "golang-migrate",
            vec![
                ("db/migrations/000001_init.up.sql", t),
                ("db/migrations/000001_init.down.sql", "DROP TABLE t;\n"),
            ],
            "db/migrations",
        ),
        (
            "dbmate",
            vec![(
                "db/migrations/20240101120000_init.sql",
                "-- migrate:up\nCREATE TABLE t (id bigint);\n-- migrate:down\nDROP TABLE t;\n",
            )],
            "db/migrations",
        ),
        (
            "sqlx",
            vec![
                ("migrations/20240101120000_init.sql", t),
                ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ],
            "migrations",
        ),
        (
            "diesel",
            vec![
                ("migrations/2024-01-01-120000_init/up.sql", t),
                (
                    "migrations/2024-01-01-120000_init/down.sql",
                    "DROP TABLE t;\n",
                ),
            ],
            "migrations",
        ),
    ]
}

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    run(shipgate().arg("init").args(args).current_dir(dir))
}

#[test]
fn each_sql_layout_is_detected_and_its_config_lints() {
    for (name, files, path) in layouts() {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in &files {
            write(dir.path(), rel, text);
        }
        write(dir.path(), "api/openapi.yaml", API);
        let out = init(dir.path(), &["--ci", "github"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("migrations: {path} ({name})")),
            "{name}: {err}"
        );
        assert!(err.contains("OpenAPI: api/openapi.yaml"), "{err}");
        assert!(stdout(&out).contains("wrote shipgate.toml"));
        let config = std::fs::read_to_string(dir.path().join("shipgate.toml")).unwrap();
        assert!(
            config.contains(&format!("paths = [\"{path}\"]")),
            "{name}:\n{config}"
        );
        assert_eq!(
            config.contains("\nassume-in-transaction = true"),
            name != "golang-migrate",
            "{name}:\n{config}"
        );
        // The real binary reads the written config: no path given, it lints the detected one.
        let lint = run(shipgate()
            .args(["lint-migrations", "--format", "json"])
            .current_dir(dir.path()));
        assert_eq!(
            lint.status.code(),
            Some(0),
            "{name}: {}{}",
            stdout(&lint),
            stderr(&lint)
        );
        let report: Value = serde_json::from_str(&stdout(&lint)).unwrap();
        assert!(report["checked"].as_u64().unwrap() >= 1, "{name}: {report}");
        // The workflow: the Action on the detected directory and document.
        let wf =
            std::fs::read_to_string(dir.path().join(".github/workflows/shipgate.yml")).unwrap();
        let yaml: Value = serde_yaml_ng::from_str(&wf).unwrap();
        let steps = yaml["jobs"]["gate"]["steps"].as_array().unwrap();
        let lint_step = steps
            .iter()
            .find(|s| s["with"]["command"] == "lint-migrations")
            .unwrap();
        assert_eq!(lint_step["with"]["paths"], path);
        assert_eq!(
            lint_step["with"]["changed-since"],
            "origin/${{ github.base_ref }}..."
        );
        let diff_step = steps
            .iter()
            .find(|s| s["with"]["command"] == "diff")
            .unwrap();
        assert_eq!(
            diff_step["with"]["base"],
            "origin/${{ github.base_ref }}...:api/openapi.yaml"
        );
    }
}

#[test]
fn alembic_and_django_render_sql_before_linting() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = alembic\n",
    );
    write(root, "alembic/env.py", "");
    write(
        root,
        "alembic/versions/1a2b_init.py",
        "revision = '1a2b'\ndown_revision = None\n",
    );
    write(root, "web/manage.py", "");
    write(root, "web/shop/migrations/0001_initial.py", "");
    let out = init(root, &["--ci", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("migrations: . (Alembic)"), "{err}");
    assert!(err.contains("migrations: web (Django)"), "{err}");
    assert!(err.contains("no OpenAPI document found"), "{err}");
    let config = std::fs::read_to_string(root.join("shipgate.toml")).unwrap();
    assert!(
        config.contains("paths = [\"build/shipgate-sql\"]"),
        "{config}"
    );
    assert!(
        config.contains("\nassume-in-transaction = true"),
        "{config}"
    );
    let wf = std::fs::read_to_string(root.join(".github/workflows/shipgate.yml")).unwrap();
    let yaml: Value = serde_yaml_ng::from_str(&wf).unwrap();
    let steps = yaml["jobs"]["gate"]["steps"].as_array().unwrap();
    let render = steps
        .iter()
        .find(|s| s["name"] == "Render the new migrations as SQL")
        .expect("a render step");
    let script = render["run"].as_str().unwrap();
    assert!(
        script.contains("alembic upgrade \"${from:-base}:head\" --sql"),
        "{script}"
    );
    assert!(
        script.contains("python web/manage.py sqlmigrate"),
        "{script}"
    );
    let lint = steps
        .iter()
        .find(|s| s["with"]["command"] == "lint-migrations")
        .unwrap();
    assert_eq!(lint["with"]["paths"], "build/shipgate-sql");
    assert_eq!(lint["with"]["assume-in-transaction"], true);
    // The render step runs before the lint.
    let pos = |needle: &Value| steps.iter().position(|s| s == needle).unwrap();
    assert!(pos(render) < pos(lint));
    // The render script is valid shell.
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", script])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // GitLab: the same rendering in the merge request job, and Code Quality reports.
    let out = init(root, &["--ci", "gitlab"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "shipgate.toml exists: {}",
        stderr(&out)
    );
    assert!(
        !root.join(".gitlab-ci.yml").exists(),
        "a refused run writes nothing"
    );
    let out = init(root, &["--ci", "gitlab", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let gl: Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(root.join(".gitlab-ci.yml")).unwrap())
            .unwrap();
    let script: Vec<&str> = gl["shipgate"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let joined = script.join("\n");
    assert!(joined.contains("alembic upgrade"), "{joined}");
    assert!(joined.contains("manage.py sqlmigrate"), "{joined}");
    assert!(
        joined.contains(
            "shipgate lint-migrations build/shipgate-sql --assume-in-transaction --format gitlab"
        ),
        "{joined}"
    );
    assert_eq!(
        gl["shipgate"]["artifacts"]["reports"]["codequality"][0],
        "gl-code-quality-1.json"
    );
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &joined])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "db/migrations/V1__init.sql",
        "CREATE TABLE t (id int);\n",
    );
    write(root, ".github/workflows/shipgate.yml", "# mine\n");
    let out = init(root, &["--ci", "github"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".github/workflows/shipgate.yml already exists; nothing was written (pass --force to overwrite)"), "{}", stderr(&out));
    assert!(
        !root.join("shipgate.toml").exists(),
        "nothing is written when one file would be overwritten"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".github/workflows/shipgate.yml")).unwrap(),
        "# mine\n"
    );
    // Without --ci, only shipgate.toml is written; a second run refuses.
    let out = init(root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(root.join("shipgate.toml"), "# edited\n").unwrap();
    let out = init(root, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(root.join("shipgate.toml")).unwrap(),
        "# edited\n"
    );
    let out = init(root, &["--force", "--ci", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(root.join("shipgate.toml"))
        .unwrap()
        .contains("(Flyway)"));
    assert!(
        std::fs::read_to_string(root.join(".github/workflows/shipgate.yml"))
            .unwrap()
            .contains("command: lint-migrations")
    );
    // Nothing to find: a config that says so, still valid.
    let empty = tempfile::tempdir().unwrap();
    let out = init(empty.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("no migrations found"));
    let rules = run(shipgate()
        .args(["rules", "MIG001"])
        .current_dir(empty.path()));
    assert_eq!(rules.status.code(), Some(0), "{}", stderr(&rules));
}
