//! `shipgate publish-migrations DIR --pacticipant P --version V [--database NAME]`:
//! upload the SQL migrations a version carries. The broker analyses them
//! (phases, touched objects) itself, so every client gets the same answer,
//! and uses them in can-i-deploy.

use crate::broker_client::{encode, BrokerArgs, BrokerClient, BrokerError};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::Args;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Arguments of `shipgate publish-migrations`.
#[derive(Debug, Args)]
pub struct PublishMigrationsArgs {
    /// Directories or files holding the migrations (every `.sql` file, recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The application the migrations belong to
    #[arg(long, short = 'a')]
    pub pacticipant: String,
    /// Its version (the one that carries these migrations)
    #[arg(long, short = 'e')]
    pub version: String,
    /// The database they apply to [default: the pacticipant's name]; services
    /// sharing one database name share one migration history
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,
    /// The version's branch
    #[arg(long, env = "SHIPGATE_BRANCH")]
    pub branch: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Read every `.sql` file under `paths`, named relative to the directory given
/// (the name the broker records). An unreadable file or directory is an error naming it.
pub fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", p.display()))?;
        if meta.is_file() {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            out.push((name, read(p)?));
            continue;
        }
        let mut files = Vec::new();
        walk(p, &mut files)?;
        files.sort();
        for f in files {
            let rel = f
                .strip_prefix(p)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, read(&f)?));
        }
    }
    if out.is_empty() {
        anyhow::bail!(
            "no .sql migration files under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot read directory: {e}", dir.display()))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| anyhow::anyhow!("{}: cannot read directory: {e}", dir.display()))?;
        let path = entry.path();
        let ty = entry
            .file_type()
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
        if ty.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<String> {
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
    shipgate_migrations_lint::decode(&path.display().to_string(), bytes).map_err(|d| {
        let at = d
            .location
            .span
            .map(|s| format!(":{}:{}", s.start.line, s.start.column))
            .unwrap_or_default();
        anyhow::anyhow!("{}{at}: {}", path.display(), d.message)
    })
}

/// A broker refusal as one message (409s name the difference).
pub fn refused(e: BrokerError, what: &str) -> anyhow::Error {
    if let BrokerError::Status {
        status,
        body,
        message,
        ..
    } = &e
    {
        let detail = body
            .get("notices")
            .and_then(Value::as_array)
            .and_then(|n| n.iter().find(|n| n["type"] == "info"))
            .and_then(|n| n["text"].as_str())
            .filter(|_| status.as_u16() == 409);
        return anyhow::anyhow!(
            "the broker refused {what}: {}{}",
            if status.as_u16() == 409 {
                message.lines().next().unwrap_or(message)
            } else {
                message
            },
            detail.map(|d| format!("\n{d}")).unwrap_or_default()
        );
    }
    anyhow::Error::new(e).context(format!("publishing {what}"))
}

pub fn run(args: &PublishMigrationsArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let files = collect(&args.paths)?;
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let body = json!({
        "database": args.database,
        "branch": args.branch,
        "files": files.iter().map(|(n, c)| json!({"name": n, "content": c})).collect::<Vec<_>>(),
    });
    let path = format!(
        "/pacticipants/{}/versions/{}/migrations",
        encode(&args.pacticipant),
        encode(&args.version)
    );
    let resp = runtime
        .block_on(client.post(&path, &body))
        .map_err(|e| refused(e, "the migrations"))?;
    if ctx.format == crate::args::Format::Json {
        println!("{}", serde_json::to_string_pretty(&resp)?);
        return Ok(ExitStatus::Success);
    }
    crate::commands::publish_provider_contract::print_notices(&resp, ctx)?;
    if ctx.verbose > 0 {
        for f in resp
            .get("files")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            println!("  {}", f["name"].as_str().unwrap_or(""));
            for s in f["steps"].as_array().into_iter().flatten() {
                println!(
                    "    {:>4}  {:<8}  {}",
                    s["line"],
                    s["phase"].as_str().unwrap_or(""),
                    s["text"].as_str().unwrap_or("")
                );
            }
        }
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_sql_files_recursively_with_relative_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("V1__a.sql"), "select 1;").unwrap();
        std::fs::write(dir.path().join("sub/V2__b.sql"), "select 2;").unwrap();
        std::fs::write(dir.path().join("README.md"), "no").unwrap();
        let got = collect(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["V1__a.sql", "sub/V2__b.sql"]);
        let err = collect(&[dir.path().join("missing")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing: cannot read"), "{err}");
        std::fs::write(dir.path().join("V3__bad.sql"), b"select '\xff';").unwrap();
        let err = collect(&[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("V3__bad.sql:1:"), "{err}");
    }
}
