"""Loyalty programme: members get a tier discount and earn points on payments."""
from __future__ import annotations

from dataclasses import dataclass, field

from shop.core.money import Money
from shop.orders.models import Order

TIER_PERCENT: dict[str, int] = {"gold": 3, "silver": 1}
MEMBERS: dict[str, str] = {"c-gold": "gold", "c-silver": "silver"}


@dataclass
class LoyaltyPlugin:
    name: str = "loyalty"
    members: dict[str, str] = field(default_factory=lambda: dict(MEMBERS))

    def tier(self, customer_id: str) -> str | None:
        return self.members.get(customer_id)

    def discount(self, order: Order) -> Money:
        tier = self.tier(order.customer_id)
        return order.subtotal.percent(TIER_PERCENT.get(tier, 0) if tier else 0)


def points_for(amount: Money, per_euro: int = 1) -> int:
    """Whole euros paid times ``per_euro``; refunds and zero amounts earn nothing."""
    return max(0, amount.cents // 100) * per_euro
