-- audit_log was never marked deprecated (history.sql only marks legacy_events)
DROP TABLE audit_log;
