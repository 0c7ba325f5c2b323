//! `shipgate gitops check` and `shipgate gitops record` on a real git
//! repository of manifests with a history (a copy of examples/gitops/manifests),
//! against a real broker: a pull request that changes one of two services that
//! depend on each other is blocked, the same change together with the other
//! service is judged as one deployment and allowed; `record` makes the broker
//! match the manifests, changes nothing the second time, undeploys removed
//! services, and refuses (changing nothing) on manifests it cannot read. The
//! README's GitOps commands run as written.
//!
//! See: issue 14, item 8.

mod broker_support;

use broker_support::{get, pact, post, publish_body, put, Broker};
use serde_json::{json, Value};
use shipgate_e2e::{shipgate, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `upstream` holds the example manifests on `main`; `work` is a clone.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let upstream = dir.path().join("upstream");
    copy_dir(
        &workspace_root().join("examples/gitops/manifests"),
        &upstream,
    );
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(
        &upstream,
        &[
            "commit",
            "-qm",
            "production: orders 1.0.0, checkout-ui 1.0.0",
        ],
    );
    git(
        dir.path(),
        &["clone", "-q", upstream.to_str().unwrap(), "work"],
    );
    let work = dir.path().join("work");
    (dir, work)
}

fn edit(work: &Path, file: &str, from: &str, to: &str) {
    let p = work.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&p, text.replace(from, to)).unwrap();
}

fn sg(work: &Path, broker: &Broker, args: &[&str]) -> Output {
    shipgate()
        .args(args)
        .current_dir(work)
        .env("PACT_BROKER_BASE_URL", &broker.url)
        .output()
        .expect("shipgate")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sha_of(b: &Broker, consumer: &str, provider: &str, version: &str) -> String {
    let r = get(&format!(
        "{}/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
        b.url
    ));
    assert_eq!(r.status, 200, "{}", r.text);
    let href = r.body["_links"]["pb:pact-version"]["href"]
        .as_str()
        .unwrap();
    href.rsplit('/').next().unwrap().to_string()
}

fn verify(b: &Broker, consumer_version: &str, provider_version: &str, success: bool) {
    let sha = sha_of(b, "checkout-ui", "orders", consumer_version);
    let r = post(
        &format!(
            "{}/pacts/provider/orders/consumer/checkout-ui/pact-version/{sha}/verification-results",
            b.url
        ),
        &json!({"success": success, "providerApplicationVersion": provider_version}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

/// checkout-ui 1.0.0 works with orders 1.0.0 only; checkout-ui 2.0.0 with
/// orders 2.0.0 only. `reports` is known to the broker, but not 5.0.0.
fn broker() -> Broker {
    let b = Broker::sqlite(&[]);
    let r = post(
        &format!("{}/environments", b.url),
        &json!({"name": "production", "production": true}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    for (v, marker) in [("1.0.0", "v1"), ("2.0.0", "v2")] {
        let r = post(
            &format!("{}/contracts/publish", b.url),
            &publish_body(
                "checkout-ui",
                v,
                Some("main"),
                &[pact("checkout-ui", "orders", marker)],
            ),
        );
        assert_eq!(r.status, 200, "{}", r.text);
    }
    verify(&b, "1.0.0", "1.0.0", true);
    verify(&b, "1.0.0", "2.0.0", false);
    verify(&b, "2.0.0", "2.0.0", true);
    verify(&b, "2.0.0", "1.0.0", false);
    let r = put(
        &format!("{}/pacticipants/reports/versions/4.0.0", b.url),
        &json!({}),
    );
    assert!(r.status < 300, "{}", r.text);
    b
}

/// What the broker has as currently deployed in production: (pacticipant, version, instance).
fn deployed(b: &Broker) -> Vec<(String, String, String)> {
    let envs = get(&format!("{}/environments?name=production", b.url));
    let uuid = envs.body["_embedded"]["environments"][0]["uuid"]
        .as_str()
        .unwrap();
    let r = get(&format!(
        "{}/environments/{uuid}/deployed-versions/currently-deployed",
        b.url
    ));
    assert_eq!(r.status, 200, "{}", r.text);
    let mut out: Vec<(String, String, String)> = r.body["_embedded"]["deployedVersions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["_embedded"]["pacticipant"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                d["_embedded"]["version"]["number"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                d["applicationInstance"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(p: &str, v: &str, i: &str) -> (String, String, String) {
    (p.into(), v.into(), i.into())
}

#[test]
fn check_and_record_on_a_manifests_repository() {
    let b = broker();
    let (_dir, work) = repository();

    // main as it is: record it; the second time nothing changes.
    let out = sg(&work, &b, &["gitops", "record"]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("production: recorded orders 1.0.0 (envs/production/kustomization.yaml:6"),
        "{t}"
    );
    assert!(t.contains("production: recorded checkout-ui 1.0.0 (instance eu) (envs/production/checkout.yaml:18"), "{t}");
    assert!(t.contains("production: recorded reports 5.0.0"), "{t}");
    assert!(!t.contains("envoy"), "the sidecar is ignored: {t}");
    let first = deployed(&b);
    assert_eq!(
        first,
        vec![
            row("checkout-ui", "1.0.0", "eu"),
            row("orders", "1.0.0", ""),
            row("reports", "5.0.0", ""),
        ]
    );
    let out = sg(&work, &b, &["gitops", "record"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("production: in step with the manifests (3 services), nothing changed"),
        "{}",
        text(&out)
    );
    assert_eq!(deployed(&b), first);

    // A pull request that bumps orders alone: checkout-ui 1.0.0, deployed, breaks.
    git(&work, &["checkout", "-qb", "orders-2"]);
    edit(
        &work,
        "envs/production/kustomization.yaml",
        "newTag: \"1.0.0\"",
        "newTag: \"2.0.0\"",
    );
    git(&work, &["commit", "-qam", "orders 2.0.0"]);
    let out = sg(&work, &b, &["gitops", "check", "--base", "origin/main..."]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("error[GIT001] deploy-blocked"), "{t}");
    assert!(t.contains("envs/production/kustomization.yaml:6"), "{t}");
    assert!(
        t.contains("judged together in production: orders 2.0.0"),
        "{t}"
    );
    let out = sg(
        &work,
        &b,
        &[
            "gitops",
            "check",
            "--base",
            "origin/main...",
            "--format",
            "github",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("::error file=envs/production/kustomization.yaml,line=6"),
        "{t}"
    );
    let out = sg(
        &work,
        &b,
        &[
            "gitops",
            "check",
            "--base",
            "origin/main...",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().all(|c| *c == "GIT001"), "{doc:#}");
    assert!(!codes.is_empty());

    // The same bump with checkout-ui 2.0.0 in the same pull request: one deployment, allowed.
    edit(
        &work,
        "envs/production/checkout.yaml",
        "checkout-web:1.0.0",
        "checkout-web:2.0.0",
    );
    git(&work, &["commit", "-qam", "checkout-ui 2.0.0"]);
    let out = sg(&work, &b, &["gitops", "check", "--base", "origin/main..."]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("info[GIT008] version-change"), "{t}");
    assert!(
        t.contains("production: orders 1.0.0 → 2.0.0; the gate allows it"),
        "{t}"
    );
    assert!(
        t.contains("production: checkout-ui 1.0.0 → 2.0.0; the gate allows it"),
        "{t}"
    );
    assert!(
        t.contains("judged together in production: checkout-ui 2.0.0 (instance eu), orders 2.0.0"),
        "{t}"
    );
    // checkout-ui alone (the base HEAD~1 has orders 2.0.0 already) is blocked: it
    // needs orders 2.0.0, and production runs 1.0.0. The finding is on its line.
    let out = sg(&work, &b, &["gitops", "check", "--base", "HEAD~1"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("checkout-ui (2.0.0) and orders (1.0.0)"), "{t}");
    assert!(t.contains("envs/production/checkout.yaml:18"), "{t}");
    assert!(
        !t.contains("kustomization.yaml"),
        "orders did not change: {t}"
    );
    // Nothing broken in the recorded state: the broker has not moved.
    assert_eq!(deployed(&b), first);

    // Merge it, and drop the reports CronJob: record deploys both and undeploys reports.
    edit(
        &work,
        "envs/production/kustomization.yaml",
        "  - jobs.yaml\n",
        "",
    );
    std::fs::remove_file(work.join("envs/production/jobs.yaml")).unwrap();
    git(&work, &["commit", "-qam", "reports moved out"]);
    let out = sg(&work, &b, &["gitops", "check", "--base", "origin/main..."]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("reports 5.0.0 is removed"), "{t}");
    let out = sg(&work, &b, &["gitops", "record", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("production: would undeploy reports 5.0.0"),
        "{}",
        text(&out)
    );
    assert_eq!(deployed(&b), first, "a dry run changes nothing");
    let out = sg(&work, &b, &["--format", "json", "gitops", "record"]);
    assert!(out.status.success(), "{}", text(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["environments"][0]["recorded"].as_array().unwrap().len(),
        2,
        "{doc:#}"
    );
    assert_eq!(
        doc["environments"][0]["undeployed"][0]["pacticipant"], "reports",
        "{doc:#}"
    );
    assert_eq!(
        deployed(&b),
        vec![
            row("checkout-ui", "2.0.0", "eu"),
            row("orders", "2.0.0", "")
        ]
    );
    let out = sg(&work, &b, &["gitops", "record"]);
    assert!(text(&out).contains("nothing changed"), "{}", text(&out));
}

#[test]
fn unreadable_and_unsupported_manifests_are_named_and_change_nothing() {
    let b = broker();
    let (_dir, work) = repository();
    let out = sg(&work, &b, &["gitops", "record"]);
    assert!(out.status.success(), "{}", text(&out));
    let before = deployed(&b);
    git(&work, &["checkout", "-qb", "broken"]);
    std::fs::write(
        work.join("envs/production/extra.yaml"),
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: search}\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/acme/search:3.0.0\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache}\nspec:\n  template:\n    spec:\n      containers:\n        - name: cache\n          image: ghcr.io/acme/cache\n---\nkind: Deployment\nspec: [unclosed\n",
    )
    .unwrap();
    edit(
        &work,
        "envs/production/kustomization.yaml",
        "  - jobs.yaml\n",
        "  - jobs.yaml\n  - extra.yaml\n  - missing.yaml\n",
    );
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "broken"]);
    let out = sg(&work, &b, &["gitops", "check", "--base", "origin/main..."]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("error[GIT005] manifest-unsupported"), "{t}");
    assert!(t.contains("envs/production/extra.yaml:8"), "{t}");
    assert!(t.contains("error[GIT006] image-version-unknown"), "{t}");
    assert!(t.contains("envs/production/extra.yaml:18"), "{t}");
    assert!(t.contains("error[GIT004] manifest-unreadable"), "{t}");
    assert!(
        t.contains("envs/production/extra.yaml:20") || t.contains("envs/production/extra.yaml:21"),
        "{t}"
    );
    assert!(t.contains("resource `missing.yaml` does not exist"), "{t}");
    assert!(t.contains("envs/production/kustomization.yaml:6"), "{t}");
    let out = sg(&work, &b, &["gitops", "record"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("nothing was recorded"), "{t}");
    assert!(t.contains("envs/production/extra.yaml:8"), "{t}");
    assert_eq!(deployed(&b), before);

    // An image that maps to a pacticipant the broker does not know: refused, nothing changed.
    git(&work, &["checkout", "-q", "main"]);
    edit(
        &work,
        "envs/production/kustomization.yaml",
        "newTag: \"1.0.0\"",
        "newTag: \"2.0.0\"",
    );
    edit(
        &work,
        "envs/production/jobs.yaml",
        "ghcr.io/acme/reports:5.0.0",
        "ghcr.io/acme/mystery:1.0.0",
    );
    let out = sg(&work, &b, &["gitops", "record"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("envs/production/jobs.yaml:14"), "{t}");
    assert!(
        t.contains("pacticipant `mystery`, which the broker does not know"),
        "{t}"
    );
    assert_eq!(deployed(&b), before, "orders 2.0.0 was not recorded either");
    // Bad flags are usage errors.
    let out = sg(&work, &b, &["gitops", "record", "--env", "production"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("write NAME=DIR"), "{}", text(&out));
}

/// The README's GitOps block, run as written in a clone of the manifests
/// repository on a pull request's branch, with the broker in PACT_BROKER_BASE_URL.
#[test]
fn readme_gitops_commands_run() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let block = readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(s, _)| s))
        .find(|s| s.contains("shipgate gitops check"))
        .expect("README shows shipgate gitops");
    let b = broker();
    let (_dir, work) = repository();
    let out = sg(&work, &b, &["gitops", "record"]);
    assert!(out.status.success(), "{}", text(&out));
    git(&work, &["checkout", "-qb", "both"]);
    edit(
        &work,
        "envs/production/kustomization.yaml",
        "newTag: \"1.0.0\"",
        "newTag: \"2.0.0\"",
    );
    edit(
        &work,
        "envs/production/checkout.yaml",
        "checkout-web:1.0.0",
        "checkout-web:2.0.0",
    );
    git(&work, &["commit", "-qam", "both"]);
    let bin = shipgate_e2e::shipgate_bin().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", block])
        .current_dir(&work)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("PACT_BROKER_BASE_URL", &b.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{block}\n{}", text(&out));
    assert!(text(&out).contains("the gate allows it"), "{}", text(&out));
    assert!(
        text(&out).contains("production: recorded orders 2.0.0"),
        "{}",
        text(&out)
    );
}
