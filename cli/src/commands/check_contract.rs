//! `shipgate check-contract`: check that every HTTP interaction of a pact is
//! valid against the provider's OpenAPI document (paths, methods, required
//! parameters, statuses, JSON schemas), using `shipgate_rules::contract`.

use anyhow::Context as _;
use clap::Args;

use crate::render::{OutputContext, Report};
use crate::ExitStatus;

/// Arguments of `shipgate check-contract`.
#[derive(Debug, Args)]
pub struct CheckContractArgs {
    /// The pact file to check
    #[arg(long, value_name = "FILE")]
    pub pact: std::path::PathBuf,

    /// The provider's OpenAPI document (2.0, 3.0 or 3.1; JSON or YAML)
    #[arg(long, value_name = "FILE")]
    pub openapi: std::path::PathBuf,
}

pub fn run(args: &CheckContractArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let pact_name = args.pact.display().to_string();
    let api_name = args.openapi.display().to_string();
    let pact_text =
        std::fs::read_to_string(&args.pact).with_context(|| format!("reading {pact_name}"))?;
    let pact = shipgate_rules::pact::parse_pact(&pact_text).map_err(|e| {
        anyhow::anyhow!(
            "{pact_name}:{}:{}: {}: {}",
            e.line,
            e.column,
            e.path,
            e.message
        )
    })?;
    let api_text =
        std::fs::read_to_string(&args.openapi).with_context(|| format!("reading {api_name}"))?;
    let spec = shipgate_rules::openapi::load_str(&api_name, &api_text)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let root = &spec.docs[0].root;
    let diagnostics = shipgate_rules::contract::check(&pact, &pact_name, root, &api_name);
    let checked = pact
        .interactions
        .iter()
        .filter(|i| matches!(i.kind, shipgate_rules::pact::InteractionKind::Http { .. }))
        .count();
    let rules = shipgate_rules::contract::rules::ALL;
    crate::render::emit(
        ctx,
        &Report {
            command: "check-contract",
            diagnostics: &diagnostics,
            rules,
            checked,
            checked_noun: "interaction",
            fail_on: ctx.fail_on,
            files: &[],
        },
    )
}
