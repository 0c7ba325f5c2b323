//! The Pact contract model (specification v1 to v4) and request/response/message matching.
