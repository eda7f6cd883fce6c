"""Volume discount: 5% off from 10 items, 10% off from 50 items.

The entry point names this module itself: the module is the plugin.
"""
from __future__ import annotations

from shop.core.money import Money
from shop.orders.models import Order

name = "volume"

# (minimum number of items, percent off), largest first
TIERS: tuple[tuple[int, int], ...] = ((50, 10), (10, 5))


def percent_for(item_count: int) -> int:
    for minimum, percent in TIERS:
        if item_count >= minimum:
            return percent
    return 0


def discount(order: Order) -> Money:
    return order.subtotal.percent(percent_for(order.item_count))
