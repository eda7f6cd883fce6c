"""pytest fixtures for the shop; load with ``pytest_plugins = ["shop.testing.fixtures"]``."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from shop.billing.ledger import Ledger
from shop.billing.service import BillingService
from shop.core import clock
from shop.core.events import EventBus
from shop.core.money import Money
from shop.inventory.service import InventoryService
from shop.inventory.warehouse import Warehouse
from shop.orders import notifications
from shop.orders.repository import OrderRepository
from shop.orders.service import OrderService

FROZEN_AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PRICES = {"MUG": Money(1250), "TEE": Money(2000), "CAP": Money(900)}


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    with clock.freeze(FROZEN_AT) as at:
        yield at


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def warehouse() -> Warehouse:
    stock = Warehouse(["berlin", "paris"])
    stock.receive("berlin", "MUG", 20)
    stock.receive("paris", "MUG", 5)
    stock.receive("berlin", "TEE", 8)
    stock.receive("paris", "CAP", 2)
    return stock


@pytest.fixture
def inventory(warehouse: Warehouse) -> InventoryService:
    return InventoryService(warehouse)


@pytest.fixture
def outbox() -> Iterator[list[notifications.Message]]:
    notifications.OUTBOX.clear()
    yield notifications.OUTBOX
    notifications.OUTBOX.clear()


@pytest.fixture
def order_service(inventory: InventoryService, bus: EventBus, frozen_clock: datetime, outbox: list) -> OrderService:
    return OrderService(OrderRepository(), inventory, bus=bus)


@pytest.fixture
def billing_service(bus: EventBus, frozen_clock: datetime) -> BillingService:
    return BillingService(Ledger(), bus=bus)
