-- migrate:up
\set ON_ERROR_STOP on
-- add_column_view
SET lock_timeout = '2s';
ALTER TABLE devices ADD COLUMN slug_3 boolean NOT NULL DEFAULT false;
CREATE OR REPLACE VIEW recent_suppliers AS
    SELECT id, name, created_at FROM suppliers
    WHERE created_at > now() - interval '30 days';

-- migrate:down
DROP TABLE app_settings;
