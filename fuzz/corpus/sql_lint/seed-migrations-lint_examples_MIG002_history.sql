COMMENT ON TABLE legacy_events IS 'deprecated: moved to events';
