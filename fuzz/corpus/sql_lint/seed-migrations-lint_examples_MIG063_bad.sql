-- shipgate example: naming index = ^[a-z0-9_]+_idx$
-- shipgate example: naming default = ^[a-z][a-z0-9_]*$
CREATE INDEX CONCURRENTLY "UsersEmail" ON users (email);
ALTER TABLE users ADD COLUMN "lastLogin" timestamptz;
