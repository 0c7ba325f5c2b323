//! The contract-vs-OpenAPI rules, one per file, and their code table.

mod interaction_method_undocumented;
mod interaction_path_undocumented;
mod interaction_request_body_invalid;
mod interaction_required_parameter_missing;
mod interaction_response_body_invalid;
mod interaction_status_undocumented;

pub use interaction_method_undocumented::InteractionMethodUndocumented;
pub use interaction_path_undocumented::InteractionPathUndocumented;
pub use interaction_request_body_invalid::InteractionRequestBodyInvalid;
pub use interaction_required_parameter_missing::InteractionRequiredParameterMissing;
pub use interaction_response_body_invalid::InteractionResponseBodyInvalid;
pub use interaction_status_undocumented::InteractionStatusUndocumented;

use shipgate_diagnostics::RuleMeta;

/// Every contract-vs-OpenAPI rule, by code.
pub const ALL: &[RuleMeta] = &[
    InteractionPathUndocumented::META,
    InteractionMethodUndocumented::META,
    InteractionStatusUndocumented::META,
    InteractionRequestBodyInvalid::META,
    InteractionResponseBodyInvalid::META,
    InteractionRequiredParameterMissing::META,
];
