-- migrate:up
-- Migration: deprecate
-- Author: platform team
SET lock_timeout = '2s';
-- shipgate-deprecate comments.payments_ref_id: no longer read since the v2 API

-- migrate:down
DROP TABLE app_settings;
