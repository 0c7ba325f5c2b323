ALTER TYPE order_status ADD VALUE 'packed' AFTER 'paid';
