-- users.email was announced in an earlier, merged migration (history.sql):
--   -- shipgate-deprecate users.email: becomes NOT NULL
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
