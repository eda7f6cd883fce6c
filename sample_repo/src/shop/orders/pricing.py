"""Quotes: subtotal, plugin discounts, then tax on the discounted amount."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shop.core import config, money  # ``config`` is the settings function, ``money`` a module

from ..plugins import registry
from .models import Order


@dataclass(frozen=True)
class Quote:
    subtotal: money.Money
    discount: money.Money
    tax: money.Money

    @property
    def total(self) -> money.Money:
        return self.subtotal - self.discount + self.tax


def quote(order: Order, plugins: Sequence[registry.PricingPlugin] | None = None) -> Quote:
    """Price an order. ``plugins=None`` uses every built-in pricing plugin."""
    active = registry.load_all() if plugins is None else plugins
    subtotal = order.subtotal
    discount = money.money_sum((plugin.discount(order) for plugin in active), subtotal.currency)
    discount = min(discount, subtotal)
    tax = (subtotal - discount).percent(config().tax_rate)
    return Quote(subtotal, discount, tax)


def apply(order: Order, priced: Quote) -> Order:
    order.discount = priced.discount
    order.tax = priced.tax
    return order
