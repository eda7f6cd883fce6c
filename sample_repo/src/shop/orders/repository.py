"""Storage of orders: in memory, or in the shop database (``SqlOrderRepository``, same interface)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..core.errors import NotFoundError
from .models import Order, OrderStatus


class OrderRepository:
    def __init__(self) -> None:
        self._orders: dict[int, Order] = {}
        self._last_id = 0

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def add(self, order: Order) -> Order:
        if order.id in self._orders:
            raise ValueError(f"order {order.id} already stored")
        self._orders[order.id] = order
        return order

    def get(self, order_id: int) -> Order:
        try:
            return self._orders[order_id]
        except KeyError:
            raise NotFoundError(f"no order {order_id}") from None

    def by_status(self, status: OrderStatus) -> list[Order]:
        return [order for order in self._orders.values() if order.status is status]

    def by_customer(self, customer_id: str) -> list[Order]:
        return [order for order in self._orders.values() if order.customer_id == customer_id]

    def __iter__(self) -> Iterator[Order]:
        return iter(list(self._orders.values()))

    def __len__(self) -> int:
        return len(self._orders)


class SqlOrderRepository:
    """Orders in the shop database, through any DB-API connection with ``%s`` parameters (psycopg)."""

    def __init__(self, connection: Any) -> None:
        self._db = connection

    def add(self, order: Order) -> Order:
        with self._db.cursor() as cur:
            cur.execute(
                "INSERT INTO orders (customer, status, total_cents, placed_at) VALUES (%s, %s, %s, %s) RETURNING id",
                (order.customer_id, order.status.value, order.total.cents, order.created_at),
            )
            order.id = cur.fetchone()[0]
        return order

    def get(self, order_id: int) -> Order:
        with self._db.cursor() as cur:
            cur.execute("SELECT id, customer, status, total_cents, placed_at FROM orders WHERE id = %s", (order_id,))
            row = cur.fetchone()
        if row is None:
            raise NotFoundError(f"no order {order_id}")
        return _order(row[0], row[1], row[2], row[4])

    def by_status(self, status: OrderStatus) -> list[Order]:
        with self._db.cursor() as cur:
            cur.execute("SELECT * FROM orders WHERE status = %s ORDER BY placed_at", (status.value,))
            return [_order(id_, customer, state, placed_at)
                    for id_, customer, state, _total, placed_at in cur.fetchall()]

    def by_customer(self, customer_id: str) -> list[Order]:
        with self._db.cursor() as cur:
            cur.execute("SELECT id, customer, status, placed_at FROM orders "
                        "WHERE customer_id = %s ORDER BY id", (customer_id,))
            return [_order(*row) for row in cur.fetchall()]

    def statuses(self, order_ids: list[int]) -> dict[int, str]:
        marks = ", ".join(["%s"] * len(order_ids))
        with self._db.cursor() as cur:
            cur.execute(f"SELECT id, status FROM orders WHERE id IN ({marks})", order_ids)
            return dict(cur.fetchall())

    def lines(self, order_id: int) -> list[tuple[str, int]]:
        with self._db.cursor() as cur:
            cur.execute("SELECT sku, quantity FROM order_lines WHERE order_id = %s ORDER BY sku", (order_id,))
            return list(cur.fetchall())

    def refund(self, order_id: int) -> None:
        with self._db.cursor() as cur:
            cur.execute("UPDATE orders SET status = 'refunded' WHERE id = %s AND status = 'paid'", (order_id,))

    def legacy_cancellations(self, customer_id: str) -> int:
        with self._db.cursor() as cur:
            cur.execute("SELECT count(*) FROM legacy_orders WHERE customer = %s AND status = 'cancelled'",
                        (customer_id,))
            return int(cur.fetchone()[0])

    def count(self, table: str) -> int:
        with self._db.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {table}")  # the table is the caller's: opaque to Guardian
            return int(cur.fetchone()[0])


def _order(order_id: int, customer: str, status: str, placed_at: datetime) -> Order:
    return Order(order_id, customer, [], placed_at, OrderStatus(status))
