//! Stable codes for contract verification findings (`PACT001`…): one per kind of
//! [`super::MismatchKind`], plus `PACT009` for interactions that could not be verified.

use shipgate_diagnostics::{declare_rule, RuleMeta};

use super::mismatch::MismatchKind;

declare_rule! {
    /// ## What it flags
    /// A request's method differs from the method recorded in the pact.
    ///
    /// ## Why it is dangerous
    /// The consumer will call the provider with the pact's method; a provider or stub that only answers another method breaks the consumer at runtime.
    ///
    /// ## Safe alternative
    /// Make the consumer's request and the pact agree, then republish the pact.
    pub struct MethodMismatch {
        code: "PACT001",
        name: "pact-method-mismatch",
        level: Error,
        summary: "The provider was called with a different HTTP method than the contract expects (stub and request matching).",
    }
}

declare_rule! {
    /// ## What it flags
    /// A request's path differs from the pact's path (or does not match its `path` matching rule).
    ///
    /// ## Why it is dangerous
    /// The consumer calls exactly this path; a different path is a different resource.
    ///
    /// ## Safe alternative
    /// Use a `regex` matcher on the path in the consumer test when ids vary, or fix the path.
    pub struct PathMismatch {
        code: "PACT002",
        name: "pact-path-mismatch",
        level: Error,
        summary: "The request path differs from the contract's path.",
    }
}

declare_rule! {
    /// ## What it flags
    /// A query parameter is missing, unexpected, or has a different value than the pact expects. Keys and values compare percent-decoded (`%3D` and `=` inside a value are the same). In a v1 pact the query is a string and its parameters must also come in the same order; from v1.1 on, order between different parameters does not matter.
    ///
    /// ## Why it is dangerous
    /// Providers treat query parameters as input; a missing or renamed parameter changes the answer the consumer gets.
    ///
    /// ## Safe alternative
    /// Send the parameters the pact records, or relax the value with a `regex`/`type` matcher in the consumer test.
    pub struct QueryMismatch {
        code: "PACT003",
        name: "pact-query-mismatch",
        level: Error,
        summary: "Query parameters differ from the contract.",
    }
}

declare_rule! {
    /// ## What it flags
    /// An expected header is missing from the provider's response (or the request), or its value differs. Names compare case-insensitively; values are split on commas; `Content-Type` parameters compare by value.
    ///
    /// ## Why it is dangerous
    /// Consumers branch on headers such as `Content-Type` and `Location`; a missing or different header breaks their parsing.
    ///
    /// ## Safe alternative
    /// Return the header the consumer relies on, or loosen the expectation with a header matching rule.
    pub struct HeaderMismatch {
        code: "PACT004",
        name: "pact-header-mismatch",
        level: Error,
        summary: "A header is missing or has a different value than the contract expects.",
    }
}

declare_rule! {
    /// ## What it flags
    /// The provider answered with a different HTTP status than the pact expects (or one outside its `statusCode` rule).
    ///
    /// ## Why it is dangerous
    /// Consumers decide success or failure from the status; a 404 where a 200 is expected, or a 201 where 200 is expected, takes another code path.
    ///
    /// ## Safe alternative
    /// Put the provider into the state the interaction names (check the provider-state endpoint), or fix the status.
    pub struct StatusMismatch {
        code: "PACT005",
        name: "pact-status-mismatch",
        level: Error,
        summary: "The response status differs from the contract.",
    }
}

declare_rule! {
    /// ## What it flags
    /// A value in the body is missing, has a different type, does not match its matching rule, or (in requests) an unexpected key is present. The finding names the JSON path, such as `$.items[2].price`.
    ///
    /// ## Why it is dangerous
    /// The consumer reads these fields; a renamed or retyped field is exactly the break contract tests exist to catch.
    ///
    /// ## Safe alternative
    /// Keep the field (add the new one alongside, deprecate, then remove once no consumer's pact mentions it), or agree a contract change with the consumer first.
    pub struct BodyMismatch {
        code: "PACT006",
        name: "pact-body-mismatch",
        level: Error,
        summary: "The body differs from the contract at a path.",
    }
}

declare_rule! {
    /// ## What it flags
    /// The body arrived as a different kind (JSON, XML, form, text) than the pact expects.
    ///
    /// ## Why it is dangerous
    /// The consumer parses the body according to its content type; a different kind is unreadable to it.
    ///
    /// ## Safe alternative
    /// Serve the content type the pact records.
    pub struct BodyTypeMismatch {
        code: "PACT007",
        name: "pact-body-content-type-mismatch",
        level: Error,
        summary: "The body's content type differs from the contract's.",
    }
}

declare_rule! {
    /// ## What it flags
    /// A message's metadata key is missing or its value differs (metadata comes from the `Pact-Message-Metadata` header of the message endpoint).
    ///
    /// ## Why it is dangerous
    /// Consumers route and decode messages by metadata such as `topic` or `contentType`.
    ///
    /// ## Safe alternative
    /// Return the metadata the pact records from the provider's message endpoint.
    pub struct MetadataMismatch {
        code: "PACT008",
        name: "pact-message-metadata-mismatch",
        level: Error,
        summary: "Message metadata differs from the contract.",
    }
}

declare_rule! {
    /// ## What it flags
    /// The provider could not be reached, timed out, a provider-state call failed, or the message endpoint did not return a message.
    ///
    /// ## Why it is dangerous
    /// An unverified interaction gives no evidence that the consumer is safe; the gate must not pass silently.
    ///
    /// ## Safe alternative
    /// Check `--provider-base-url`, `--provider-states-setup-url` and the provider's logs; raise `--timeout` if the provider is slow.
    pub struct VerificationError {
        code: "PACT009",
        name: "pact-verification-error",
        level: Error,
        summary: "An interaction could not be verified at all.",
    }
}

/// Every verification code, in order.
pub fn registry() -> Vec<RuleMeta> {
    vec![
        MethodMismatch::META,
        PathMismatch::META,
        QueryMismatch::META,
        HeaderMismatch::META,
        StatusMismatch::META,
        BodyMismatch::META,
        BodyTypeMismatch::META,
        MetadataMismatch::META,
        VerificationError::META,
    ]
}

/// The rule metadata for a mismatch kind.
pub fn meta(kind: MismatchKind) -> &'static RuleMeta {
    match kind {
        MismatchKind::Method => &MethodMismatch::META,
        MismatchKind::Path => &PathMismatch::META,
        MismatchKind::Query => &QueryMismatch::META,
        MismatchKind::Header => &HeaderMismatch::META,
        MismatchKind::Status => &StatusMismatch::META,
        MismatchKind::Body => &BodyMismatch::META,
        MismatchKind::BodyType => &BodyTypeMismatch::META,
        MismatchKind::Metadata => &MetadataMismatch::META,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_agree_with_kinds_and_docs_are_complete() {
        for kind in [
            MismatchKind::Method,
            MismatchKind::Path,
            MismatchKind::Query,
            MismatchKind::Header,
            MismatchKind::Status,
            MismatchKind::Body,
            MismatchKind::BodyType,
            MismatchKind::Metadata,
        ] {
            assert_eq!(meta(kind).code, kind.code());
        }
        for r in registry() {
            assert!(r.missing_doc_sections().is_empty(), "{}", r.code);
        }
    }
}
