-- Shop database schema, MariaDB / MySQL variant: the same tables with inline
-- ENUM columns (MariaDB has no named enum types; duplicates are columns whose
-- value sets repeat each other). No enum arrays here; MariaDB has none.

CREATE TABLE orders (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer    VARCHAR(40) NOT NULL,
    status      ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending',
    total_cents INT         NOT NULL,
    placed_at   DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY orders_status_idx (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE legacy_orders (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer    VARCHAR(40) NOT NULL,
    status      ENUM('pending', 'paid', 'shipped', 'canceled') NULL,
    total_cents INT         NOT NULL,
    KEY legacy_orders_status_idx (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invoices (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    order_id     BIGINT NOT NULL,
    status       ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending',
    amount_cents INT    NOT NULL,
    KEY invoices_status_idx (status),
    CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT invoices_paid_amount_chk CHECK (status <> 'paid' OR amount_cents > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE payments (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    invoice_id   BIGINT NOT NULL,
    method       ENUM('card', 'invoice', 'voucher') NOT NULL,
    amount_cents INT    NOT NULL,
    CONSTRAINT payments_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stock_items (
    sku      VARCHAR(20) PRIMARY KEY,
    state    ENUM('in_stock', 'reserved', 'out_of_stock') NOT NULL DEFAULT 'in_stock',
    quantity INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE VIEW open_invoices AS
    SELECT id, order_id, status, amount_cents
    FROM invoices
    WHERE status IN ('pending', 'paid');
