//! Run a composite GitHub Action's steps the way a runner does, on this
//! machine: parse `action.yml`, substitute `${{ inputs.* }}`, `${{ github.* }}`,
//! `${{ runner.* }}` and `${{ steps.*.outputs.* }}`, and run each `run:` step
//! with `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`) in the
//! step's working directory, with the `GITHUB_*` files (output, step summary,
//! path, env) in a temporary directory, read back after each step as the
//! runner reads them. The first failing step ends the action.
//!
//! What is not the runner's: `uses:` steps (actions/cache, upload-sarif) are
//! not run; their `if:` is evaluated and their `with:` substituted, so a test
//! can check what they would have been given. The step with id `build`
//! (`cargo build --release` of the action's own checkout) is replaced by
//! putting the already-built test binary on PATH, after checking that the
//! step does build with `--locked` and adds the binary's directory to
//! `GITHUB_PATH`; a release build per test would take minutes.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `github` context values a test provides (workspace, action_path and
/// the like are filled in by [`run_action`]).
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub workspace: PathBuf,
    pub action_path: PathBuf,
    /// `github.*` values beyond workspace and action_path (`base_ref`, `sha`, …).
    pub github: BTreeMap<String, String>,
    /// Extra environment for every step (the job's `env:`).
    pub env: BTreeMap<String, String>,
}

/// A `uses:` step, as the runner would have called it.
#[derive(Debug, Clone)]
pub struct UsesStep {
    pub uses: String,
    pub would_run: bool,
    pub with: BTreeMap<String, String>,
}

/// What running the action produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The action's outputs (`outputs.*.value`, substituted).
    pub outputs: BTreeMap<String, String>,
    /// Every step's outputs, by step id.
    pub steps: BTreeMap<String, BTreeMap<String, String>>,
    /// The job summary: every step's `GITHUB_STEP_SUMMARY`, in order.
    pub summary: String,
    /// Everything the steps printed (stdout then stderr, per step): the log.
    pub log: String,
    /// The `uses:` steps met, in order.
    pub uses: Vec<UsesStep>,
    /// `(step id or index, exit code)` of the step that failed, if one did.
    pub failed: Option<(String, i32)>,
    /// Directories the steps added to `GITHUB_PATH`, first to search first:
    /// later steps of the job see them on `PATH`.
    pub path: Vec<PathBuf>,
}

/// Parse `action.yml` from `ctx.action_path` and run it with `inputs`.
pub fn run_action(ctx: &Context, inputs: &[(&str, &str)]) -> Outcome {
    let text = std::fs::read_to_string(ctx.action_path.join("action.yml")).expect("action.yml");
    let action: Value = serde_yaml_ng::from_str(&text).expect("action.yml is YAML");
    assert_eq!(action["runs"]["using"], "composite", "a composite action");
    // Inputs: defaults, then the given values; unknown inputs are a test error
    // (the runner only warns, but a typo in a README snippet must fail).
    let mut input_values: BTreeMap<String, String> = BTreeMap::new();
    let declared = action["inputs"].as_object().expect("inputs");
    for (name, spec) in declared {
        let default = match &spec["default"] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        input_values.insert(name.clone(), default);
    }
    for (name, value) in inputs {
        assert!(
            declared.contains_key(*name),
            "`{name}` is not an input of action.yml"
        );
        input_values.insert((*name).to_string(), (*value).to_string());
    }
    for (name, spec) in declared {
        if spec["required"].as_bool() == Some(true) {
            assert!(
                !input_values[name].is_empty(),
                "required input `{name}` missing"
            );
        }
    }

    let temp = tempfile::tempdir().expect("runner temp");
    let mut github = ctx.github.clone();
    github.insert("workspace".into(), ctx.workspace.display().to_string());
    github.insert("action_path".into(), ctx.action_path.display().to_string());
    github.entry("run_id".into()).or_insert_with(|| "1".into());
    let mut runner = BTreeMap::new();
    runner.insert("os".to_string(), "Linux".to_string());
    runner.insert("temp".to_string(), temp.path().display().to_string());

    let mut outcome = Outcome::default();
    let mut path_prepend: Vec<PathBuf> = Vec::new();
    let mut env_file: BTreeMap<String, String> = BTreeMap::new();
    let steps = action["runs"]["steps"].as_array().expect("steps");
    for (index, step) in steps.iter().enumerate() {
        let id = step["id"]
            .as_str()
            .map_or_else(|| format!("#{index}"), str::to_string);
        let scope = Scope {
            inputs: &input_values,
            github: &github,
            runner: &runner,
            steps: &outcome.steps,
        };
        if let Some(uses) = step["uses"].as_str() {
            let would_run = step["if"].as_str().is_none_or(|cond| scope.condition(cond));
            let with = step["with"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), scope.substitute(&scalar(v))))
                        .collect()
                })
                .unwrap_or_default();
            outcome.uses.push(UsesStep {
                uses: uses.to_string(),
                would_run,
                with,
            });
            continue;
        }
        let script = step["run"].as_str().expect("a run or uses step");
        assert!(
            step.get("if").is_none(),
            "step {id}: `if:` on run steps is not emulated; test the condition in the script"
        );
        assert_eq!(step["shell"], "bash", "step {id}: shell must be bash");
        if id == "build" {
            assert!(
                script.contains("cargo build --release --locked") && script.contains("GITHUB_PATH"),
                "the build step must build shipgate (--locked) and put it on GITHUB_PATH:\n{script}"
            );
            let bin = shipgate_e2e::shipgate_bin();
            path_prepend.push(bin.parent().expect("bin dir").to_path_buf());
            continue;
        }
        let script = scope.substitute(script);
        let step_dir = temp.path().join(format!("step-{index}"));
        std::fs::create_dir_all(&step_dir).unwrap();
        let files = [
            ("GITHUB_OUTPUT", step_dir.join("output")),
            ("GITHUB_STEP_SUMMARY", step_dir.join("summary")),
            ("GITHUB_PATH", step_dir.join("path")),
            ("GITHUB_ENV", step_dir.join("env")),
        ];
        for (_, f) in &files {
            std::fs::write(f, "").unwrap();
        }
        let script_path = step_dir.join("script.sh");
        std::fs::write(&script_path, &script).unwrap();
        let workdir = match step["working-directory"].as_str() {
            Some(d) => ctx.workspace.join(scope.substitute(d)),
            None => ctx.workspace.clone(),
        };
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_path)
            .current_dir(&workdir);
        for (key, _) in std::env::vars() {
            if key.starts_with("SHIPGATE_")
                || key.starts_with("PACT_BROKER_")
                || key.starts_with("GITHUB_")
                || key.starts_with("INPUT_")
            {
                cmd.env_remove(key);
            }
        }
        let mut path = path_prepend.clone();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        cmd.env("PATH", std::env::join_paths(path).unwrap())
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", &ctx.workspace)
            .env("GITHUB_ACTION_PATH", &ctx.action_path)
            .env("GITHUB_RUN_ID", &github["run_id"])
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_TEMP", temp.path());
        for (name, file) in &files {
            cmd.env(name, file);
        }
        for (k, v) in ctx.env.iter().chain(env_file.iter()) {
            cmd.env(k, v);
        }
        if let Some(env) = step["env"].as_object() {
            for (k, v) in env {
                cmd.env(k, scope.substitute(&scalar(v)));
            }
        }
        let out = cmd.output().expect("running bash");
        outcome.log.push_str(&String::from_utf8_lossy(&out.stdout));
        outcome.log.push_str(&String::from_utf8_lossy(&out.stderr));
        let read = |i: usize| std::fs::read_to_string(&files[i].1).unwrap_or_default();
        outcome
            .steps
            .insert(id.clone(), parse_file_commands(&read(0)));
        outcome.summary.push_str(&read(1));
        for line in read(2).lines().filter(|l| !l.trim().is_empty()) {
            path_prepend.insert(0, PathBuf::from(line.trim()));
        }
        env_file.extend(parse_file_commands(&read(3)));
        if !out.status.success() {
            outcome.failed = Some((id, out.status.code().unwrap_or(-1)));
            break;
        }
    }
    let scope = Scope {
        inputs: &input_values,
        github: &github,
        runner: &runner,
        steps: &outcome.steps,
    };
    let outputs: BTreeMap<String, String> = action["outputs"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        scope.substitute(v["value"].as_str().unwrap_or("")),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    outcome.outputs = outputs;
    outcome.path = path_prepend;
    // Keep the SARIF and report files the outputs point at readable after the
    // runner's temporary directory would have gone.
    std::mem::forget(temp);
    outcome
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `name=value` lines and `name<<DELIMITER` blocks, as in `GITHUB_OUTPUT` and `GITHUB_ENV`.
pub fn parse_file_commands(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value: Vec<&str> = Vec::new();
            for l in lines.by_ref() {
                if l == delimiter {
                    break;
                }
                value.push(l);
            }
            out.insert(name.to_string(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            out.insert(name.to_string(), value.to_string());
        }
    }
    out
}

/// Replace every `${{ reference }}` in `text` with `refs[reference]`, for the
/// workflow level (`github.*`, `vars.*`, `secrets.*`); an unknown reference panics.
pub fn substitute_refs(text: &str, refs: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("unclosed expression in {text}"));
        let expr = rest[start + 3..start + end].trim();
        out.push_str(
            refs.get(expr)
                .unwrap_or_else(|| panic!("`{expr}` is not given by the test")),
        );
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// The expression contexts available to a step.
struct Scope<'a> {
    inputs: &'a BTreeMap<String, String>,
    github: &'a BTreeMap<String, String>,
    runner: &'a BTreeMap<String, String>,
    steps: &'a BTreeMap<String, BTreeMap<String, String>>,
}

impl Scope<'_> {
    /// The value of a context reference such as `inputs.paths`.
    fn lookup(&self, reference: &str) -> String {
        let parts: Vec<&str> = reference.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => self
                .inputs
                .get(*name)
                .unwrap_or_else(|| panic!("`{reference}`: no such input"))
                .clone(),
            ["github", name] => self
                .github
                .get(*name)
                .unwrap_or_else(|| panic!("`{reference}`: the test gives no github.{name}"))
                .clone(),
            ["runner", name] => self
                .runner
                .get(*name)
                .unwrap_or_else(|| panic!("`{reference}`: not emulated"))
                .clone(),
            ["steps", id, "outputs", name] => self
                .steps
                .get(*id)
                .and_then(|o| o.get(*name))
                .cloned()
                .unwrap_or_default(),
            _ => panic!("expression `{reference}` is not emulated by the test runner"),
        }
    }

    /// Replace every `${{ reference }}` in `text`.
    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("}}")
                .unwrap_or_else(|| panic!("unclosed expression in {text}"));
            let expr = rest[start + 3..start + end].trim();
            out.push_str(&self.lookup(expr));
            rest = &rest[start + end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// A condition made of `ref == 'literal'` / `ref != 'literal'` terms joined by `&&`.
    fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim();
        let cond = cond
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(cond);
        cond.split("&&").all(|term| {
            let term = term.trim();
            let (reference, op, literal) = if let Some((l, r)) = term.split_once("==") {
                (l.trim(), "==", r.trim())
            } else if let Some((l, r)) = term.split_once("!=") {
                (l.trim(), "!=", r.trim())
            } else {
                panic!("condition term `{term}` is not emulated")
            };
            let literal = literal
                .strip_prefix('\'')
                .and_then(|l| l.strip_suffix('\''))
                .unwrap_or_else(|| panic!("`{literal}`: only quoted literals are emulated"));
            let value = self.lookup(reference);
            (value == literal) == (op == "==")
        })
    }
}

/// Run `git` in `dir` with a fixed identity; panics on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
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
