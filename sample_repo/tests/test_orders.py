from unittest import mock

import pytest

from shop.core.errors import InvalidTransitionError, NotFoundError, OutOfStockError
from shop.core.money import Money
from shop.orders.models import OrderLine, OrderStatus
from shop.testing.fixtures import PRICES


def mugs(quantity: int) -> OrderLine:
    return OrderLine("MUG", quantity, PRICES["MUG"])


def test_place_prices_reserves_and_confirms(order_service, inventory, outbox, bus) -> None:
    order = order_service.place("c-1", [mugs(2), OrderLine("TEE", 1, PRICES["TEE"])])
    assert order.subtotal == Money(4500)
    assert order.tax == Money(900)  # 20% tax, no discount under 10 items
    assert order.total == Money(5400)
    assert [r.location for r in inventory.reservations(order.id)] == ["berlin", "berlin"]
    assert inventory.warehouse.available("MUG") == 23
    # the confirmation body comes from orders.service.describe, through the lazy import cycle
    assert outbox[0].subject == "Order #1 confirmed"
    assert outbox[0].body == "Order #1: 2 x MUG, 1 x TEE; total 54.00 EUR"
    assert bus.names() == ["order.placed"]
    assert bus.history[0].payload == {"order_id": 1, "total_cents": 5400}


@mock.patch("shop.orders.service.send_confirmation")
def test_confirmation_sent_once_per_order(send_confirmation, order_service) -> None:
    order = order_service.place("c-1", [mugs(1)])
    send_confirmation.assert_called_once_with(order)


def test_out_of_stock_keeps_nothing(order_service, inventory) -> None:
    with pytest.raises(OutOfStockError) as excinfo:
        order_service.place("c-1", [mugs(2), OrderLine("CAP", 3, PRICES["CAP"])])
    assert excinfo.value.sku == "CAP"
    assert inventory.warehouse.available("MUG") == 25  # the MUG reservation was rolled back
    assert len(order_service.repository) == 0


def test_lifecycle_and_invalid_transition(order_service, inventory) -> None:
    order = order_service.place("c-1", [mugs(3)])
    order_service.mark_paid(order.id)
    order_service.ship(order.id)
    assert inventory.warehouse.totals("MUG").on_hand == 22
    order_service.deliver(order.id)
    assert order.status is OrderStatus.DELIVERED
    with pytest.raises(InvalidTransitionError):
        order_service.mark_paid(order.id)


def test_cancel_releases_stock_and_notifies(order_service, inventory, outbox) -> None:
    order = order_service.place("c-2", [mugs(4)])
    order_service.cancel(order.id)
    assert inventory.warehouse.available("MUG") == 25
    assert [m.subject for m in outbox] == ["Order #1 confirmed", "Order #1 cancelled"]
    assert order_service.repository.by_status(OrderStatus.CANCELLED) == [order]


def test_unknown_order(order_service) -> None:
    with pytest.raises(NotFoundError):
        order_service.get(99)


def test_event_time_comes_from_the_clock(order_service, bus, frozen_clock) -> None:
    with mock.patch("shop.core.clock.now", return_value=frozen_clock.replace(hour=12)):
        order_service.place("c-1", [mugs(1)])
    assert bus.history[0].at.hour == 12
