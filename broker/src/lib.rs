//! The shipgate contract broker: a Pact Broker compatible HAL API,
//! can-i-deploy, and storage on embedded SQLite or PostgreSQL.
//!
//! Architecture invariant: only this crate knows HTTP routes and SQL storage.
