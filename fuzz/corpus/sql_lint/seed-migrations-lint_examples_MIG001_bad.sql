-- users.nickname was never marked deprecated (history.sql only marks legacy_flag)
ALTER TABLE users DROP COLUMN nickname;
