//! The files `shipgate init` writes, from what it found.

use super::{Found, Layout};
use std::fmt::Write as _;

/// Where CI writes the SQL that Alembic and Django render.
pub const RENDERED: &str = "build/shipgate-sql";

/// The directories `lint-migrations` reads: the SQL ones as found, and the
/// rendered SQL of Alembic and Django.
fn lint_paths(found: &Found) -> Vec<String> {
    let mut paths: Vec<String> = found
        .migrations
        .iter()
        .filter(|m| !m.layout.renders_sql())
        .map(|m| m.dir.clone())
        .collect();
    if found.migrations.iter().any(|m| m.layout.renders_sql()) {
        paths.push(RENDERED.to_owned());
    }
    paths
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A commented `shipgate.toml`.
pub fn config(found: &Found) -> String {
    let mut s = String::from(
        "# shipgate configuration, written by `shipgate init`.\n\
         # Every key is explained in docs/config.md; flags and SHIPGATE_* variables win over it.\n#\n",
    );
    for m in &found.migrations {
        let _ = writeln!(s, "# Found migrations: {} ({})", m.dir, m.layout.name());
    }
    for doc in &found.openapi {
        let _ = writeln!(s, "# Found an OpenAPI document: {doc}");
    }
    s.push_str(
        "\n[output]\n\
         # format = \"text\"   # text, json, github, sarif, junit, markdown or gitlab\n\
         # fail-on = \"error\" # the lowest level that blocks: error, warning or info\n",
    );
    s.push_str("\n[lint-migrations]\n");
    let paths = lint_paths(found);
    if paths.is_empty() {
        s.push_str("# paths = [\"db/migrations\"] # no migrations were found\n");
    } else {
        let _ = writeln!(s, "paths = {}", toml_list(&paths));
    }
    if found.migrations.iter().any(|m| m.layout.renders_sql()) {
        let _ = writeln!(
            s,
            "# {RENDERED} is where CI writes the SQL that Alembic or Django render\n\
             # (alembic upgrade --sql, manage.py sqlmigrate); it is not in git."
        );
    }
    let transactional =
        !found.migrations.is_empty() && found.migrations.iter().all(|m| m.layout.transactional());
    if transactional {
        s.push_str(
            "# Your migration tool runs each migration in a transaction: CREATE INDEX\n\
             # CONCURRENTLY then fails, and backfills hold their locks until the end.\n\
             assume-in-transaction = true\n",
        );
    } else {
        s.push_str("# assume-in-transaction = false # true when the runner wraps each file in a transaction\n");
    }
    s.push_str(
        "# pg-version = 15      # the PostgreSQL major version you run\n\
         # [lint-migrations.rules]\n\
         # MIG046 = \"warning\"   # enable an opt-in rule, or turn one off with \"off\"\n",
    );
    s.push_str(
        "\n[diff]\n\
         # changelog = false        # true: report every change, not only breaking ones\n\
         # stability-level = \"beta\" # operations below it are reported at info level\n\
         # [[diff.ignore]]          # an acknowledged break, with its reason\n\
         # path = \"/users/{id}\"\n\
         # code = \"OAS029\"\n\
         # reason = \"no client reads it\"\n",
    );
    s
}

/// Shell lines that render Alembic and Django migrations new since `$BASE`
/// (a merge-base revision) into `RENDERED`.
fn render_lines(found: &Found) -> Vec<String> {
    let mut lines = vec![format!("mkdir -p {RENDERED}")];
    for m in &found.migrations {
        match m.layout {
            Layout::Alembic => lines.push(format!(
                "# Alembic: the revisions after the head of the merge base, as SQL (offline mode).\n\
                 git worktree add --detach \"${{TMPDIR:-/tmp}}/shipgate-base\" \"$BASE\"\n\
                 from=$(cd \"${{TMPDIR:-/tmp}}/shipgate-base/{dir}\" && alembic heads | cut -d' ' -f1)\n\
                 (cd {dir} && alembic upgrade \"${{from:-base}}:head\" --sql) > {RENDERED}/alembic.sql",
                dir = m.dir
            )),
            Layout::Django => lines.push(format!(
                "# Django: each migration added since the merge base, as SQL (sqlmigrate).\n\
                 git diff --name-only --diff-filter=A \"$BASE\" -- '*/migrations/0*.py' | while read -r f; do\n\
                 \x20 app=$(basename \"$(dirname \"$(dirname \"$f\")\")\"); name=$(basename \"$f\" .py)\n\
                 \x20 python {dir}/manage.py sqlmigrate \"$app\" \"$name\" > \"{RENDERED}/${{app}}_${{name}}.sql\"\n\
                 done",
                dir = m.dir
            )),
            _ => {}
        }
    }
    lines
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `.github/workflows/shipgate.yml`: the Action on every pull request.
pub fn github(found: &Found) -> String {
    let mut s = String::from(
        "# shipgate on every pull request, written by `shipgate init`.\n\
         # YOUR-ORG/shipgate is a placeholder: the GitHub repository where you host shipgate.\n\
         name: shipgate\n\
         on: pull_request\n\
         jobs:\n\
         \x20 gate:\n\
         \x20   runs-on: ubuntu-latest\n\
         \x20   permissions:\n\
         \x20     contents: read\n\
         \x20     security-events: write\n\
         \x20   steps:\n\
         \x20     - uses: actions/checkout@v4\n\
         \x20       with:\n\
         \x20         fetch-depth: 0\n",
    );
    let rendered = found.migrations.iter().any(|m| m.layout.renders_sql());
    if rendered {
        s.push_str(
            "      - uses: actions/setup-python@v5\n\
             \x20       with:\n\
             \x20         python-version: \"3.12\"\n\
             \x20     - run: pip install -r requirements.txt   # your app and its migration tool\n\
             \x20     - name: Render the new migrations as SQL\n\
             \x20       env:\n\
             \x20         BASE: origin/${{ github.base_ref }}\n\
             \x20       run: |\n\
             \x20         BASE=$(git merge-base \"$BASE\" HEAD)\n",
        );
        for line in render_lines(found) {
            s.push_str(&indent(&line, 10));
            s.push('\n');
        }
    }
    for m in found.migrations.iter().filter(|m| !m.layout.renders_sql()) {
        let _ = write!(
            s,
            "      - uses: YOUR-ORG/shipgate@main\n\
             \x20       with:\n\
             \x20         command: lint-migrations\n\
             \x20         paths: {}\n\
             \x20         changed-since: origin/${{{{ github.base_ref }}}}...\n\
             \x20         sarif: true\n",
            m.dir
        );
    }
    if rendered {
        let _ = write!(
            s,
            "      - uses: YOUR-ORG/shipgate@main\n\
             \x20       with:\n\
             \x20         command: lint-migrations\n\
             \x20         paths: {RENDERED}\n\
             \x20         assume-in-transaction: true\n"
        );
    }
    for doc in &found.openapi {
        let _ = write!(
            s,
            "      - uses: YOUR-ORG/shipgate@main\n\
             \x20       with:\n\
             \x20         command: diff\n\
             \x20         base: origin/${{{{ github.base_ref }}}}...:{doc}\n\
             \x20         revision: {doc}\n"
        );
    }
    s
}

/// `.gitlab-ci.yml`: one merge request job with Code Quality reports.
pub fn gitlab(found: &Found) -> String {
    let mut script: Vec<String> = vec![
        "git fetch --quiet origin \"+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\"".into(),
        "BASE=$(git merge-base \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\" HEAD)".into(),
        "status=0".into(),
    ];
    if found.migrations.iter().any(|m| m.layout.renders_sql()) {
        script.extend(render_lines(found));
    }
    let mut reports = Vec::new();
    let mut n = 0;
    let mut check = |cmd: String, reports: &mut Vec<String>| {
        n += 1;
        let report = format!("gl-code-quality-{n}.json");
        script.push(format!("shipgate {cmd} --format gitlab > {report} || true"));
        script.push(format!(
            "shipgate {cmd} || {{ s=$?; if [ \"$s\" -gt \"$status\" ]; then status=$s; fi; }}"
        ));
        reports.push(report);
    };
    for m in found.migrations.iter().filter(|m| !m.layout.renders_sql()) {
        check(
            format!("lint-migrations {} --changed-since \"$BASE\"", m.dir),
            &mut reports,
        );
    }
    if found.migrations.iter().any(|m| m.layout.renders_sql()) {
        check(
            format!("lint-migrations {RENDERED} --assume-in-transaction"),
            &mut reports,
        );
    }
    for doc in &found.openapi {
        check(format!("diff \"$BASE:{doc}\" {doc}"), &mut reports);
    }
    script.push("exit \"$status\"".into());
    let mut s = String::from(
        "# shipgate on every merge request, written by `shipgate init`.\n\
         # The image must have shipgate on PATH (see the README, \"Install\"), and python\n\
         # with your app's requirements when migrations are rendered from Alembic or Django.\n\
         shipgate:\n\
         \x20 stage: test\n\
         \x20 rules:\n\
         \x20   - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n\
         \x20 variables:\n\
         \x20   GIT_DEPTH: \"0\"\n\
         \x20 script:\n",
    );
    for line in script {
        if line.contains('\n') {
            s.push_str("    - |\n");
            s.push_str(&indent(&line, 6));
            s.push('\n');
        } else {
            let _ = writeln!(s, "    - {}", yaml_scalar(&line));
        }
    }
    s.push_str("  artifacts:\n    when: always\n    reports:\n      codequality:\n");
    for r in reports {
        let _ = writeln!(s, "        - {r}");
    }
    s
}

/// A script line as a YAML plain or single-quoted scalar.
fn yaml_scalar(line: &str) -> String {
    format!("'{}'", line.replace('\'', "''"))
}
