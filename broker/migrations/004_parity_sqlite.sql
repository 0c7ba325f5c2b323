-- Pact Broker parity (SQLite): labels, webhooks, triggered webhooks, executions.
CREATE TABLE IF NOT EXISTS labels (
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (pacticipant_id, name)
);
CREATE INDEX IF NOT EXISTS labels_name ON labels(name);
CREATE TABLE IF NOT EXISTS webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    description TEXT,
    consumer_id INTEGER REFERENCES pacticipants(id),
    consumer_label TEXT,
    provider_id INTEGER REFERENCES pacticipants(id),
    provider_label TEXT,
    events TEXT NOT NULL,
    request TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_consumer ON webhooks(consumer_id);
CREATE INDEX IF NOT EXISTS webhooks_provider ON webhooks(provider_id);
CREATE TABLE IF NOT EXISTS triggered_webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
    event_name TEXT NOT NULL,
    trigger_type TEXT NOT NULL,
    context TEXT NOT NULL,
    consumer_id INTEGER REFERENCES pacticipants(id),
    provider_id INTEGER REFERENCES pacticipants(id),
    pact_publication_id INTEGER REFERENCES pact_publications(id),
    verification_id INTEGER REFERENCES verifications(id),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT,
    claimed_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS triggered_webhooks_due ON triggered_webhooks(status, next_attempt_at);
CREATE INDEX IF NOT EXISTS triggered_webhooks_webhook ON triggered_webhooks(webhook_id);
CREATE INDEX IF NOT EXISTS triggered_webhooks_publication ON triggered_webhooks(pact_publication_id);
CREATE INDEX IF NOT EXISTS triggered_webhooks_verification ON triggered_webhooks(verification_id);
CREATE TABLE IF NOT EXISTS webhook_executions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    triggered_webhook_id INTEGER NOT NULL REFERENCES triggered_webhooks(id),
    success INTEGER NOT NULL,
    logs TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_executions_triggered ON webhook_executions(triggered_webhook_id);
CREATE INDEX IF NOT EXISTS verifications_provider_created ON verifications(provider_id, id);
CREATE INDEX IF NOT EXISTS pact_publications_consumer ON pact_publications(consumer_id, provider_id, consumer_version_id);
