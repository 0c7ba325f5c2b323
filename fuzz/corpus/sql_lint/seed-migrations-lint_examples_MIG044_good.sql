CREATE TABLE notes (id bigint PRIMARY KEY, body text);
DO $$ BEGIN RAISE NOTICE 'hi'; END $$;
