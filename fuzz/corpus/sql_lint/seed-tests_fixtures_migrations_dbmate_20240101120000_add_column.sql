-- migrate:up
/* add_column
 * Reviewed in the weekly schema review.
 */
SET lock_timeout = '2s';
ALTER TABLE audits ADD COLUMN hint_1 boolean NOT NULL DEFAULT false;

-- migrate:down
DROP TABLE app_settings;
