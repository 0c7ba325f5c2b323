-- shipgate example: deleted V3__audit_log.sql, which was merged (and applied) before the pull request.
-- The pull request removes V3__audit_log.sql (CREATE TABLE audit_log …) and adds this
-- migration: production keeps audit_log, while a database built from the directory never has it.
CREATE TABLE audit_events (id bigint PRIMARY KEY, entry text);
