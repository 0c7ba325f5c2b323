//! The Pact Broker's webhook template variables: `${pactbroker.NAME}` in a
//! webhook's URL, headers and body is replaced with the value of NAME for the
//! event that triggered it (percent-encoded in the URL). Unknown names stay
//! as they are, as the Pact Broker leaves them.

use serde_json::{Map, Value};

/// Every variable the Pact Broker documents.
pub const VARIABLES: &[&str] = &[
    "pactUrl",
    "verificationResultUrl",
    "consumerName",
    "providerName",
    "consumerVersionNumber",
    "providerVersionNumber",
    "consumerVersionBranch",
    "providerVersionBranch",
    "consumerVersionTags",
    "providerVersionTags",
    "consumerLabels",
    "providerLabels",
    "consumerVersionDescriptions",
    "providerVersionDescriptions",
    "githubVerificationStatus",
    "bitbucketVerificationStatus",
    "azureDevOpsVerificationStatus",
    "gitlabVerificationStatus",
    "buildUrl",
    "eventName",
    "currentlyDeployedProviderVersionNumber",
];

/// Replace `${pactbroker.X}` in `text`; `encode` percent-encodes values (URLs).
pub fn render(text: &str, vars: &Map<String, Value>, encode: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${pactbroker.") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after["pactbroker.".len()..end];
                match vars.get(name) {
                    Some(v) => {
                        let s = match v {
                            Value::String(s) => s.clone(),
                            Value::Null => String::new(),
                            other => other.to_string(),
                        };
                        if encode {
                            out.push_str(&crate::http::seg(&s));
                        } else {
                            out.push_str(&s);
                        }
                    }
                    None => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Render every string inside a JSON body.
pub fn render_json(body: &Value, vars: &Map<String, Value>) -> Value {
    match body {
        Value::String(s) => Value::String(render(s, vars, false)),
        Value::Array(a) => Value::Array(a.iter().map(|v| render_json(v, vars)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (render(k, vars, false), render_json(v, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn variables_are_replaced() {
        let vars = json!({"consumerName": "web app", "providerVersionNumber": "2.0", "n": 3});
        let vars = vars.as_object().unwrap();
        assert_eq!(
            render(
                "http://ci/${pactbroker.consumerName}?v=${pactbroker.providerVersionNumber}",
                vars,
                true
            ),
            "http://ci/web%20app?v=2.0"
        );
        assert_eq!(
            render("${pactbroker.consumerName}!", vars, false),
            "web app!"
        );
        assert_eq!(
            render("${pactbroker.unknown} ${pactbroker.n}", vars, false),
            "${pactbroker.unknown} 3"
        );
        assert_eq!(
            render("${pactbroker.open", vars, false),
            "${pactbroker.open"
        );
        assert_eq!(
            render_json(
                &json!({"c": "${pactbroker.consumerName}", "l": [1, "${pactbroker.n}"]}),
                vars
            ),
            json!({"c": "web app", "l": [1, "3"]})
        );
    }
}
