-- shipgate example: this file was merged (and applied) before the pull request, which edited line 3.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
