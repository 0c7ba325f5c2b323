//! `shipgate publish-provider-contract`: publish a provider's OpenAPI document
//! with its self-verification result (bi-directional contract testing), with
//! the same flags as `pact pactflow publish-provider-contract` and the same
//! request (index relation `pf:publish-provider-contract`).

use crate::broker_client::{BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use anyhow::Context as _;
use base64::Engine as _;
use clap::Args;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Arguments of `shipgate publish-provider-contract`.
#[derive(Debug, Args)]
pub struct PublishProviderContractArgs {
    /// The provider contract: an OpenAPI document (YAML or JSON)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The provider's name
    #[arg(long)]
    pub provider: String,
    /// The provider version the document describes
    #[arg(
        long,
        short = 'a',
        env = "SHIPGATE_PROVIDER_APP_VERSION",
        value_name = "VERSION"
    )]
    pub provider_app_version: String,
    /// The provider version's branch
    #[arg(long, env = "SHIPGATE_BRANCH")]
    pub branch: Option<String>,
    /// Tag the provider version (repeatable)
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Vec<String>,
    /// The contract specification (only `oas`)
    #[arg(long, default_value = "oas")]
    pub specification: String,
    /// The document's content type [default: from the file extension]
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,
    /// The provider's own verification against the document passed
    #[arg(long, conflicts_with_all = ["no_verification_success", "verification_exit_code"])]
    pub verification_success: bool,
    /// The provider's own verification against the document failed
    #[arg(long, conflicts_with = "verification_exit_code")]
    pub no_verification_success: bool,
    /// The exit code of the verification (0 is success), instead of the two flags above
    #[arg(long, value_name = "N")]
    pub verification_exit_code: Option<i32>,
    /// The verification's output, stored with the contract
    #[arg(long, value_name = "FILE")]
    pub verification_results: Option<PathBuf>,
    /// Content type of --verification-results
    #[arg(long, value_name = "TYPE")]
    pub verification_results_content_type: Option<String>,
    /// Format of --verification-results (text, junit, …)
    #[arg(long, value_name = "FORMAT")]
    pub verification_results_format: Option<String>,
    /// The tool that verified the provider against the document
    #[arg(long, value_name = "NAME")]
    pub verifier: Option<String>,
    /// Its version
    #[arg(long, value_name = "VERSION")]
    pub verifier_version: Option<String>,
    /// The CI build that produced the document
    #[arg(long, env = "SHIPGATE_BUILD_URL", value_name = "URL")]
    pub build_url: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// The request body PactFlow's CLI sends.
pub fn body(args: &PublishProviderContractArgs, text: &str, results: Option<&str>) -> Value {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let content_type = args.content_type.clone().unwrap_or_else(|| {
        let json = args.file.extension().is_some_and(|e| e == "json");
        if json {
            "application/json"
        } else {
            "application/yaml"
        }
        .to_string()
    });
    let success = if args.verification_success {
        Some(true)
    } else if args.no_verification_success {
        Some(false)
    } else {
        args.verification_exit_code.map(|c| c == 0)
    };
    let mut contract = json!({
        "content": b64(text),
        "specification": args.specification,
        "contentType": content_type,
    });
    if success.is_some() || results.is_some() || args.verifier.is_some() {
        let mut sv = serde_json::Map::new();
        sv.insert("success".into(), json!(success.unwrap_or(false)));
        if let Some(r) = results {
            sv.insert("content".into(), json!(b64(r)));
        }
        for (k, v) in [
            ("contentType", &args.verification_results_content_type),
            ("format", &args.verification_results_format),
            ("verifier", &args.verifier),
            ("verifierVersion", &args.verifier_version),
        ] {
            if let Some(v) = v {
                sv.insert(k.into(), json!(v));
            }
        }
        contract["selfVerificationResults"] = Value::Object(sv);
    }
    let mut body = json!({
        "pacticipantVersionNumber": args.provider_app_version,
        "contract": contract,
    });
    if !args.tag.is_empty() {
        body["tags"] = json!(args.tag);
    }
    if let Some(b) = &args.branch {
        body["branch"] = json!(b);
    }
    if let Some(u) = &args.build_url {
        body["buildUrl"] = json!(u);
    }
    body
}

pub fn run(args: &PublishProviderContractArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let results = match &args.verification_results {
        Some(p) => Some(
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
        None => None,
    };
    // Refuse a document that is not OpenAPI before sending it, with its position.
    shipgate_rules::openapi::load_str(&args.file.display().to_string(), &text)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let body = body(args, &text, results.as_deref());
    let resp = runtime
        .block_on(async {
            let href = client
                .index_link(
                    "pf:publish-provider-contract",
                    &[("provider", &args.provider)],
                )
                .await?;
            client.post(&href, &body).await
        })
        .map_err(|e| crate::commands::publish_migrations::refused(e, "the provider contract"))?;
    print_notices(&resp, ctx)?;
    Ok(ExitStatus::Success)
}

/// Print a broker response's notices (or the whole document with --format json).
pub fn print_notices(resp: &Value, ctx: &OutputContext) -> anyhow::Result<()> {
    if ctx.format == crate::args::Format::Json {
        println!("{}", serde_json::to_string_pretty(resp)?);
    } else if !ctx.quiet {
        for n in resp
            .get("notices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            println!("{}", n.get("text").and_then(Value::as_str).unwrap_or(""));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: PublishProviderContractArgs,
    }

    #[test]
    fn body_matches_pactflow_cli() {
        let t = T::try_parse_from([
            "x",
            "oas.yaml",
            "--provider",
            "Bar",
            "--provider-app-version",
            "1",
            "--branch",
            "main",
            "--tag",
            "dev",
            "--build-url",
            "http://build",
            "--content-type",
            "application/yaml",
            "--verification-success",
            "--verifier",
            "my custom tool",
            "--verifier-version",
            "1.0",
        ])
        .unwrap();
        let b = body(&t.a, "some:\n  contract", Some("some results"));
        assert_eq!(
            b,
            json!({
                "pacticipantVersionNumber": "1", "tags": ["dev"], "branch": "main", "buildUrl": "http://build",
                "contract": {"content": "c29tZToKICBjb250cmFjdA==", "contentType": "application/yaml", "specification": "oas",
                    "selfVerificationResults": {"success": true, "content": "c29tZSByZXN1bHRz", "verifier": "my custom tool", "verifierVersion": "1.0"}}
            })
        );
    }
}
