//! `shipgate rules`: list every rule with its code and level, or print one rule's docs.

use crate::args::Format;
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::Args;
use shipgate_diagnostics::RuleMeta;
use std::io::Write;

/// Arguments of `shipgate rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule code (`MIG001`) or name (`adding-not-null-column`) to explain
    pub rule: Option<String>,
}

/// Every rule shipgate knows, across all checkers, sorted by code.
pub fn all_rules() -> Vec<RuleMeta> {
    let mut rules: Vec<RuleMeta> = Vec::new();
    rules.extend(shipgate_migrations_lint::registry());
    rules.extend(shipgate_rules::registry());
    rules.sort_by(|a, b| a.code.cmp(b.code));
    rules
}

pub fn run(args: &RulesArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let rules = all_rules();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(wanted) = &args.rule {
        let Some(rule) = rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted)
        else {
            anyhow::bail!("no rule `{wanted}`; run `shipgate rules` to list them");
        };
        if ctx.format == Format::Json {
            serde_json::to_writer_pretty(&mut out, &rule_json(rule))?;
            writeln!(out)?;
        } else {
            writeln!(out, "# {} {}\n", rule.code, rule.name)?;
            writeln!(
                out,
                "Default level: {}{}\n",
                rule.default_level,
                if rule.opt_in { " (opt-in)" } else { "" }
            )?;
            write!(out, "{}", rule.doc_markdown())?;
        }
    } else if ctx.format == Format::Json {
        let list: Vec<_> = rules.iter().map(rule_json).collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        for r in &rules {
            writeln!(
                out,
                "{:<8} {:<7} {:<45} {}{}",
                r.code,
                r.default_level.as_str(),
                r.name,
                r.summary,
                if r.opt_in { " (opt-in)" } else { "" }
            )?;
        }
        if !ctx.quiet {
            writeln!(
                out,
                "\n{} rules. `shipgate rules CODE` explains one.",
                rules.len()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn rule_json(r: &RuleMeta) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "level": r.default_level,
        "summary": r.summary,
        "opt_in": r.opt_in,
        "doc": r.doc_markdown(),
    })
}
