//! `shipgate check-contract`: check that every HTTP interaction of a pact is
//! valid against the provider's OpenAPI document (paths, methods, required
//! parameters, statuses, JSON schemas), using `shipgate_rules::contract`.

use anyhow::Context as _;
use clap::Args;

use crate::openapi_source::{load, Origin, RefArgs};
use crate::render::{OutputContext, Report};
use crate::ExitStatus;

/// Arguments of `shipgate check-contract`.
#[derive(Debug, Args)]
pub struct CheckContractArgs {
    /// The pact file to check
    #[arg(long, value_name = "FILE")]
    pub pact: std::path::PathBuf,

    /// The provider's OpenAPI document (2.0, 3.0 or 3.1; JSON or YAML), or `REV:PATH` read through git
    #[arg(long, value_name = "FILE")]
    pub openapi: String,

    #[command(flatten)]
    pub refs: RefArgs,
}

pub fn run(args: &CheckContractArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let pact_name = args.pact.display().to_string();
    let origin = Origin::parse(&args.openapi);
    let api_name = origin.name();
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
    // Every document the `$ref`s reach, under the same reference policy as `diff`,
    // bundled into one value so JSON Schema validation resolves them locally.
    let spec = load(&origin, &args.refs)?;
    let root = spec.bundle();
    let diagnostics = shipgate_rules::contract::check(&pact, &pact_name, &root, &api_name);
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
