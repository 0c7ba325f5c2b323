-- users.legacy_flag was marked in an earlier, merged migration (history.sql):
--   -- shipgate-deprecate users.legacy_flag: replaced by users.flags
ALTER TABLE users DROP COLUMN legacy_flag;
