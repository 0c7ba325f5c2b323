//! `shipgate lint-migrations`: find migration files (files, directories in
//! framework order, `--changed-since` via git), read them, run the
//! migrations-lint crate, and render the findings. Also owns the
//! `[lint-migrations]` section of `shipgate.toml`.

use crate::config::Config;
use crate::render::{FileSummary, OutputContext, Report};
use crate::ExitStatus;
use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use serde::Deserialize;
use shipgate_diagnostics::{Diagnostic, Level, Location};
use shipgate_migrations_lint::{
    self as lint, DeletedFile, Deprecation, Dialect, Options, RuleLevel, SourceFile,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `shipgate lint-migrations`.
#[derive(Debug, Args)]
pub struct LintMigrationsArgs {
    /// Migration files or directories (a directory is read in the order its tool applies it)
    /// [default: `paths` in shipgate.toml, else ./migrations]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Report only migrations added since this git ref (`REF...`: since the merge base of REF and
    /// HEAD); earlier ones are still read for history, and one that existed at REF but was edited
    /// (MIG061) or deleted/renamed (MIG064) since is an error
    #[arg(long, value_name = "REF", env = "SHIPGATE_CHANGED_SINCE")]
    pub changed_since: Option<String>,

    /// Substitute a template placeholder: `${NAME}` or `{{ … "NAME" }}` becomes VALUE (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// SQL dialect sqlparser validates statements with: postgres, mysql, sqlite, generic [default: postgres]
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<DialectArg>,

    /// Version of the target PostgreSQL server: its major version counts (`13`, `13.0` and `13.4` are 13) [default: 15]
    #[arg(long, value_name = "N", env = "SHIPGATE_PG_VERSION", value_parser = parse_pg_version)]
    pub pg_version: Option<u32>,

    /// Treat every file as wrapped in one transaction (Flyway, sqlx, Rails, Django, Alembic),
    /// except files that opt out with their runner's marker (`-- migrate:up transaction:false`, …)
    #[arg(long)]
    pub assume_in_transaction: bool,

    /// Set a rule's level or turn it off: `--rule MIG046=warning` (enables an opt-in rule), `--rule MIG035=off`
    #[arg(long = "rule", value_name = "RULE=LEVEL")]
    pub rules: Vec<String>,
}

/// `--dialect` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DialectArg {
    Postgres,
    Mysql,
    Sqlite,
    Generic,
}

fn parse_dialect(s: &str) -> Result<DialectArg, String> {
    DialectArg::from_str(s, true).map_err(|_| {
        format!("unknown dialect `{s}`: expected one of postgres, mysql, sqlite, generic")
    })
}

/// A PostgreSQL version as people write it: `13`, `13.0`, `13.4`, `9.6`, `9.6.24`.
/// The major version is what the rules need (`9.6` is 9: no rule tells 9.x apart).
pub fn parse_pg_version(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let mut parts = t.split('.');
    let major = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let numeric = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if !numeric(major) || rest.len() > 2 || !rest.iter().all(|p| numeric(p)) {
        return Err(format!(
            "`{s}` is not a PostgreSQL version: expected a major version such as 15, or 15.4"
        ));
    }
    let n: u32 = major
        .parse()
        .map_err(|_| format!("`{s}` is not a PostgreSQL version"))?;
    if !(9..=30).contains(&n) {
        return Err(format!("PostgreSQL {n} is not supported: expected 9 to 30"));
    }
    Ok(n)
}

/// `pg-version` in shipgate.toml: an integer, a float (`13.0`) or a string (`"13.4"`).
fn pg_version_from_toml<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        Int(i64),
        Float(f64),
        Text(String),
    }
    let text = match V::deserialize(d)? {
        V::Int(n) => n.to_string(),
        V::Float(f) => f.to_string(),
        V::Text(s) => s,
    };
    parse_pg_version(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Postgres => Dialect::PostgreSql,
            DialectArg::Mysql => Dialect::MySql,
            DialectArg::Sqlite => Dialect::Sqlite,
            DialectArg::Generic => Dialect::Generic,
        }
    }
}

/// `[lint-migrations]` in `shipgate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintMigrationsConfig {
    /// Default paths when none are given on the command line.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Glob patterns (`*`, `**`, `?`) of files not to lint.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `pg-version = 13`, `13.0` or `"13.4"`: the major version counts.
    #[serde(default, deserialize_with = "pg_version_from_toml")]
    pub pg_version: Option<u32>,
    pub dialect: Option<DialectArg>,
    pub assume_in_transaction: Option<bool>,
    /// Rule code or name → `"error"`, `"warning"`, `"info"` or `"off"`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    #[serde(default)]
    pub deprecations: Vec<DeprecationConfig>,
    /// Placeholder values, like `--var`.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    /// Naming patterns (`default`, `table`, `column`, `index`, `foreign-key`, `check`,
    /// `unique`, `primary-key` → regex) for MIG063; setting any enables the rule.
    #[serde(default)]
    pub naming: BTreeMap<String, String>,
}

/// One `deprecations = [{ table = "users", column = "email", reason = "…" }]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeprecationConfig {
    pub table: String,
    pub column: Option<String>,
    pub reason: String,
}

fn parse_level(rule: &str, value: &str) -> anyhow::Result<RuleLevel> {
    let known = lint::registry();
    if !known
        .iter()
        .any(|r| r.code.eq_ignore_ascii_case(rule) || r.name == rule)
    {
        bail!("unknown migration rule `{rule}`; run `shipgate rules` to list them");
    }
    let level = if value.eq_ignore_ascii_case("off") {
        None
    } else {
        Some(
            value
                .parse::<Level>()
                .map_err(|e| anyhow::anyhow!("rule `{rule}`: {e} (or `off`)"))?,
        )
    };
    Ok(RuleLevel {
        rule: rule.to_owned(),
        level,
    })
}

/// A file to lint: the path shown in findings and the path to read.
struct Found {
    shown: String,
    path: PathBuf,
}

pub fn run(
    args: &LintMigrationsArgs,
    ctx: &OutputContext,
    config: &Config,
) -> anyhow::Result<ExitStatus> {
    let cfg = &config.file.lint_migrations;
    let base = config.base_dir();
    let paths: Vec<PathBuf> = if !args.paths.is_empty() {
        args.paths.clone()
    } else if !cfg.paths.is_empty() {
        cfg.paths.iter().map(|p| base.join(p)).collect()
    } else if Path::new("migrations").is_dir() {
        vec![PathBuf::from("migrations")]
    } else {
        bail!("no migration paths given: pass files or directories, or set `paths` in [lint-migrations] of shipgate.toml");
    };

    let naming = lint::Naming::new(cfg.naming.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .context("in shipgate.toml [lint-migrations] naming")?;
    let mut levels = Vec::new();
    if !naming.is_empty() {
        // Configuring patterns enables the rule; an explicit level below still wins.
        let meta = &lint::rules::naming_convention::NamingConvention::META;
        levels.push(RuleLevel {
            rule: meta.code.to_owned(),
            level: Some(meta.default_level),
        });
    }
    for (rule, value) in &cfg.rules {
        levels.push(parse_level(rule, value).context("in shipgate.toml [lint-migrations] rules")?);
    }
    for spec in &args.rules {
        let Some((rule, value)) = spec.split_once('=') else {
            bail!("--rule expects RULE=LEVEL, got `{spec}`");
        };
        levels.push(parse_level(rule.trim(), value.trim())?);
    }
    let mut vars: Vec<(String, String)> = cfg
        .vars
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for spec in &args.vars {
        let Some((k, v)) = spec.split_once('=') else {
            bail!("--var expects NAME=VALUE, got `{spec}`");
        };
        vars.retain(|(name, _)| name != k);
        vars.push((k.to_owned(), v.to_owned()));
    }
    let mut opts = Options {
        pg_version: args.pg_version.or(cfg.pg_version).unwrap_or(15),
        dialect: args
            .dialect
            .or(cfg.dialect)
            .unwrap_or(DialectArg::Postgres)
            .into(),
        assume_in_transaction: args.assume_in_transaction
            || cfg.assume_in_transaction.unwrap_or(false),
        deprecations: cfg
            .deprecations
            .iter()
            .map(|d| Deprecation {
                table: d.table.clone(),
                column: d.column.clone(),
                reason: d.reason.clone(),
            })
            .collect(),
        vars,
        levels,
        parse: true,
        naming,
        deleted: Vec::new(),
        steps: false,
    };

    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut found = Vec::new();
    for p in &paths {
        collect(p, &mut found, &mut problems);
    }
    let excludes: Vec<Glob> = cfg.exclude.iter().map(|g| Glob::new(g)).collect();
    found.retain(|f| !excludes.iter().any(|g| g.matches(&f.shown)));
    // One file given twice is linted once.
    let mut seen = HashSet::new();
    found.retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));

    let changes = match &args.changed_since {
        Some(rev) => Some(changed_files(rev, &paths)?),
        None => None,
    };
    let new_files = changes.as_ref().map(|c| &c.added);
    if let Some(ch) = &changes {
        opts.deleted = deleted_in(ch, &paths, &excludes);
    }

    let mut files = Vec::new();
    let new_set = found.len() + 1;
    for (i, f) in found.iter().enumerate() {
        let canonical = f.path.canonicalize().ok();
        let is_new =
            new_files.is_none_or(|set| canonical.as_ref().is_some_and(|c| set.contains(c)));
        // An already-merged migration edited since the ref (Flyway's repeatable
        // `R__` files are meant to change).
        let edited_at_line = match (&changes, &canonical) {
            (Some(ch), Some(c)) if !is_new && !is_repeatable(&f.path) => ch.edited_line(c)?,
            _ => None,
        };
        // A FIFO, socket or device would block the read or never end: skip it.
        if let Some(kind) = special_file(&f.path) {
            problems.push(special(&f.shown, kind));
            continue;
        }
        let bytes = match std::fs::read(&f.path) {
            Ok(b) => b,
            Err(e) => {
                if is_new {
                    problems.push(unreadable(&f.shown, &e.to_string()));
                }
                continue;
            }
        };
        match lint::decode(&f.shown, bytes) {
            Ok(text) => files.push(SourceFile {
                path: f.shown.clone(),
                text,
                report: is_new,
                change_set: if new_files.is_some() && is_new {
                    new_set
                } else {
                    i
                },
                edited_at_line,
            }),
            Err(d) => {
                if is_new {
                    problems.push(*d);
                }
            }
        }
    }
    if files.is_empty() && problems.is_empty() && new_files.is_none() {
        bail!(
            "no migration files found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut outcome = lint::lint(&files, &opts);
    let nothing_analysed = outcome.files == 0 && !problems.is_empty();
    // Findings come back in apply order (by position within a file); files
    // that could not be read follow.
    outcome.diagnostics.extend(problems);
    let rules = lint::registry();
    let files_summary = file_summaries(&outcome);
    let report = Report {
        command: "lint-migrations",
        diagnostics: &outcome.diagnostics,
        rules: &rules,
        checked: outcome.files,
        checked_noun: "file",
        fail_on: ctx.fail_on,
        files: &files_summary,
    };
    let status = crate::render::emit(ctx, &report)?;
    // The process exits next: freeing every finding and the schema history one
    // allocation at a time would cost about a tenth of a large run.
    std::mem::forget(outcome);
    std::mem::forget(files);
    if nothing_analysed {
        return Ok(ExitStatus::Error);
    }
    Ok(status)
}

/// Every linted file's phase and findings, clean files included, in apply order.
fn file_summaries(outcome: &lint::Outcome) -> Vec<FileSummary> {
    let mut counts: HashMap<&str, shipgate_diagnostics::Summary> = HashMap::new();
    for d in &outcome.diagnostics {
        let s = counts.entry(d.location.file.as_str()).or_default();
        match d.level {
            Level::Error => s.errors += 1,
            Level::Warning => s.warnings += 1,
            Level::Info => s.infos += 1,
        }
    }
    outcome
        .file_summaries
        .iter()
        .map(|f| FileSummary {
            path: f.path.clone(),
            phase: Some(f.phase.as_str()),
            statements: f.statements,
            summary: counts.get(f.path.as_str()).copied().unwrap_or_default(),
            no_transaction_marker: f.no_transaction_marker,
        })
        .collect()
}

/// What `path` is when it is neither a regular file nor a directory (after symlinks).
fn special_file(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// A special file in the migrations: skipped, with a warning (never waited on).
fn special(shown: &str, kind: &str) -> Diagnostic {
    Diagnostic::new(
        &lint::rules::unreadable_file::UnreadableFile::META,
        format!("skipped {shown}: it is {kind}, not a regular file, so reading it could block or never end"),
        Location::file(shown),
    )
    .with_level(Level::Warning)
    .with_help("keep only regular .sql files in the migrations directory")
}

fn unreadable(shown: &str, err: &str) -> Diagnostic {
    Diagnostic::new(
        &lint::rules::unreadable_file::UnreadableFile::META,
        format!("cannot read {shown}: {err}"),
        Location::file(shown),
    )
    .with_help("check that the path exists and is readable")
}

/// Collect migration files under `p` in apply order.
fn collect(p: &Path, out: &mut Vec<Found>, problems: &mut Vec<Diagnostic>) {
    let shown = p.display().to_string();
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => {
            let mut rel = Vec::new();
            walk(p, Path::new(""), &mut rel);
            for (r, _) in lint::layout::order(rel) {
                let path = p.join(&r);
                out.push(Found {
                    shown: path.display().to_string(),
                    path,
                });
            }
        }
        Ok(_) => out.push(Found {
            shown,
            path: p.to_path_buf(),
        }),
        Err(e) => problems.push(unreadable(&shown, &e.to_string())),
    }
}

fn walk(dir: &Path, rel: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let r = rel.join(&name);
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&e.path(), &r, out),
            Ok(_) => out.push(r.to_string_lossy().replace('\\', "/")),
            Err(_) => {}
        }
    }
}

/// Migrations under the linted directories that existed at the ref and were deleted or
/// renamed away since, as they would have been shown (MIG064). Files the directory walk
/// would not read (hidden, down/undo, non-SQL, excluded) and Flyway `R__` files are left out.
fn deleted_in(ch: &Changes, paths: &[PathBuf], excludes: &[Glob]) -> Vec<DeletedFile> {
    let root = ch.root.canonicalize().unwrap_or_else(|_| ch.root.clone());
    let mut out: Vec<DeletedFile> = Vec::new();
    for p in paths.iter().filter(|p| p.is_dir()) {
        let Some(dir) = p
            .canonicalize()
            .ok()
            .and_then(|c| c.strip_prefix(&root).ok().map(Path::to_path_buf))
        else {
            continue;
        };
        for gone in &ch.deleted {
            let Ok(rel) = Path::new(gone).strip_prefix(&dir) else {
                continue;
            };
            let rel_str = rel.to_string_lossy().replace('\\', "/");
            let hidden = rel_str.split('/').any(|c| c.starts_with('.'));
            if hidden || !lint::rules::applied_migration_deleted::counts(&rel_str) {
                continue;
            }
            let shown = p.join(rel).display().to_string();
            if excludes.iter().any(|g| g.matches(&shown)) || out.iter().any(|d| d.path == shown) {
                continue;
            }
            out.push(DeletedFile {
                path: shown,
                since: ch.given.clone(),
            });
        }
    }
    out
}

/// What changed since the `--changed-since` ref.
struct Changes {
    /// Files added since the ref (committed, staged, or untracked), canonicalised.
    added: HashSet<PathBuf>,
    /// Files that existed at the ref and were modified since, canonicalised, with the
    /// path git knows them by (relative to the repository root).
    modified: HashMap<PathBuf, String>,
    /// Files that existed at the ref and no longer do (deleted or renamed away, committed,
    /// staged or in the working tree), relative to the repository root.
    deleted: Vec<String>,
    /// The revision git compares with (`REV...` resolved to the merge base).
    rev: String,
    /// The revision as the user wrote it, for messages.
    given: String,
    root: PathBuf,
}

impl Changes {
    /// For a modified file, the first changed line (1-based) in its current text.
    fn edited_line(&self, canonical: &Path) -> anyhow::Result<Option<usize>> {
        let Some(rel) = self.modified.get(canonical) else {
            return Ok(None);
        };
        let diff = git(
            &self.root,
            &self.rev,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                "-U0",
                &self.rev,
                "--",
                rel,
            ],
        )?;
        Ok(Some(first_changed_line(&diff).unwrap_or(1)))
    }
}

/// Whether `path` is a Flyway repeatable migration (`R__name.sql`), re-applied whenever it changes.
fn is_repeatable(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("R__"))
}

/// The first changed line of the new file in a `git diff -U0` (from the first `@@ -a,b +c,d @@`).
/// A pure deletion (`+c,0`) points at the line after the removed ones.
fn first_changed_line(diff: &str) -> Option<usize> {
    diff.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("@@ -")?;
            let plus = &rest[rest.find(" +")? + 2..];
            let spec = plus.split(' ').next()?;
            let (start, count) = match spec.split_once(',') {
                Some((s, c)) => (s.parse::<usize>().ok()?, c.parse::<usize>().ok()?),
                None => (spec.parse::<usize>().ok()?, 1),
            };
            Some(if count == 0 { start + 1 } else { start.max(1) })
        })
        .min()
}

fn git(cwd: &Path, rev: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .context("running git for --changed-since (is git installed?)")?;
    if !out.status.success() {
        bail!(
            "--changed-since {rev}: `git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Files added, modified or deleted since `rev`.
fn changed_files(rev: &str, paths: &[PathBuf]) -> anyhow::Result<Changes> {
    let cwd = paths
        .iter()
        .find_map(|p| {
            let d = if p.is_dir() {
                p.clone()
            } else {
                p.parent()?.to_path_buf()
            };
            Some(if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d
            })
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let given = rev;
    let resolved = crate::git::resolve(rev, &cwd).context("--changed-since")?;
    let rev = resolved.as_str();
    let git = |args: &[&str]| git(&cwd, given, args);
    let root = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .with_context(|| format!("--changed-since: `{given}` is not a commit in this repository"))?;
    let mut set = HashSet::new();
    let added = git(&[
        "diff",
        "--name-only",
        "--no-renames",
        "--diff-filter=A",
        rev,
        "--",
    ])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "--full-name"])?;
    for line in added.lines().chain(untracked.lines()) {
        if line.is_empty() {
            continue;
        }
        let p = root.join(line);
        if let Ok(c) = p.canonicalize() {
            set.insert(c);
        }
    }
    // Compared with the working tree, so staged and unstaged edits count too.
    let modified_names = git(&[
        "diff",
        "--name-only",
        "--no-renames",
        "--diff-filter=M",
        rev,
        "--",
    ])?;
    let mut modified = HashMap::new();
    for line in modified_names.lines().filter(|l| !l.is_empty()) {
        if let Ok(c) = root.join(line).canonicalize() {
            modified.insert(c, line.to_owned());
        }
    }
    // A rename is a deletion of the old name (and an addition of the new one).
    let deleted = git(&[
        "diff",
        "--name-only",
        "--no-renames",
        "--diff-filter=D",
        "-z",
        rev,
        "--",
    ])?
    .split('\0')
    .filter(|l| !l.is_empty())
    .map(str::to_owned)
    .collect();
    Ok(Changes {
        added: set,
        modified,
        deleted,
        rev: rev.to_owned(),
        given: given.to_owned(),
        root,
    })
}

/// A tiny glob: `*` (not `/`), `**` (anything), `?` (one character).
struct Glob(Vec<char>);

impl Glob {
    fn new(p: &str) -> Self {
        Glob(p.chars().collect())
    }

    fn matches(&self, path: &str) -> bool {
        let path: Vec<char> = path.replace('\\', "/").chars().collect();
        // Patterns without a slash match the file name anywhere; others match a suffix.
        if !self.0.contains(&'/') {
            let name_start = path.iter().rposition(|&c| c == '/').map_or(0, |i| i + 1);
            return glob(&self.0, &path[name_start..]);
        }
        (0..=path.len())
            .filter(|&i| i == 0 || path[i - 1] == '/')
            .any(|i| glob(&self.0, &path[i..]))
    }
}

fn glob(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            let rest = if p.get(2) == Some(&'/') {
                &p[3..]
            } else {
                &p[2..]
            };
            (0..=s.len()).any(|i| glob(rest, &s[i..]))
        }
        Some('*') => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != '/')
            .any(|i| glob(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && s[0] != '/' && glob(&p[1..], &s[1..]),
        Some(c) => s.first() == Some(c) && glob(&p[1..], &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_changed_line_reads_hunk_headers() {
        let diff =
            "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -3 +3 @@\n-a\n+b\n@@ -1,0 +2,2 @@\n+c\n";
        assert_eq!(first_changed_line(diff), Some(2));
        assert_eq!(first_changed_line("@@ -4,2 +3,0 @@ ctx\n"), Some(4));
        assert_eq!(first_changed_line("@@ -1 +0,0 @@\n"), Some(1));
        assert_eq!(first_changed_line("no hunks"), None);
        assert!(is_repeatable(Path::new("db/R__views.sql")));
        assert!(!is_repeatable(Path::new("db/V1__views.sql")));
    }

    #[test]
    fn globs() {
        assert!(Glob::new("*.down.sql").matches("db/migrations/1_a.down.sql"));
        assert!(Glob::new("legacy/**").matches("db/legacy/x/V1__a.sql"));
        assert!(Glob::new("db/*/V1__a.sql").matches("db/x/V1__a.sql"));
        assert!(!Glob::new("db/*/V1__a.sql").matches("db/x/y/V1__a.sql"));
        assert!(!Glob::new("V?__a.sql").matches("V10__a.sql"));
    }

    /// Issue 13, item 9: `--pg-version 13.0` means 13, as `13` does.
    #[test]
    fn issue13_pg_version_accepts_a_minor_version() {
        for (given, want) in [
            ("13", 13),
            ("13.0", 13),
            ("13.4", 13),
            ("9.6", 9),
            ("9.6.24", 9),
        ] {
            assert_eq!(parse_pg_version(given), Ok(want), "{given}");
        }
        for bad in ["", "13.", "thirteen", "13.x", "1.2.3.4", "8", "31", "-13"] {
            assert!(parse_pg_version(bad).is_err(), "{bad} accepted");
        }
        for (toml, want) in [("13", 13), ("13.0", 13), ("\"12.5\"", 12)] {
            let c =
                crate::config::parse(&format!("[lint-migrations]\npg-version = {toml}\n")).unwrap();
            assert_eq!(c.lint_migrations.pg_version, Some(want), "{toml}");
        }
        assert!(crate::config::parse("[lint-migrations]\npg-version = \"x\"\n").is_err());
    }

    #[test]
    fn config_section_parses() {
        let c = crate::config::parse(
            "[lint-migrations]\npaths = [\"db\"]\npg-version = 12\nexclude = [\"legacy/**\"]\nrules = { MIG046 = \"warning\", non-concurrent-index = \"off\" }\ndeprecations = [{ table = \"users\", column = \"email\", reason = \"moved\" }]\n",
        )
        .unwrap();
        assert_eq!(c.lint_migrations.pg_version, Some(12));
        assert_eq!(
            c.lint_migrations.deprecations[0].column.as_deref(),
            Some("email")
        );
        let err = crate::config::parse("[lint-migrations]\npg_version = 12\n").unwrap_err();
        assert_eq!(err.line, 2);
        let c = crate::config::parse(
            "[lint-migrations]\nnaming = { default = \"^[a-z_]+$\", foreign-key = \"_fkey$\" }\n",
        )
        .unwrap();
        assert_eq!(c.lint_migrations.naming["foreign-key"], "_fkey$");
    }
}
