"""The order workflow: place, pay, ship, deliver, cancel."""
from __future__ import annotations

from collections.abc import Sequence

import shop.inventory.service as inventory_service
from shop.core import clock
from shop.core.events import EventBus
from shop.core.events import bus as default_bus
from shop.plugins.registry import PricingPlugin

from . import pricing
from .models import Order, OrderLine, OrderStatus
from .notifications import send_cancellation, send_confirmation
from .repository import OrderRepository


def describe(order: Order) -> str:
    items = ", ".join(f"{line.quantity} x {line.sku}" for line in order.lines)
    return f"Order #{order.id}: {items}; total {order.total}"


class OrderService:
    def __init__(
        self,
        repository: OrderRepository,
        inventory: inventory_service.InventoryService,
        bus: EventBus | None = None,
        plugins: Sequence[PricingPlugin] | None = None,
    ) -> None:
        self.repository = repository
        self.inventory = inventory
        self.bus = bus if bus is not None else default_bus
        self.plugins = plugins

    def place(self, customer_id: str, lines: Sequence[OrderLine]) -> Order:
        """Reserve stock, price, store and confirm a new order (nothing is kept on failure)."""
        if not lines:
            raise ValueError("an order needs at least one line")
        order = Order(self.repository.next_id(), customer_id, list(lines), clock.now())
        self.inventory.reserve(order)
        pricing.apply(order, pricing.quote(order, self.plugins))
        self.repository.add(order)
        send_confirmation(order)
        self.bus.publish("order.placed", order_id=order.id, total_cents=order.total.cents)
        return order

    def get(self, order_id: int) -> Order:
        return self.repository.get(order_id)

    def _move(self, order_id: int, status: OrderStatus) -> Order:
        order = self.repository.get(order_id)
        order.transition(status)
        self.bus.publish(f"order.{status.value}", order_id=order_id)
        return order

    def mark_paid(self, order_id: int) -> Order:
        return self._move(order_id, OrderStatus.PAID)

    def ship(self, order_id: int) -> Order:
        order = self._move(order_id, OrderStatus.SHIPPED)
        self.inventory.commit(order_id)
        return order

    def deliver(self, order_id: int) -> Order:
        return self._move(order_id, OrderStatus.DELIVERED)

    def cancel(self, order_id: int) -> Order:
        order = self._move(order_id, OrderStatus.CANCELLED)
        self.inventory.release(order_id)
        send_cancellation(order)
        return order
