//! `shipgate can-i-deploy`: ask the broker's matrix whether a version can be
//! deployed to an environment, print the rows and the reasons, and exit 0
//! (yes) or 1 (no, or unknown).

use crate::broker_client::{encode, BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::Args;
use serde_json::Value;
use std::io::Write as _;
use std::time::Duration;

/// Arguments of `shipgate can-i-deploy`.
#[derive(Debug, Args)]
pub struct CanIDeployArgs {
    /// The application to deploy (repeat to deploy several together)
    #[arg(long, short = 'a', required = true)]
    pub pacticipant: Vec<String>,
    /// Its version (repeat in the same order as --pacticipant)
    #[arg(long, short = 'e')]
    pub version: Vec<String>,
    /// Use the latest version on this branch (for pacticipants without --version)
    #[arg(long)]
    pub branch: Option<String>,
    /// Use the latest version of the main branch (for pacticipants without --version)
    #[arg(long)]
    pub main_branch: bool,
    /// Use the latest version (with this tag, if given) for pacticipants without --version
    #[arg(long, short = 'l', num_args = 0..=1, default_missing_value = "", value_name = "TAG")]
    pub latest: Option<String>,
    /// The environment to deploy to
    #[arg(long, env = "SHIPGATE_ENVIRONMENT", value_name = "ENVIRONMENT")]
    pub to_environment: Option<String>,
    /// Legacy: deploy next to the latest versions carrying this tag
    #[arg(long, value_name = "TAG", conflicts_with = "to_environment")]
    pub to: Option<String>,
    /// Leave this pacticipant out of the decision (repeatable) [env: PACT_BROKER_CAN_I_DEPLOY_IGNORE, comma list]
    #[arg(long, value_name = "PACTICIPANT")]
    pub ignore: Vec<String>,
    /// While the answer is unknown (results not yet published), ask again up to N times
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retry_while_unknown: u32,
    /// Seconds between retries
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub retry_interval: u64,
    /// Let every error-level API change block, even one no deployed consumer relies on
    #[arg(long)]
    pub strict_api: bool,
    /// Print the answer but always exit 0 [env: PACT_BROKER_CAN_I_DEPLOY_DRY_RUN]
    #[arg(long, env = "SHIPGATE_CAN_I_DEPLOY_DRY_RUN")]
    pub dry_run: bool,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Build the `/matrix` query string the way the Pact CLI does.
pub fn matrix_query(args: &CanIDeployArgs, ignore: &[String]) -> anyhow::Result<String> {
    if args.version.len() > args.pacticipant.len() {
        anyhow::bail!(
            "more --version values ({}) than --pacticipant values ({})",
            args.version.len(),
            args.pacticipant.len()
        );
    }
    let mut parts: Vec<String> = Vec::new();
    for (i, p) in args.pacticipant.iter().enumerate() {
        parts.push(format!("q[][pacticipant]={}", encode(p)));
        if let Some(v) = args.version.get(i) {
            parts.push(format!("q[][version]={}", encode(v)));
        } else if let Some(b) = &args.branch {
            parts.push(format!("q[][branch]={}", encode(b)));
            parts.push("q[][latest]=true".into());
        } else if args.main_branch {
            parts.push("q[][mainBranch]=true".into());
            parts.push("q[][latest]=true".into());
        } else if let Some(tag) = &args.latest {
            parts.push("q[][latest]=true".into());
            if !tag.is_empty() {
                parts.push(format!("q[][tag]={}", encode(tag)));
            }
        } else {
            anyhow::bail!(
                "say which version of {p} to check: --version, --branch, --main-branch or --latest"
            );
        }
    }
    for i in ignore {
        parts.push(format!("ignore[][pacticipant]={}", encode(i)));
    }
    if let Some(tag) = &args.to {
        parts.push(format!("tag={}", encode(tag)));
    }
    let single = args.pacticipant.len() == 1;
    parts.push(format!(
        "latestby={}",
        if single && args.to_environment.is_none() {
            "cvp"
        } else {
            "cvpv"
        }
    ));
    if let Some(env) = &args.to_environment {
        parts.push(format!("environment={}", encode(env)));
    } else if single {
        parts.push("latest=true".into());
    }
    if args.strict_api {
        parts.push("strictApi=true".into());
    }
    Ok(parts.join("&"))
}

fn cell(v: &Value, ptr: &str) -> String {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// The rows as a text table.
pub fn table(doc: &Value) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "CONSUMER".into(),
        "C.VERSION".into(),
        "PROVIDER".into(),
        "P.VERSION".into(),
        "SUCCESS?".into(),
    ]];
    for r in doc
        .get("matrix")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let success = match r
            .pointer("/verificationResult/success")
            .and_then(Value::as_bool)
        {
            Some(true) => "true",
            Some(false) => "false",
            None => "unknown",
        };
        let ignored = r.get("ignored").and_then(Value::as_bool) == Some(true);
        let success = if r.get("verificationType").and_then(Value::as_str) == Some("BDCT") {
            format!("{success} (schema-checked)")
        } else {
            success.to_string()
        };
        let pv = cell(r, "/provider/version/number");
        rows.push([
            cell(r, "/consumer/name"),
            cell(r, "/consumer/version/number"),
            cell(r, "/provider/name"),
            if pv.is_empty() { "-".into() } else { pv },
            if ignored {
                format!("{success} (ignored)")
            } else {
                success
            },
        ]);
    }
    if rows.len() == 1 {
        return String::new();
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        out.push_str(line.join(" | ").trim_end());
        out.push('\n');
        if n == 0 {
            let sep: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push_str(&sep.join("-|-"));
            out.push('\n');
        }
    }
    out
}

pub fn run(args: &CanIDeployArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let mut ignore = args.ignore.clone();
    if let Ok(list) = std::env::var("PACT_BROKER_CAN_I_DEPLOY_IGNORE") {
        ignore.extend(
            list.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    let dry_run = args.dry_run
        || std::env::var("PACT_BROKER_CAN_I_DEPLOY_DRY_RUN").is_ok_and(|v| v == "true" || v == "1");
    let query = matrix_query(args, &ignore)?;
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let mut attempt = 0;
    let doc = loop {
        let doc = runtime.block_on(client.matrix(&query))?;
        let unknown = doc
            .pointer("/summary/deployable")
            .is_none_or(Value::is_null);
        if unknown && !dry_run && attempt < args.retry_while_unknown {
            attempt += 1;
            if !ctx.quiet {
                eprintln!(
                    "the answer is unknown (verification results missing); asking again in {}s ({attempt}/{})",
                    args.retry_interval, args.retry_while_unknown
                );
            }
            std::thread::sleep(Duration::from_secs(args.retry_interval));
            continue;
        }
        break doc;
    };
    let deployable = doc.pointer("/summary/deployable").and_then(Value::as_bool);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match ctx.format {
        crate::args::Format::Json => {
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        crate::args::Format::Markdown => {
            let verdict = if deployable == Some(true) {
                "✅ can deploy"
            } else {
                "❌ cannot deploy"
            };
            writeln!(out, "**{verdict}**\n")?;
            writeln!(
                out,
                "| consumer | version | provider | version | verified |\n|---|---|---|---|---|"
            )?;
            for r in doc
                .get("matrix")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(r, "/consumer/name"),
                    cell(r, "/consumer/version/number"),
                    cell(r, "/provider/name"),
                    cell(r, "/provider/version/number"),
                    r.pointer("/verificationResult/success")
                        .map_or("unknown".into(), Value::to_string)
                )?;
            }
            for line in reason_lines(&doc) {
                writeln!(out, "\n- {line}")?;
            }
        }
        _ => {
            if !ctx.quiet {
                write!(out, "{}", table(&doc))?;
                writeln!(out)?;
            }
            if deployable == Some(true) {
                writeln!(out, "Computer says yes \\o/")?;
            } else {
                writeln!(out, "Computer says no ¯\\_(ツ)_/¯")?;
            }
            for line in reason_lines(&doc) {
                writeln!(out, "{line}")?;
            }
        }
    }
    if dry_run && deployable != Some(true) {
        writeln!(out, "dry run: exiting 0 although the answer is no")?;
    }
    out.flush()?;
    Ok(if deployable == Some(true) || dry_run {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// One line per reason: `level[kind] text` from the joined verdict's
/// `reasons` (shipgate brokers), else the Pact Broker's notices or summary.
fn reason_lines(doc: &Value) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(reasons) = doc.get("reasons").and_then(Value::as_array) {
        for r in reasons {
            let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("");
            lines.push(format!("{}[{}] {}", s("level"), s("kind"), s("text")));
        }
        return lines;
    }
    for n in doc
        .get("notices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(t) = n.get("text").and_then(Value::as_str) {
            lines.push(t.to_string());
        }
    }
    if lines.is_empty() {
        if let Some(r) = doc.pointer("/summary/reason").and_then(Value::as_str) {
            lines.extend(r.lines().map(str::to_string));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: CanIDeployArgs,
    }

    fn q(argv: &[&str]) -> String {
        let t = T::try_parse_from(std::iter::once("x").chain(argv.iter().copied())).unwrap();
        matrix_query(&t.a, &t.a.ignore).unwrap()
    }

    #[test]
    fn queries_match_the_pact_cli() {
        assert_eq!(
            q(&[
                "--pacticipant",
                "C",
                "--version",
                "1.0.0",
                "--to-environment",
                "production"
            ]),
            "q[][pacticipant]=C&q[][version]=1.0.0&latestby=cvpv&environment=production"
        );
        assert_eq!(
            q(&["--pacticipant", "C", "--version", "1.0.0"]),
            "q[][pacticipant]=C&q[][version]=1.0.0&latestby=cvp&latest=true"
        );
        assert_eq!(
            q(&["-a", "C", "-e", "1", "-a", "P", "-e", "2", "--ignore", "X"]),
            "q[][pacticipant]=C&q[][version]=1&q[][pacticipant]=P&q[][version]=2&ignore[][pacticipant]=X&latestby=cvpv"
        );
    }

    #[test]
    fn table_lines_up_rows() {
        let doc = serde_json::json!({"matrix": [{"consumer": {"name": "web", "version": {"number": "1"}}, "provider": {"name": "users", "version": null}, "verificationResult": null}]});
        let t = table(&doc);
        assert!(
            t.contains("web      | 1         | users    | -         | unknown"),
            "{t}"
        );
    }
}
