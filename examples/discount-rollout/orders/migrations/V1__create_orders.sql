-- orders 1.0.0: the table, with the old free-text coupon.
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id text NOT NULL,
    total integer NOT NULL,
    currency text NOT NULL,
    coupon text,
    created_at timestamptz NOT NULL DEFAULT now()
);
