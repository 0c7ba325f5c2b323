-- next file: db/V41__add_nickname.sql
ALTER TABLE users ADD COLUMN nickname text;
