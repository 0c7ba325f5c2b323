//! The GitHub Action (`action.yml`) run as a runner would run it
//! (`action_support`): its steps with the `GITHUB_*` files in a temporary
//! directory, on a temporary git repository as the workspace, and against a
//! real broker for `can-i-deploy`. Checks the job summary, the annotations in
//! the log, the SARIF file handed to upload-sarif, the outputs, and which step
//! fails. The `build` step is replaced by the already-built binary (see
//! `action_support`); everything else runs as written.

mod action_support;
mod broker_support;

use action_support::{git, run_action, Context, Outcome};
use shipgate_e2e::{run, shipgate, stderr, workspace_root};
use std::path::Path;

/// A repository whose `main` has one migration and an API document, and
/// whose checked-out branch adds a column rename and removes a response
/// property. `origin/main` points at `main`, as after `actions/checkout` with
/// `fetch-depth: 0`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let diff = workspace_root().join("rules/tests/fixtures/diff/OAS001");
    std::fs::create_dir_all(root.join("db/migrations")).unwrap();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::write(
        root.join("db/migrations/V1__users.sql"),
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    )
    .unwrap();
    std::fs::copy(diff.join("base.yaml"), root.join("api/openapi.yaml")).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    git(root, &["update-ref", "refs/remotes/origin/main", "main"]);
    git(root, &["checkout", "-qb", "feature"]);
    std::fs::write(
        root.join("db/migrations/V2__rename.sql"),
        "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    )
    .unwrap();
    std::fs::copy(diff.join("revision.yaml"), root.join("api/openapi.yaml")).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "feature"]);
    dir
}

fn context(workspace: &Path) -> Context {
    let mut ctx = Context {
        workspace: workspace.to_path_buf(),
        action_path: workspace_root().to_path_buf(),
        ..Context::default()
    };
    ctx.github.insert("base_ref".into(), "main".into());
    ctx
}

fn show(o: &Outcome) -> String {
    format!(
        "failed: {:?}\noutputs: {:#?}\nsummary:\n{}\nlog:\n{}",
        o.failed, o.outputs, o.summary, o.log
    )
}

#[test]
fn lint_migrations_annotates_summarises_uploads_sarif_and_blocks() {
    let ws = workspace();
    let o = run_action(
        &context(ws.path()),
        &[
            ("command", "lint-migrations"),
            ("paths", "db/migrations"),
            ("changed-since", "origin/main"),
            ("sarif", "true"),
        ],
    );
    let all = show(&o);
    // The gate step fails the job with exit 1, after everything else ran.
    assert_eq!(o.failed, Some(("gate".into(), 1)), "{all}");
    assert_eq!(o.outputs["exit-code"], "1", "{all}");
    assert_eq!(o.outputs["blocked"], "true", "{all}");
    assert_eq!(o.outputs["errors"], "1", "{all}");
    assert_eq!(o.outputs["deployable"], "", "{all}");
    // The job summary is the Markdown report.
    assert!(
        o.summary
            .starts_with("### shipgate lint-migrations: ❌ blocked"),
        "{all}"
    );
    assert!(o.summary.contains("`MIG008` renaming-column"), "{all}");
    assert!(o.summary.contains("in 1 file"), "{all}");
    // Annotations in the log, on the new migration only.
    assert!(
        o.log
            .contains("::error file=db/migrations/V2__rename.sql,line=1,col=1"),
        "{all}"
    );
    assert!(!o.log.contains("file=db/migrations/V1__users.sql"), "{all}");
    // The cache is keyed on Cargo.lock's hash.
    let cache = o
        .uses
        .iter()
        .find(|u| u.uses.starts_with("actions/cache@"))
        .expect("a cache step");
    let key = &cache.with["key"];
    let hash = key.strip_prefix("shipgate-Linux-").unwrap_or("");
    assert!(
        hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
    assert!(
        cache.with["path"].contains(&format!("{}/target/", workspace_root().display())),
        "{:?}",
        cache.with
    );
    // upload-sarif would run, with a SARIF file holding the finding.
    let upload = o
        .uses
        .iter()
        .find(|u| u.uses.starts_with("github/codeql-action/upload-sarif@"))
        .expect("an upload-sarif step");
    assert!(upload.would_run, "{upload:?}");
    assert_eq!(upload.with["category"], "shipgate-lint-migrations");
    assert_eq!(upload.with["sarif_file"], o.outputs["sarif-file"]);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&o.outputs["sarif-file"]).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "MIG008");
    // The JSON report is there for later steps.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&o.outputs["report"]).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn fail_false_reports_without_failing_and_sarif_is_off_by_default() {
    let ws = workspace();
    let o = run_action(
        &context(ws.path()),
        &[
            ("command", "lint-migrations"),
            ("paths", "db/migrations"),
            ("changed-since", "origin/main"),
            ("fail", "false"),
            ("annotations", "false"),
        ],
    );
    let all = show(&o);
    assert_eq!(o.failed, None, "{all}");
    assert_eq!(o.outputs["blocked"], "true", "{all}");
    assert!(!o.log.contains("::error file="), "{all}");
    assert!(o.log.contains("the gate blocks (not failing"), "{all}");
    let upload = o
        .uses
        .iter()
        .find(|u| u.uses.starts_with("github/codeql-action/upload-sarif@"))
        .unwrap();
    assert!(!upload.would_run);
}

#[test]
fn a_clean_lint_passes() {
    let ws = workspace();
    // Only the migration main already has: nothing new to report.
    std::fs::remove_file(ws.path().join("db/migrations/V2__rename.sql")).unwrap();
    let o = run_action(
        &context(ws.path()),
        &[
            ("command", "lint-migrations"),
            ("paths", "db/migrations"),
            ("changed-since", "origin/main"),
        ],
    );
    let all = show(&o);
    assert_eq!(o.failed, None, "{all}");
    assert_eq!(o.outputs["exit-code"], "0", "{all}");
    assert_eq!(o.outputs["blocked"], "false", "{all}");
    assert_eq!(o.outputs["errors"], "0", "{all}");
    assert!(
        o.summary
            .starts_with("### shipgate lint-migrations: ✅ passed"),
        "{all}"
    );
    assert!(o.log.contains("shipgate: passed"), "{all}");
}

#[test]
fn diff_against_the_base_branch() {
    let ws = workspace();
    let o = run_action(
        &context(ws.path()),
        &[
            ("command", "diff"),
            ("base", "origin/main:api/openapi.yaml"),
            ("revision", "api/openapi.yaml"),
        ],
    );
    let all = show(&o);
    assert_eq!(o.failed, Some(("gate".into(), 1)), "{all}");
    assert_eq!(o.outputs["blocked"], "true", "{all}");
    assert!(
        o.summary.starts_with("### shipgate diff: ❌ blocked"),
        "{all}"
    );
    assert!(o.summary.contains("`OAS001`"), "{all}");
    assert!(o.log.contains("::error file=api/openapi.yaml"), "{all}");
}

#[test]
fn working_directory_and_extra_args() {
    let ws = workspace();
    let o = run_action(
        &context(ws.path()),
        &[
            ("command", "lint-migrations"),
            ("working-directory", "db"),
            ("paths", "migrations/V2__rename.sql"),
            ("args", "--pg-version 16"),
            ("fail-on", "warning"),
        ],
    );
    let all = show(&o);
    assert_eq!(o.outputs["exit-code"], "1", "{all}");
    assert!(
        o.log
            .contains("::error file=migrations/V2__rename.sql,line=1"),
        "{all}"
    );
}

#[test]
fn bad_inputs_fail_with_exit_2_and_say_why() {
    let ws = workspace();
    let o = run_action(&context(ws.path()), &[("command", "lint-migration")]);
    let all = show(&o);
    assert_eq!(o.failed, Some(("gate".into(), 2)), "{all}");
    assert_eq!(o.outputs["exit-code"], "2", "{all}");
    assert!(
        o.log
            .contains("::error title=shipgate::unknown command 'lint-migration'"),
        "{all}"
    );
    // A path that does not exist: shipgate's own exit 2, named in the log.
    let o = run_action(
        &context(ws.path()),
        &[("command", "lint-migrations"), ("paths", "no/such/dir")],
    );
    let all = show(&o);
    assert_eq!(o.failed, Some(("gate".into(), 2)), "{all}");
    assert!(o.log.contains("no/such/dir"), "{all}");
}

#[test]
fn can_i_deploy_against_a_real_broker() {
    let broker = broker_support::Broker::sqlite(&[]);
    let ws = workspace();
    let pacts = ws.path().join("pacts");
    std::fs::create_dir_all(&pacts).unwrap();
    std::fs::copy(
        workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json"),
        pacts.join("checkout-ui-users.json"),
    )
    .unwrap();
    let sg = |args: &[&str]| {
        let out = run(shipgate()
            .args(args)
            .args(["--broker-url", &broker.url])
            .current_dir(ws.path()));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    sg(&["publish", "pacts", "--consumer-app-version", "1.0.0"]);
    sg(&["environment", "create", "--name", "production"]);
    sg(&[
        "create-version",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
    ]);
    let mut ctx = context(ws.path());
    ctx.env
        .insert("PACT_BROKER_BASE_URL".into(), broker.url.clone());

    let consumer_inputs = [
        ("command", "can-i-deploy"),
        ("pacticipant", "checkout-ui"),
        ("version", "1.0.0"),
        ("to-environment", "production"),
    ];
    // The consumer, before its provider is in production: unknown, which blocks.
    let o = run_action(&ctx, &consumer_inputs);
    let all = show(&o);
    assert_eq!(o.failed, Some(("gate".into(), 1)), "{all}");
    assert_eq!(o.outputs["deployable"], "unknown", "{all}");
    assert_eq!(o.outputs["blocked"], "true", "{all}");
    assert!(o.summary.contains("❌ cannot deploy"), "{all}");
    assert!(
        o.log.contains("::error title=shipgate can-i-deploy::"),
        "{all}"
    );

    // The provider, with the broker given as an input instead of the
    // environment: nothing in production depends on it yet, so yes.
    let broker_env = std::mem::take(&mut ctx.env);
    let o = run_action(
        &ctx,
        &[
            ("command", "can-i-deploy"),
            ("pacticipant", "users"),
            ("version", "2.0.0"),
            ("to-environment", "production"),
            ("broker-url", &broker.url),
        ],
    );
    let all = show(&o);
    assert_eq!(o.failed, None, "{all}");
    assert_eq!(o.outputs["deployable"], "true", "{all}");
    assert_eq!(o.outputs["exit-code"], "0", "{all}");
    assert!(o.summary.contains("✅ can deploy"), "{all}");

    // The provider is deployed and failed the consumer's pact: no.
    sg(&[
        "record-deployment",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
        "--environment",
        "production",
    ]);
    let pact = broker_support::get(&format!(
        "{}/pacts/provider/users/consumer/checkout-ui/version/1.0.0",
        broker.url
    ));
    let href = pact.body["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .expect("a verification results link")
        .to_string();
    let r = broker_support::post(
        &href,
        &serde_json::json!({"success": false, "providerApplicationVersion": "2.0.0"}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    ctx.env = broker_env;
    let o = run_action(&ctx, &consumer_inputs);
    let all = show(&o);
    assert_eq!(o.failed, Some(("gate".into(), 1)), "{all}");
    assert_eq!(o.outputs["deployable"], "false", "{all}");
    assert!(o.summary.contains("❌ cannot deploy"), "{all}");
    assert!(
        o.log.contains("::error title=shipgate can-i-deploy::"),
        "{all}"
    );
}

/// How a job of a README workflow ended.
#[derive(Debug)]
struct Job {
    /// `(step index, exit code)` of the failing step.
    failed: Option<(usize, i32)>,
    log: String,
}

/// Run one job of a workflow: `actions/checkout` is the prepared workspace,
/// `YOUR-ORG/shipgate@…` is this repository's Action, `run:` steps run in bash
/// with the `PATH` the Action set. Anything else is not emulated and fails.
fn run_job(
    ws: &Path,
    workflow: &serde_json::Value,
    job: &serde_json::Value,
    refs: &std::collections::BTreeMap<String, String>,
) -> Job {
    let mut env = std::collections::BTreeMap::new();
    for scope in [&workflow["env"], &job["env"]] {
        for (k, v) in scope.as_object().into_iter().flatten() {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            env.insert(k.clone(), action_support::substitute_refs(&v, refs));
        }
    }
    let mut ctx = context(ws);
    ctx.github.insert("sha".into(), refs["github.sha"].clone());
    ctx.env = env.clone();
    let mut path: Vec<std::path::PathBuf> = Vec::new();
    let mut log = String::new();
    for (i, step) in job["steps"].as_array().unwrap().iter().enumerate() {
        assert!(step.get("if").is_none(), "step {i}: `if:` is not emulated");
        if let Some(uses) = step["uses"].as_str() {
            if uses.starts_with("actions/checkout@") {
                continue;
            }
            assert!(
                uses.starts_with("YOUR-ORG/shipgate@"),
                "step {i}: `{uses}` is not emulated"
            );
            let with: Vec<(String, String)> = step["with"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.clone(), action_support::substitute_refs(&v, refs))
                })
                .collect();
            let inputs: Vec<(&str, &str)> =
                with.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let o = run_action(&ctx, &inputs);
            log.push_str(&o.log);
            path.splice(0..0, o.path.iter().cloned());
            if let Some((_, code)) = o.failed {
                return Job {
                    failed: Some((i, code)),
                    log,
                };
            }
            continue;
        }
        let script = action_support::substitute_refs(step["run"].as_str().unwrap(), refs);
        let mut search = path.clone();
        search.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let out = std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(ws)
            .envs(&env)
            .env("PATH", std::env::join_paths(search).unwrap())
            .output()
            .unwrap();
        log.push_str(&String::from_utf8_lossy(&out.stdout));
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            return Job {
                failed: Some((i, out.status.code().unwrap_or(-1))),
                log,
            };
        }
    }
    Job { failed: None, log }
}

/// Every workflow in README.md that uses the Action runs as written: pull
/// request jobs block on the feature branch (a column rename, a removed
/// response property) and pass on a clean one; the deploy job asks a real
/// broker, deploys and records the deployment.
#[test]
fn readme_workflows_run_as_written() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(yaml, _)| yaml))
        .filter(|yaml| yaml.contains("uses: YOUR-ORG/shipgate@"))
        .collect();
    assert!(blocks.len() >= 4, "{} workflows found", blocks.len());
    let broker = broker_support::Broker::sqlite(&[]);
    let mut deploys = 0;
    for block in blocks {
        let workflow: serde_json::Value = serde_yaml_ng::from_str(block)
            .unwrap_or_else(|e| panic!("README workflow is not YAML ({e}):\n{block}"));
        for (name, job) in workflow["jobs"].as_object().unwrap() {
            let blocking = workspace();
            let sha = git(blocking.path(), &["rev-parse", "HEAD"])
                .trim()
                .to_string();
            let refs: std::collections::BTreeMap<String, String> = [
                ("github.base_ref", "main"),
                ("github.sha", sha.as_str()),
                ("vars.PACT_BROKER_BASE_URL", broker.url.as_str()),
                ("secrets.PACT_BROKER_TOKEN", ""),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            if block.contains("command: can-i-deploy") {
                deploys += 1;
                deploy_job(blocking.path(), &broker, &workflow, job, &refs);
                continue;
            }
            let job_run = run_job(blocking.path(), &workflow, job, &refs);
            assert!(
                matches!(job_run.failed, Some((_, 1))),
                "job {name} should block on the feature branch: {job_run:#?}"
            );
            let clean = workspace();
            git(clean.path(), &["checkout", "-q", "main"]);
            let job_run = run_job(clean.path(), &workflow, job, &refs);
            assert_eq!(job_run.failed, None, "job {name}: {}", job_run.log);
        }
    }
    assert_eq!(deploys, 1);
}

fn deploy_job(
    ws: &Path,
    broker: &broker_support::Broker,
    workflow: &serde_json::Value,
    job: &serde_json::Value,
    refs: &std::collections::BTreeMap<String, String>,
) {
    let sha = &refs["github.sha"];
    std::fs::write(
        ws.join("deploy.sh"),
        "#!/bin/sh\necho \"deployed to $1\" > deployed.txt\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(ws.join("deploy.sh"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(ws.join("deploy.sh"), perms).unwrap();
    for args in [
        vec!["environment", "create", "--name", "production"],
        vec![
            "create-version",
            "--pacticipant",
            "orders",
            "--version",
            sha,
        ],
    ] {
        let out = run(shipgate().args(&args).args(["--broker-url", &broker.url]));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let job_run = run_job(ws, workflow, job, refs);
    assert_eq!(job_run.failed, None, "{}", job_run.log);
    assert_eq!(
        std::fs::read_to_string(ws.join("deployed.txt")).unwrap(),
        "deployed to production\n"
    );
    let envs = broker_support::get(&format!("{}/environments?name=production", broker.url));
    let uuid = envs.body["_embedded"]["environments"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let deployed = broker_support::get(&format!(
        "{}/environments/{uuid}/deployed-versions/currently-deployed",
        broker.url
    ));
    assert!(
        deployed.text.contains(sha.as_str()) && deployed.text.contains("orders"),
        "{}",
        deployed.text
    );
}
