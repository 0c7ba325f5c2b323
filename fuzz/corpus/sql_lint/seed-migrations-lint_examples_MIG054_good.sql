ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD CONSTRAINT nickname_len CHECK (char_length(nickname) <= 50) NOT VALID;
