-- Sample data for db/schema.mysql.sql (MariaDB / MySQL), same rows as seed.sql
-- minus the enum arrays.

INSERT INTO orders (id, customer, status, total_cents, placed_at) VALUES
    (1, 'ada',     'pending',   1200, '2026-11-01 10:00:00'),
    (2, 'brendan', 'paid',      4550, '2026-11-02 11:30:00'),
    (3, 'chen',    'shipped',    990, '2026-11-03 09:15:00'),
    (4, 'dana',    'delivered', 7800, '2026-11-04 16:45:00'),
    (5, 'emeka',   'cancelled', 2300, '2026-11-05 08:00:00'),
    (6, 'fatima',  'paid',      1500, '2026-11-06 12:00:00');

INSERT INTO legacy_orders (id, customer, status, total_cents) VALUES
    (1, 'gus',    'pending',  500),
    (2, 'hana',   'paid',     800),
    (3, 'ivan',   'shipped', 1100),
    (4, 'jo',     'canceled', 300),
    (5, 'kemal',  NULL,       250),
    (6, 'lin',    'canceled', 900),
    (7, 'mo',     NULL,      1000);

INSERT INTO invoices (id, order_id, status, amount_cents) VALUES
    (1, 1, 'pending',   1200),
    (2, 2, 'paid',      4550),
    (3, 3, 'shipped',    990),
    (4, 4, 'delivered', 7800),
    (5, 5, 'cancelled', 2300),
    (6, 6, 'paid',      1500);

INSERT INTO payments (id, invoice_id, method, amount_cents) VALUES
    (1, 2, 'card',    4550),
    (2, 3, 'invoice',  990),
    (3, 4, 'voucher', 7800),
    (4, 6, 'card',    1500);

INSERT INTO stock_items (sku, state, quantity) VALUES
    ('SKU-001', 'in_stock',     12),
    ('SKU-002', 'reserved',      3),
    ('SKU-003', 'out_of_stock',  0);
