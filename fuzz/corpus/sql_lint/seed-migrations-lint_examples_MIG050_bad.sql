-- No transaction: CONCURRENTLY cannot run in one.
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users DROP COLUMN legacy;
