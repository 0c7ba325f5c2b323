#!/usr/bin/env python3
"""Write the benchmark migration: 50,000 statements, about 3.7 MB, mixed safe and dangerous DDL.

Usage: generate.py OUT.sql [BLOCKS]

Each block is the ten statements squawk's own measurement used (see
../shared/reference/migration-lint.md §4): the six dangerous statements (DROP
COLUMN, ADD COLUMN NOT NULL, CREATE INDEX, RENAME COLUMN, FK without NOT VALID,
ALTER COLUMN TYPE) plus CREATE TABLE, UPDATE, a SELECT join and an INSERT.
Default 5,000 blocks = 50,000 statements.
"""
import sys

BLOCK = """ALTER TABLE users_{i} DROP COLUMN legacy_flag;
ALTER TABLE users_{i} ADD COLUMN score int NOT NULL;
CREATE INDEX users_{i}_email_idx ON users_{i} (email);
ALTER TABLE users_{i} RENAME COLUMN name TO full_name;
ALTER TABLE orders_{i} ADD CONSTRAINT orders_{i}_user_fk FOREIGN KEY (user_id) REFERENCES users_{i} (id);
ALTER TABLE orders_{i} ALTER COLUMN amount TYPE bigint;
CREATE TABLE audit_{i} (id bigint PRIMARY KEY, actor text NOT NULL, payload jsonb);
UPDATE accounts_{i} SET plan = 'free', updated_at = now() WHERE plan IS NULL;
SELECT u.id, count(o.id) FROM users_{i} u JOIN orders_{i} o ON o.user_id = u.id GROUP BY u.id;
INSERT INTO settings_{i} (key, value) VALUES ('feature.checkout_v2', 'enabled'), ('search', 'off');
"""


def main():
    out = sys.argv[1]
    blocks = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    with open(out, "w") as f:
        for i in range(blocks):
            f.write(BLOCK.format(i=i))


if __name__ == "__main__":
    main()
