-- No transaction: every statement can be re-run after a partial failure.
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
ALTER TABLE users DROP COLUMN IF EXISTS legacy;
