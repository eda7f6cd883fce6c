from unittest import mock

import pytest

from shop.core.errors import OutOfStockError
from shop.inventory.models import StockItem, StockState
from shop.inventory.stock import StockBook, low_stock


def test_reserve_from_location_with_most_stock(warehouse) -> None:
    assert warehouse.reserve(1, "MUG", 3).location == "berlin"
    assert warehouse.reserve(2, "CAP", 2).location == "paris"
    with pytest.raises(OutOfStockError):
        warehouse.reserve(3, "MUG", 21)  # 22 in total, but no single location has 21


def test_stock_states() -> None:
    assert StockItem("X", on_hand=2, reserved=1).state is StockState.IN_STOCK
    assert StockItem("X", on_hand=2, reserved=2).state is StockState.RESERVED
    assert StockItem("X").state is StockState.OUT_OF_STOCK


def test_release_and_commit() -> None:
    book = StockBook("berlin")
    book.receive("TEE", 5)
    book.reserve("TEE", 4)
    book.release("TEE", 1)
    book.commit("TEE", 3)
    assert (book.item("TEE").on_hand, book.item("TEE").reserved, book.available("TEE")) == (2, 0, 2)


def test_low_stock_uses_the_service_threshold(warehouse) -> None:
    warehouse.reserve(1, "TEE", 6)
    assert warehouse.low_stock() == {"berlin": ["TEE"], "paris": ["CAP"]}
    assert low_stock(warehouse.books["paris"]) == ["CAP"]
    with mock.patch("shop.inventory.service.LOW_STOCK_THRESHOLD", 10):
        assert low_stock(warehouse.books["paris"]) == ["CAP", "MUG"]
        assert warehouse.low_stock() == {"berlin": ["TEE"], "paris": ["CAP", "MUG"]}
    assert low_stock(warehouse.books["paris"]) == ["CAP"]
