-- users.phone was never announced (history.sql only marks users.email)
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
