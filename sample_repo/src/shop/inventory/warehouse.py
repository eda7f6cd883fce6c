"""Several stock books; reservations go to the location with the most stock."""
from __future__ import annotations

from collections.abc import Iterable

from shop.core.errors import OutOfStockError

from .models import Reservation, StockItem
from .stock import StockBook, low_stock


class Warehouse:
    def __init__(self, locations: Iterable[str]) -> None:
        self.books = {location: StockBook(location) for location in locations}
        if not self.books:
            raise ValueError("a warehouse needs at least one location")

    def receive(self, location: str, sku: str, quantity: int) -> None:
        self.books[location].receive(sku, quantity)

    def available(self, sku: str) -> int:
        return sum(book.available(sku) for book in self.books.values())

    def totals(self, sku: str) -> StockItem:
        """The SKU summed over all locations."""
        items = [book.item(sku) for book in self.books.values()]
        return StockItem(sku, sum(i.on_hand for i in items), sum(i.reserved for i in items))

    def reserve(self, order_id: int, sku: str, quantity: int) -> Reservation:
        """Reserve from a single location (orders ship from one place)."""
        book = max(self.books.values(), key=lambda b: b.available(sku))
        if book.available(sku) < quantity:
            raise OutOfStockError(sku, quantity, book.available(sku))
        book.reserve(sku, quantity)
        return Reservation(order_id, sku, quantity, book.location)

    def release(self, reservation: Reservation) -> None:
        self.books[reservation.location].release(reservation.sku, reservation.quantity)

    def commit(self, reservation: Reservation) -> None:
        self.books[reservation.location].commit(reservation.sku, reservation.quantity)

    def low_stock(self) -> dict[str, list[str]]:
        return {name: skus for name, book in self.books.items() if (skus := low_stock(book))}
