-- The gate's evidence (issue 15): provider contracts, cached schema checks
-- and API diffs, migrations per version and per environment, overrides.
CREATE TABLE IF NOT EXISTS provider_contracts (
    version_id INTEGER PRIMARY KEY REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    sha TEXT NOT NULL,
    content TEXT NOT NULL,
    content_type TEXT NOT NULL,
    specification TEXT NOT NULL,
    self_verified INTEGER,
    verifier TEXT,
    verifier_version TEXT,
    verification_content TEXT,
    verification_content_type TEXT,
    verification_format TEXT,
    build_url TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS provider_contracts_pacticipant ON provider_contracts(pacticipant_id, version_id);
CREATE TABLE IF NOT EXISTS schema_checks (
    pact_content_id INTEGER NOT NULL REFERENCES pact_contents(id),
    provider_version_id INTEGER NOT NULL REFERENCES versions(id),
    success INTEGER,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (pact_content_id, provider_version_id)
);
CREATE TABLE IF NOT EXISTS api_diffs (
    base_version_id INTEGER NOT NULL REFERENCES versions(id),
    rev_version_id INTEGER NOT NULL REFERENCES versions(id),
    changes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (base_version_id, rev_version_id)
);
CREATE TABLE IF NOT EXISTS migration_sets (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    database_name TEXT NOT NULL,
    sha TEXT NOT NULL,
    files TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (version_id, database_name)
);
CREATE TABLE IF NOT EXISTS migration_set_files (
    database_name TEXT NOT NULL,
    name TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    PRIMARY KEY (database_name, name, version_id)
);
CREATE TABLE IF NOT EXISTS migration_sources (
    checksum TEXT PRIMARY KEY,
    content TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS environment_migrations (
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    database_name TEXT NOT NULL,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    file TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (environment_id, database_name, name)
);
CREATE TABLE IF NOT EXISTS gate_overrides (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    version_number TEXT NOT NULL,
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gate_overrides_target ON gate_overrides(pacticipant_id, environment_id);
CREATE INDEX IF NOT EXISTS deployed_versions_env_pacticipant ON deployed_versions(environment_id, pacticipant_id, version_id);
