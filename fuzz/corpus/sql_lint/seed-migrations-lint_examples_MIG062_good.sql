-- next file: db/V43__add_nickname.sql
ALTER TABLE users ADD COLUMN nickname text;
