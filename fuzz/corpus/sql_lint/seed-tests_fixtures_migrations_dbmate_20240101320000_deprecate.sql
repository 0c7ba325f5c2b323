-- migrate:up
-- Migration: deprecate
-- Author: platform team
SET lock_timeout = '2s';
COMMENT ON COLUMN shipments.reviews_id IS 'deprecated: no longer read since the v2 API';

-- migrate:down
DROP TABLE app_settings;
