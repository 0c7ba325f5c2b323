-- migrate:up
-- Migration: drop_deprecated_view
-- Author: platform team
SET lock_timeout = '2s';
ALTER TABLE projects DROP COLUMN IF EXISTS audits_id;
CREATE OR REPLACE VIEW recent_refunds AS
    SELECT id, name, created_at FROM refunds
    WHERE created_at > now() - interval '30 days';
UPDATE comments SET name = name WHERE id BETWEEN 1 AND 10000;

-- migrate:down
DROP TABLE app_settings;
