//! The Pact contract model (specification v1 to v4) and request/response/message matching.
//!
//! - [`model`]: pact files, interactions, bodies, provider states (round-trips unknown fields).
//! - [`load`]: text → [`Pact`] with errors carrying a JSON path and line/column.
//! - [`rules`]: matching rules and path expressions.
//! - [`http`]: request/response/message matching → [`Mismatch`] data.
//! - [`generators`]: generated values (random, dates, provider state, stub URL) for replays.

pub mod body;
pub mod codes;
pub mod generators;
pub mod http;
pub mod load;
pub mod matchers;
pub mod mismatch;
pub mod model;
pub mod rules;
pub mod xml;

pub use http::{match_message, match_request, match_response};
pub use load::{parse_pact, PactLoadError};
pub use mismatch::{Mismatch, MismatchKind};
pub use model::{
    Body, BodyValue, HttpRequest, HttpResponse, Interaction, InteractionKind, Message, Pact,
    ProviderState, Query, SpecVersion,
};
