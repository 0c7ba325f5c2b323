//! `shipgate create-version`: create or update a pacticipant version with its
//! branch and tags (as `pact broker create-or-update-version`).

use crate::broker_client::{encode, BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::Args;
use serde_json::json;

/// Arguments of `shipgate create-version`.
#[derive(Debug, Args)]
pub struct CreateVersionArgs {
    /// The application (pacticipant) name
    #[arg(long, short = 'a')]
    pub pacticipant: String,
    /// The version number
    #[arg(long, short = 'e')]
    pub version: String,
    /// Put the version on this branch
    #[arg(long)]
    pub branch: Option<String>,
    /// Tag the version (repeatable)
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Vec<String>,
    /// The CI build that produced the version
    #[arg(long, value_name = "URL")]
    pub build_url: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

pub fn run(args: &CreateVersionArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let doc = runtime.block_on(async {
        let path = format!(
            "/pacticipants/{}/versions/{}",
            encode(&args.pacticipant),
            encode(&args.version)
        );
        client
            .put(
                &path,
                &json!({"branch": args.branch, "buildUrl": args.build_url, "tags": args.tag}),
            )
            .await
    })?;
    if ctx.format == crate::args::Format::Json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else if !ctx.quiet {
        let mut line = format!("{} version {}", args.pacticipant, args.version);
        if let Some(b) = &args.branch {
            line.push_str(&format!(" on branch {b}"));
        }
        if !args.tag.is_empty() {
            line.push_str(&format!(" tagged {}", args.tag.join(", ")));
        }
        println!("{line} recorded");
    }
    Ok(ExitStatus::Success)
}
