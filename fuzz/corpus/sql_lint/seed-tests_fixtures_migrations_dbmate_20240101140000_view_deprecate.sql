-- migrate:up
/* view_deprecate
 * Reviewed in the weekly schema review.
 */
SET lock_timeout = '2s';
CREATE OR REPLACE VIEW recent_shipments AS
    SELECT id, name, created_at FROM shipments
    WHERE created_at > now() - interval '30 days';
COMMENT ON COLUMN projects.audits_id IS 'deprecated: no longer read since the v2 API';

-- migrate:down
DROP TABLE app_settings;
