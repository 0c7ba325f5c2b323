//! The OpenAPI diff rules, one per file, and the single table that assigns their codes.
//!
//! Codes are never reused: a retired rule keeps its number.

pub mod annotation_changed;
pub mod api_metadata_changed;
pub mod base_path_changed;
pub mod content_encoding_changed;
pub mod deprecated;
pub mod deprecation_sunset_missing;
pub mod endpoint_added;
pub mod endpoint_removed;
pub mod new_required_request_parameter;
pub mod new_required_request_property;
pub mod operation_security_scheme_removed;
pub mod operation_tags_changed;
pub mod optional_response_header_removed;
pub mod reactivated;
pub mod removed_after_sunset;
pub mod removed_before_sunset;
pub mod request_became_enum;
pub mod request_became_not_nullable;
pub mod request_body_became_required;
pub mod request_body_media_type_removed;
pub mod request_body_removed;
pub mod request_body_schema_added;
pub mod request_branch_removed;
pub mod request_constraint_added;
pub mod request_constraint_tightened;
pub mod request_enum_value_removed;
pub mod request_exclusion_added;
pub mod request_format_added;
pub mod request_parameter_became_required;
pub mod request_parameter_default_changed;
pub mod request_parameter_removed;
pub mod request_parameter_style_changed;
pub mod request_pattern_added;
pub mod request_pattern_changed;
pub mod request_property_became_required;
pub mod request_property_removed;
pub mod request_relaxed;
pub mod request_schema_constraint_added;
pub mod request_type_changed;
pub mod required_response_header_removed;
pub mod response_became_nullable;
pub mod response_body_schema_removed;
pub mod response_branch_added;
pub mod response_changed_compatibly;
pub mod response_constraint_loosened;
pub mod response_enum_widened;
pub mod response_exclusion_removed;
pub mod response_format_removed;
pub mod response_media_type_removed;
pub mod response_optional_property_removed;
pub mod response_property_became_optional;
pub mod response_required_property_removed;
pub mod response_schema_constraint_removed;
pub mod response_success_status_removed;
pub mod response_type_changed;
pub mod security_changed;
pub mod security_requirement_removed;
pub mod server_removed;
pub mod stability_decreased;
pub mod stability_level_invalid;
pub mod sunset_date_invalid;
pub mod sunset_date_too_soon;
pub mod sunset_removed;
pub mod webhook_removed;
pub mod webhook_reply_status_removed;

pub use annotation_changed::AnnotationChanged;
pub use api_metadata_changed::ApiMetadataChanged;
pub use base_path_changed::BasePathChanged;
pub use content_encoding_changed::ContentEncodingChanged;
pub use deprecated::Deprecated;
pub use deprecation_sunset_missing::DeprecationSunsetMissing;
pub use endpoint_added::EndpointAdded;
pub use endpoint_removed::EndpointRemoved;
pub use new_required_request_parameter::NewRequiredRequestParameter;
pub use new_required_request_property::NewRequiredRequestProperty;
pub use operation_security_scheme_removed::OperationSecuritySchemeRemoved;
pub use operation_tags_changed::OperationTagsChanged;
pub use optional_response_header_removed::OptionalResponseHeaderRemoved;
pub use reactivated::Reactivated;
pub use removed_after_sunset::RemovedAfterSunset;
pub use removed_before_sunset::RemovedBeforeSunset;
pub use request_became_enum::RequestBecameEnum;
pub use request_became_not_nullable::RequestBecameNotNullable;
pub use request_body_became_required::RequestBodyBecameRequired;
pub use request_body_media_type_removed::RequestBodyMediaTypeRemoved;
pub use request_body_removed::RequestBodyRemoved;
pub use request_body_schema_added::RequestBodySchemaAdded;
pub use request_branch_removed::RequestBranchRemoved;
pub use request_constraint_added::RequestConstraintAdded;
pub use request_constraint_tightened::RequestConstraintTightened;
pub use request_enum_value_removed::RequestEnumValueRemoved;
pub use request_exclusion_added::RequestExclusionAdded;
pub use request_format_added::RequestFormatAdded;
pub use request_parameter_became_required::RequestParameterBecameRequired;
pub use request_parameter_default_changed::RequestParameterDefaultChanged;
pub use request_parameter_removed::RequestParameterRemoved;
pub use request_parameter_style_changed::RequestParameterStyleChanged;
pub use request_pattern_added::RequestPatternAdded;
pub use request_pattern_changed::RequestPatternChanged;
pub use request_property_became_required::RequestPropertyBecameRequired;
pub use request_property_removed::RequestPropertyRemoved;
pub use request_relaxed::RequestRelaxed;
pub use request_schema_constraint_added::RequestSchemaConstraintAdded;
pub use request_type_changed::RequestTypeChanged;
pub use required_response_header_removed::RequiredResponseHeaderRemoved;
pub use response_became_nullable::ResponseBecameNullable;
pub use response_body_schema_removed::ResponseBodySchemaRemoved;
pub use response_branch_added::ResponseBranchAdded;
pub use response_changed_compatibly::ResponseChangedCompatibly;
pub use response_constraint_loosened::ResponseConstraintLoosened;
pub use response_enum_widened::ResponseEnumWidened;
pub use response_exclusion_removed::ResponseExclusionRemoved;
pub use response_format_removed::ResponseFormatRemoved;
pub use response_media_type_removed::ResponseMediaTypeRemoved;
pub use response_optional_property_removed::ResponseOptionalPropertyRemoved;
pub use response_property_became_optional::ResponsePropertyBecameOptional;
pub use response_required_property_removed::ResponseRequiredPropertyRemoved;
pub use response_schema_constraint_removed::ResponseSchemaConstraintRemoved;
pub use response_success_status_removed::ResponseSuccessStatusRemoved;
pub use response_type_changed::ResponseTypeChanged;
pub use security_changed::SecurityChanged;
pub use security_requirement_removed::SecurityRequirementRemoved;
pub use server_removed::ServerRemoved;
pub use stability_decreased::StabilityDecreased;
pub use stability_level_invalid::StabilityLevelInvalid;
pub use sunset_date_invalid::SunsetDateInvalid;
pub use sunset_date_too_soon::SunsetDateTooSoon;
pub use sunset_removed::SunsetRemoved;
pub use webhook_removed::WebhookRemoved;
pub use webhook_reply_status_removed::WebhookReplyStatusRemoved;

use shipgate_diagnostics::RuleMeta;

/// Every rule with the oasdiff ids it covers, in code order.
pub const ALL: &[(RuleMeta, &[&str])] = &[
    (EndpointRemoved::META, endpoint_removed::OASDIFF),
    (RemovedBeforeSunset::META, removed_before_sunset::OASDIFF),
    (
        DeprecationSunsetMissing::META,
        deprecation_sunset_missing::OASDIFF,
    ),
    (SunsetDateInvalid::META, sunset_date_invalid::OASDIFF),
    (SunsetDateTooSoon::META, sunset_date_too_soon::OASDIFF),
    (SunsetRemoved::META, sunset_removed::OASDIFF),
    (StabilityDecreased::META, stability_decreased::OASDIFF),
    (
        StabilityLevelInvalid::META,
        stability_level_invalid::OASDIFF,
    ),
    (WebhookRemoved::META, webhook_removed::OASDIFF),
    (
        NewRequiredRequestParameter::META,
        new_required_request_parameter::OASDIFF,
    ),
    (
        RequestParameterRemoved::META,
        request_parameter_removed::OASDIFF,
    ),
    (
        RequestParameterBecameRequired::META,
        request_parameter_became_required::OASDIFF,
    ),
    (
        RequestParameterDefaultChanged::META,
        request_parameter_default_changed::OASDIFF,
    ),
    (RequestTypeChanged::META, request_type_changed::OASDIFF),
    (ResponseTypeChanged::META, response_type_changed::OASDIFF),
    (
        RequestEnumValueRemoved::META,
        request_enum_value_removed::OASDIFF,
    ),
    (RequestBecameEnum::META, request_became_enum::OASDIFF),
    (ResponseEnumWidened::META, response_enum_widened::OASDIFF),
    (
        RequestConstraintTightened::META,
        request_constraint_tightened::OASDIFF,
    ),
    (
        RequestConstraintAdded::META,
        request_constraint_added::OASDIFF,
    ),
    (
        ResponseConstraintLoosened::META,
        response_constraint_loosened::OASDIFF,
    ),
    (RequestPatternAdded::META, request_pattern_added::OASDIFF),
    (
        RequestPatternChanged::META,
        request_pattern_changed::OASDIFF,
    ),
    (
        RequestBecameNotNullable::META,
        request_became_not_nullable::OASDIFF,
    ),
    (
        ResponseBecameNullable::META,
        response_became_nullable::OASDIFF,
    ),
    (
        NewRequiredRequestProperty::META,
        new_required_request_property::OASDIFF,
    ),
    (
        RequestPropertyBecameRequired::META,
        request_property_became_required::OASDIFF,
    ),
    (
        RequestPropertyRemoved::META,
        request_property_removed::OASDIFF,
    ),
    (
        ResponseRequiredPropertyRemoved::META,
        response_required_property_removed::OASDIFF,
    ),
    (
        ResponseOptionalPropertyRemoved::META,
        response_optional_property_removed::OASDIFF,
    ),
    (
        ResponsePropertyBecameOptional::META,
        response_property_became_optional::OASDIFF,
    ),
    (RequestBranchRemoved::META, request_branch_removed::OASDIFF),
    (ResponseBranchAdded::META, response_branch_added::OASDIFF),
    (
        RequestBodyMediaTypeRemoved::META,
        request_body_media_type_removed::OASDIFF,
    ),
    (
        RequestBodyBecameRequired::META,
        request_body_became_required::OASDIFF,
    ),
    (RequestBodyRemoved::META, request_body_removed::OASDIFF),
    (
        RequestBodySchemaAdded::META,
        request_body_schema_added::OASDIFF,
    ),
    (
        ResponseMediaTypeRemoved::META,
        response_media_type_removed::OASDIFF,
    ),
    (
        ResponseBodySchemaRemoved::META,
        response_body_schema_removed::OASDIFF,
    ),
    (
        ResponseSuccessStatusRemoved::META,
        response_success_status_removed::OASDIFF,
    ),
    (
        RequiredResponseHeaderRemoved::META,
        required_response_header_removed::OASDIFF,
    ),
    (
        OptionalResponseHeaderRemoved::META,
        optional_response_header_removed::OASDIFF,
    ),
    (
        ContentEncodingChanged::META,
        content_encoding_changed::OASDIFF,
    ),
    (
        RequestSchemaConstraintAdded::META,
        request_schema_constraint_added::OASDIFF,
    ),
    (
        ResponseSchemaConstraintRemoved::META,
        response_schema_constraint_removed::OASDIFF,
    ),
    (RequestFormatAdded::META, request_format_added::OASDIFF),
    (
        ResponseFormatRemoved::META,
        response_format_removed::OASDIFF,
    ),
    (
        RequestExclusionAdded::META,
        request_exclusion_added::OASDIFF,
    ),
    (
        SecurityRequirementRemoved::META,
        security_requirement_removed::OASDIFF,
    ),
    (
        ResponseExclusionRemoved::META,
        response_exclusion_removed::OASDIFF,
    ),
    (
        WebhookReplyStatusRemoved::META,
        webhook_reply_status_removed::OASDIFF,
    ),
    (
        OperationSecuritySchemeRemoved::META,
        operation_security_scheme_removed::OASDIFF,
    ),
    (
        RequestParameterStyleChanged::META,
        request_parameter_style_changed::OASDIFF,
    ),
    (BasePathChanged::META, base_path_changed::OASDIFF),
    (ServerRemoved::META, server_removed::OASDIFF),
    (EndpointAdded::META, endpoint_added::OASDIFF),
    (Deprecated::META, deprecated::OASDIFF),
    (RemovedAfterSunset::META, removed_after_sunset::OASDIFF),
    (Reactivated::META, reactivated::OASDIFF),
    (SecurityChanged::META, security_changed::OASDIFF),
    (RequestRelaxed::META, request_relaxed::OASDIFF),
    (
        ResponseChangedCompatibly::META,
        response_changed_compatibly::OASDIFF,
    ),
    (AnnotationChanged::META, annotation_changed::OASDIFF),
    (ApiMetadataChanged::META, api_metadata_changed::OASDIFF),
    (OperationTagsChanged::META, operation_tags_changed::OASDIFF),
];
