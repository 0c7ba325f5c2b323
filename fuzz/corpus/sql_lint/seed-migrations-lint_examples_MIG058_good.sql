CREATE TABLE app.audit_log (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL);
