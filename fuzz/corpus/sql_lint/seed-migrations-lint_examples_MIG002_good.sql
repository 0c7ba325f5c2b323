-- legacy_events was marked in an earlier, merged migration (history.sql):
--   COMMENT ON TABLE legacy_events IS 'deprecated: moved to events';
DROP TABLE legacy_events;
