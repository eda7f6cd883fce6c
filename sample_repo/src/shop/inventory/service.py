"""Reserving stock for orders, all lines or none."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shop.core.errors import NotFoundError, OutOfStockError

from .models import Reservation
from .warehouse import Warehouse

if TYPE_CHECKING:  # only for annotations: inventory must not import orders at run time
    from shop.orders.models import Order

LOW_STOCK_THRESHOLD = 3


class InventoryService:
    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self._reservations: dict[int, list[Reservation]] = {}

    def reserve(self, order: Order) -> list[Reservation]:
        made: list[Reservation] = []
        try:
            for line in order.lines:
                made.append(self.warehouse.reserve(order.id, line.sku, line.quantity))
        except OutOfStockError:
            for reservation in made:
                self.warehouse.release(reservation)
            raise
        self._reservations[order.id] = made
        return made

    def reservations(self, order_id: int) -> list[Reservation]:
        try:
            return self._reservations[order_id]
        except KeyError:
            raise NotFoundError(f"no reservations for order {order_id}") from None

    def release(self, order_id: int) -> None:
        for reservation in self._reservations.pop(order_id, []):
            self.warehouse.release(reservation)

    def commit(self, order_id: int) -> None:
        for reservation in self.reservations(order_id):
            self.warehouse.commit(reservation)
        del self._reservations[order_id]
