//! The GitLab CI template (`ci/gitlab/shipgate.gitlab-ci.yml`), included by the
//! `.gitlab-ci.yml` shown in the README, run as a GitLab runner would run it:
//! the include and `extends:` merged, variables expanded with GitLab's
//! precedence (predefined, then the file's, then the job's, then the
//! project's CI/CD variables), `rules: if:` deciding which jobs a pipeline
//! has, and `before_script` + `script` run in one bash with `set -eo pipefail`
//! in a clone of a real upstream repository. The merge request job's Code
//! Quality reports are validated against the GitLab schema; the deploy job
//! asks a real broker, deploys and records.
//!
//! Not emulated: `image:` (shipgate is put on PATH instead of being built by
//! the `cargo install` line, which would be a release build per test), the
//! cache, and the upload of artifacts (the test reads the files the job left).

mod action_support;
mod broker_support;

use action_support::git;
use serde_json::{Map, Value};
use shipgate_e2e::{run, shipgate, shipgate_bin, stderr, workspace_root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Keys of a `.gitlab-ci.yml` that are not jobs.
const RESERVED: [&str; 11] = [
    "stages",
    "variables",
    "include",
    "default",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
];

/// `over` merged into `base`, mappings deeply, as GitLab merges an include
/// and `extends:` (anything else is replaced).
fn deep_merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// The user's `.gitlab-ci.yml` with its `include: project:` of the template
/// resolved to this checkout's file.
fn pipeline_config(user: &str) -> Value {
    let user: Value = serde_yaml_ng::from_str(user).expect("the .gitlab-ci.yml is YAML");
    let mut config = Value::Object(Map::new());
    for inc in user["include"].as_array().expect("an include list") {
        let file = inc["file"].as_str().expect("include: file");
        assert!(inc["project"].is_string(), "{inc}");
        let text = std::fs::read_to_string(workspace_root().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let included: Value = serde_yaml_ng::from_str(&text).expect("template is YAML");
        deep_merge(&mut config, &included);
    }
    let mut rest = user.clone();
    rest.as_object_mut().unwrap().remove("include");
    deep_merge(&mut config, &rest);
    config
}

/// `$NAME` and `${NAME}` in `text`, from `vars` (unknown names become empty, as in GitLab).
fn expand(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = &text[i + 1..];
        let (name, skip) = if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            (&inner[..end], end + 2)
        } else {
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], end)
        };
        if name.is_empty() {
            out.push('$');
            continue;
        }
        out.push_str(vars.get(name).map_or("", String::as_str));
        for _ in 0..skip {
            chars.next();
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// One `rules: - if:` expression: `$A == "x"`, `$A == $B`, `!=`.
fn rule_matches(expr: &str, vars: &BTreeMap<String, String>) -> bool {
    let (l, op, r) = if let Some((l, r)) = expr.split_once("==") {
        (l, "==", r)
    } else if let Some((l, r)) = expr.split_once("!=") {
        (l, "!=", r)
    } else {
        panic!("rule `{expr}` is not emulated")
    };
    let side = |s: &str| {
        let s = s.trim();
        if let Some(lit) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            lit.to_string()
        } else {
            assert!(s.starts_with('$'), "rule operand `{s}` is not emulated");
            vars.get(&s[1..]).cloned().unwrap_or_default()
        }
    };
    (side(l) == side(r)) == (op == "==")
}

/// A pipeline: which jobs it has and how each ended.
struct Pipeline {
    jobs: BTreeMap<String, JobRun>,
}

#[derive(Debug)]
struct JobRun {
    code: i32,
    log: String,
    job: Value,
}

/// Run every job of `config` whose rules match, in stage order, in `work`.
fn run_pipeline(
    config: &Value,
    work: &Path,
    predefined: &BTreeMap<String, String>,
    project_vars: &BTreeMap<String, String>,
    path: &[PathBuf],
) -> Pipeline {
    let top = config.as_object().unwrap();
    let stages: Vec<String> = top["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(scalar)
        .collect();
    let mut jobs: Vec<(usize, String, Value)> = Vec::new();
    for (name, body) in top {
        if RESERVED.contains(&name.as_str()) || name.starts_with('.') {
            continue;
        }
        let mut job = Value::Object(Map::new());
        if let Some(parent) = body["extends"].as_str() {
            deep_merge(&mut job, &top[parent]);
        }
        deep_merge(&mut job, body);
        let stage = job["stage"].as_str().unwrap_or("test");
        let index = stages
            .iter()
            .position(|s| s == stage)
            .unwrap_or_else(|| panic!("job {name}: stage {stage} is not in stages"));
        jobs.push((index, name.clone(), job));
    }
    jobs.sort_by_key(|(i, _, _)| *i);
    let mut out = Pipeline {
        jobs: BTreeMap::new(),
    };
    for (_, name, job) in jobs {
        // Variables: predefined, the file's, the job's, then the project's.
        let mut vars = predefined.clone();
        for scope in [&top["variables"], &job["variables"]] {
            for (k, v) in scope.as_object().into_iter().flatten() {
                let value = expand(&scalar(v), &vars);
                vars.insert(k.clone(), value);
            }
        }
        vars.extend(project_vars.clone());
        let included = match job["rules"].as_array() {
            None => true,
            Some(rules) => rules.iter().any(|r| {
                r["if"]
                    .as_str()
                    .is_none_or(|expr| rule_matches(expr, &vars))
            }),
        };
        if !included {
            continue;
        }
        let mut script = String::from("set -eo pipefail\n");
        for key in ["before_script", "script"] {
            for line in job[key].as_array().into_iter().flatten() {
                script.push_str(line.as_str().expect("script lines are strings"));
                script.push('\n');
            }
        }
        let mut search = path.to_vec();
        search.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let mut cmd = Command::new("bash");
        for (key, _) in std::env::vars() {
            if key.starts_with("SHIPGATE_") || key.starts_with("PACT_BROKER_") {
                cmd.env_remove(key);
            }
        }
        let result = cmd
            .args(["--noprofile", "--norc", "-c", &script])
            .current_dir(work)
            .envs(&vars)
            .env("PATH", std::env::join_paths(search).unwrap())
            .output()
            .expect("bash");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        out.jobs.insert(
            name,
            JobRun {
                code: result.status.code().unwrap_or(-1),
                log,
                job,
            },
        );
    }
    out
}

/// An upstream repository with one migration and an API document on `main`,
/// and a clone of it; `feature` (checked out) renames a column and removes a
/// response property.
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
    std::fs::write(
        upstream.join("deploy.sh"),
        "#!/bin/sh\necho \"deployed to $1\" > deployed.txt\n",
    )
    .unwrap();
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["update-index", "--chmod=+x", "deploy.sh"]);
    git(&upstream, &["commit", "-qm", "base"]);
    git(
        dir.path(),
        &["clone", "-q", upstream.to_str().unwrap(), "work"],
    );
    let work = dir.path().join("work");
    git(&work, &["checkout", "-qb", "feature"]);
    std::fs::write(
        work.join("db/migrations/V2__rename.sql"),
        "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    )
    .unwrap();
    std::fs::copy(diff.join("revision.yaml"), work.join("api/openapi.yaml")).unwrap();
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "feature"]);
    (dir, work)
}

/// The README's `.gitlab-ci.yml`.
fn readme_config() -> String {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(yaml, _)| yaml.to_string()))
        .find(|yaml| yaml.starts_with("# .gitlab-ci.yml"))
        .expect("README shows a .gitlab-ci.yml")
}

fn predefined(work: &Path, source: &str, branch: &str) -> BTreeMap<String, String> {
    let sha = git(work, &["rev-parse", "HEAD"]).trim().to_string();
    let mut v: BTreeMap<String, String> = [
        ("CI", "true"),
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_SOURCE", source),
        ("CI_DEFAULT_BRANCH", "main"),
        ("CI_PROJECT_NAME", "orders"),
        ("CI_SERVER_URL", "https://gitlab.com"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    v.insert("CI_PROJECT_DIR".into(), work.display().to_string());
    v.insert("CI_COMMIT_SHA".into(), sha);
    if source == "merge_request_event" {
        v.insert("CI_MERGE_REQUEST_TARGET_BRANCH_NAME".into(), "main".into());
        v.insert(
            "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME".into(),
            branch.to_string(),
        );
    } else {
        v.insert("CI_COMMIT_BRANCH".into(), branch.to_string());
    }
    v
}

fn shipgate_path() -> Vec<PathBuf> {
    vec![shipgate_bin().parent().unwrap().to_path_buf()]
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        workspace_root().join("cli/tests/fixtures/gitlab-code-quality.schema.json"),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// The Code Quality reports a job declares, read and validated.
fn reports(work: &Path, run: &JobRun) -> Vec<Value> {
    let files = run.job["artifacts"]["reports"]["codequality"]
        .as_array()
        .expect("codequality reports");
    assert_eq!(run.job["artifacts"]["when"], "always");
    let v = validator();
    files
        .iter()
        .map(|f| {
            let path = work.join(f.as_str().unwrap());
            let doc: Value = serde_json::from_str(
                &std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), run.log)),
            )
            .unwrap();
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            doc
        })
        .collect()
}

#[test]
fn merge_request_pipeline_reports_code_quality_and_blocks() {
    let (_dir, work) = project();
    let config = pipeline_config(&readme_config());
    let p = run_pipeline(
        &config,
        &work,
        &predefined(&work, "merge_request_event", "feature"),
        &BTreeMap::new(),
        &shipgate_path(),
    );
    assert_eq!(
        p.jobs.keys().collect::<Vec<_>>(),
        ["shipgate:merge-request"],
        "only the merge request job is in a merge request pipeline"
    );
    let mr = &p.jobs["shipgate:merge-request"];
    assert_eq!(mr.code, 1, "{}", mr.log);
    // The log has the text report of both checks.
    assert!(
        mr.log.contains("error[MIG008] renaming-column"),
        "{}",
        mr.log
    );
    assert!(mr.log.contains("error[OAS001]"), "{}", mr.log);
    let reports = reports(&work, mr);
    assert_eq!(reports.len(), 2);
    let migrations = reports[0].as_array().unwrap();
    assert!(
        migrations.iter().any(|i| i["check_name"] == "MIG008"
            && i["location"]["path"] == "db/migrations/V2__rename.sql"),
        "{migrations:#?}"
    );
    assert!(
        !migrations
            .iter()
            .any(|i| i["location"]["path"] == "db/migrations/V1__users.sql"),
        "the migration main already has is not reported"
    );
    let openapi = reports[1].as_array().unwrap();
    assert!(
        openapi.iter().any(|i| i["check_name"] == "OAS001"),
        "{openapi:#?}"
    );
}

#[test]
fn merge_request_pipeline_passes_when_nothing_breaks() {
    let (_dir, work) = project();
    git(&work, &["checkout", "-q", "main"]);
    git(&work, &["checkout", "-qb", "docs"]);
    std::fs::write(work.join("NOTES.md"), "notes\n").unwrap();
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "docs"]);
    let config = pipeline_config(&readme_config());
    let p = run_pipeline(
        &config,
        &work,
        &predefined(&work, "merge_request_event", "docs"),
        &BTreeMap::new(),
        &shipgate_path(),
    );
    let mr = &p.jobs["shipgate:merge-request"];
    assert_eq!(mr.code, 0, "{}", mr.log);
    for report in reports(&work, mr) {
        assert_eq!(report, serde_json::json!([]));
    }
    // An empty variable skips that check.
    let mut vars = BTreeMap::new();
    vars.insert("SHIPGATE_OPENAPI".to_string(), String::new());
    let (_dir2, work2) = project();
    let p = run_pipeline(
        &config,
        &work2,
        &predefined(&work2, "merge_request_event", "feature"),
        &vars,
        &shipgate_path(),
    );
    let mr = &p.jobs["shipgate:merge-request"];
    assert_eq!(mr.code, 1, "{}", mr.log);
    assert!(!mr.log.contains("OAS001"), "{}", mr.log);
    assert_eq!(reports(&work2, mr)[1], serde_json::json!([]));
}

#[test]
fn without_shipgate_or_its_url_the_job_says_what_to_set() {
    let (_dir, work) = project();
    let readme = readme_config();
    let url_line = "SHIPGATE_REPO_URL: $CI_SERVER_URL/YOUR-GROUP/shipgate.git";
    assert!(readme.contains(url_line), "{readme}");
    let config = pipeline_config(&readme.replace(url_line, "SHIPGATE_REPO_URL: \"\""));
    // PATH without shipgate (and CARGO_HOME's bin is empty).
    let p = run_pipeline(
        &config,
        &work,
        &predefined(&work, "merge_request_event", "feature"),
        &BTreeMap::new(),
        &[],
    );
    let mr = &p.jobs["shipgate:merge-request"];
    assert_eq!(mr.code, 2, "{}", mr.log);
    assert!(
        mr.log.contains("set SHIPGATE_REPO_URL to the Git URL"),
        "{}",
        mr.log
    );
}

#[test]
fn default_branch_pipeline_deploys_through_the_gate() {
    let broker = broker_support::Broker::sqlite(&[]);
    let (_dir, work) = project();
    git(&work, &["checkout", "-q", "main"]);
    let sha = git(&work, &["rev-parse", "HEAD"]).trim().to_string();
    for args in [
        vec!["environment", "create", "--name", "production"],
        vec![
            "create-version",
            "--pacticipant",
            "orders",
            "--version",
            &sha,
        ],
    ] {
        let out = run(shipgate().args(&args).args(["--broker-url", &broker.url]));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let mut project_vars = BTreeMap::new();
    project_vars.insert("PACT_BROKER_BASE_URL".to_string(), broker.url.clone());
    let config = pipeline_config(&readme_config());
    let p = run_pipeline(
        &config,
        &work,
        &predefined(&work, "push", "main"),
        &project_vars,
        &shipgate_path(),
    );
    assert_eq!(p.jobs.keys().collect::<Vec<_>>(), ["shipgate:deploy"]);
    let deploy = &p.jobs["shipgate:deploy"];
    assert_eq!(deploy.code, 0, "{}", deploy.log);
    assert!(deploy.log.contains("Computer says yes"), "{}", deploy.log);
    assert_eq!(
        std::fs::read_to_string(work.join("deployed.txt")).unwrap(),
        "deployed to production\n"
    );
    assert_eq!(deploy.job["environment"]["name"], "$SHIPGATE_ENVIRONMENT");

    // A consumer of orders that the broker has no verification for: the gate
    // says no, and neither the deploy nor the record happens.
    std::fs::remove_file(work.join("deployed.txt")).unwrap();
    let pacts = work.join("pacts");
    std::fs::create_dir_all(&pacts).unwrap();
    let pact = serde_json::json!({
        "consumer": {"name": "checkout-ui"},
        "provider": {"name": "orders"},
        "interactions": [{"description": "an order", "request": {"method": "GET", "path": "/orders/1"},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    std::fs::write(pacts.join("checkout-ui-orders.json"), pact.to_string()).unwrap();
    for args in [
        vec!["publish", "pacts", "--consumer-app-version", "7"],
        vec![
            "record-deployment",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "7",
            "--environment",
            "production",
        ],
    ] {
        let out = run(shipgate()
            .args(&args)
            .args(["--broker-url", &broker.url])
            .current_dir(&work));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let p = run_pipeline(
        &config,
        &work,
        &predefined(&work, "push", "main"),
        &project_vars,
        &shipgate_path(),
    );
    let deploy = &p.jobs["shipgate:deploy"];
    assert_eq!(deploy.code, 1, "{}", deploy.log);
    assert!(deploy.log.contains("Computer says no"), "{}", deploy.log);
    assert!(!work.join("deployed.txt").exists());
}
