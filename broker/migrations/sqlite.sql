-- shipgate broker schema, SQLite dialect. Keep in step with postgres.sql.
CREATE TABLE IF NOT EXISTS pacticipants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT,
    main_branch TEXT,
    repository_url TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    number TEXT NOT NULL,
    build_url TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (pacticipant_id, number)
);
CREATE TABLE IF NOT EXISTS branches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (pacticipant_id, name)
);
CREATE TABLE IF NOT EXISTS branch_versions (
    branch_id INTEGER NOT NULL REFERENCES branches(id),
    version_id INTEGER NOT NULL REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (branch_id, version_id)
);
CREATE INDEX IF NOT EXISTS branch_versions_version ON branch_versions(version_id);
CREATE TABLE IF NOT EXISTS tags (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (version_id, name)
);
CREATE INDEX IF NOT EXISTS tags_pacticipant_name ON tags(pacticipant_id, name, version_id);
CREATE TABLE IF NOT EXISTS pact_contents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha TEXT NOT NULL UNIQUE,
    consumer_id INTEGER NOT NULL REFERENCES pacticipants(id),
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pact_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer_version_id INTEGER NOT NULL REFERENCES versions(id),
    consumer_id INTEGER NOT NULL REFERENCES pacticipants(id),
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id),
    pact_content_id INTEGER NOT NULL REFERENCES pact_contents(id),
    created_at TEXT NOT NULL,
    UNIQUE (consumer_version_id, provider_id)
);
CREATE INDEX IF NOT EXISTS pact_publications_provider ON pact_publications(provider_id, consumer_id, consumer_version_id);
CREATE INDEX IF NOT EXISTS pact_publications_content ON pact_publications(pact_content_id);
CREATE TABLE IF NOT EXISTS integrations (
    consumer_id INTEGER NOT NULL REFERENCES pacticipants(id),
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (consumer_id, provider_id)
);
CREATE INDEX IF NOT EXISTS integrations_provider ON integrations(provider_id);
CREATE TABLE IF NOT EXISTS verifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pact_content_id INTEGER NOT NULL REFERENCES pact_contents(id),
    provider_version_id INTEGER NOT NULL REFERENCES versions(id),
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id),
    success INTEGER NOT NULL,
    build_url TEXT,
    test_results TEXT,
    verified_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verifications_content_provider_version ON verifications(pact_content_id, provider_version_id, id);
CREATE INDEX IF NOT EXISTS verifications_provider_version ON verifications(provider_version_id);
CREATE TABLE IF NOT EXISTS environments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT,
    production INTEGER NOT NULL,
    contacts TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deployed_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    application_instance TEXT NOT NULL,
    currently_deployed INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    undeployed_at TEXT
);
CREATE INDEX IF NOT EXISTS deployed_versions_env ON deployed_versions(environment_id, currently_deployed, pacticipant_id);
CREATE INDEX IF NOT EXISTS deployed_versions_version ON deployed_versions(version_id);
CREATE TABLE IF NOT EXISTS released_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    currently_supported INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    support_ended_at TEXT,
    UNIQUE (version_id, environment_id)
);
CREATE INDEX IF NOT EXISTS released_versions_env ON released_versions(environment_id, currently_supported, pacticipant_id);
CREATE TABLE IF NOT EXISTS api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    token_sha256 TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
);
