"""In-memory storage of orders (the database-backed one has the same interface)."""
from __future__ import annotations

from collections.abc import Iterator

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
