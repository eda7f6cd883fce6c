"""Sales summary over a set of orders."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import shop
from shop.core.money import Money, money_sum


@dataclass(frozen=True)
class SalesSummary:
    orders: int
    by_status: dict[str, int]
    revenue: Money
    average_order: Money
    top_skus: list[tuple[str, int]]


def _earning(order: shop.orders.models.Order) -> bool:
    status = shop.orders.models.OrderStatus
    return order.status in (status.PAID, status.SHIPPED, status.DELIVERED)


def sales_summary(orders: Iterable[shop.orders.models.Order], top: int = 3) -> SalesSummary:
    """Revenue counts paid, shipped and delivered orders; cancelled ones count nowhere but by_status."""
    orders = list(orders)
    earning = [order for order in orders if _earning(order)]
    revenue = money_sum(order.total for order in earning)
    average = Money(revenue.cents // len(earning), revenue.currency) if earning else revenue
    sold: Counter[str] = Counter()
    for order in earning:
        for line in order.lines:
            sold[line.sku] += line.quantity
    by_status = Counter(order.status.value for order in orders)
    return SalesSummary(len(orders), dict(sorted(by_status.items())), revenue, average, sold.most_common(top))


def render(summary: SalesSummary) -> str:
    rows = [
        f"orders         {summary.orders}",
        f"revenue        {summary.revenue}",
        f"average order  {summary.average_order}",
    ]
    rows += [f"  {status:<12} {count}" for status, count in summary.by_status.items()]
    rows += [f"top sku        {sku} x {quantity}" for sku, quantity in summary.top_skus]
    return "\n".join(rows)
