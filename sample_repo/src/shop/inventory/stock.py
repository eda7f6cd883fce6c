"""The stock book of one location."""
from __future__ import annotations

from shop.core.errors import OutOfStockError

from .models import StockItem, StockState


class StockBook:
    def __init__(self, location: str) -> None:
        self.location = location
        self._items: dict[str, StockItem] = {}

    def item(self, sku: str) -> StockItem:
        """The stored item, or an empty one (reading never adds a SKU)."""
        return self._items.get(sku) or StockItem(sku)

    def _stored(self, sku: str) -> StockItem:
        return self._items.setdefault(sku, StockItem(sku))

    def skus(self) -> list[str]:
        return sorted(self._items)

    def available(self, sku: str) -> int:
        return self.item(sku).available

    def state(self, sku: str) -> StockState:
        return self.item(sku).state

    def receive(self, sku: str, quantity: int) -> None:
        if quantity <= 0:
            raise ValueError("received quantity must be positive")
        self._stored(sku).on_hand += quantity

    def reserve(self, sku: str, quantity: int) -> None:
        available = self.available(sku)
        if available < quantity:
            raise OutOfStockError(sku, quantity, available)
        self._stored(sku).reserved += quantity

    def release(self, sku: str, quantity: int) -> None:
        item = self._stored(sku)
        item.reserved = max(0, item.reserved - quantity)

    def commit(self, sku: str, quantity: int) -> None:
        """Reserved units leave the building."""
        item = self._stored(sku)
        item.reserved -= quantity
        item.on_hand -= quantity


def low_stock(book: StockBook) -> list[str]:
    """SKUs whose available quantity is at or below the reorder threshold.

    DELIBERATE LAYER VIOLATION: this L2 module reaches up into the L3 inventory
    service for the threshold (lazily, so it still imports cleanly).
    """
    from .service import LOW_STOCK_THRESHOLD

    return [sku for sku in book.skus() if book.available(sku) <= LOW_STOCK_THRESHOLD]
