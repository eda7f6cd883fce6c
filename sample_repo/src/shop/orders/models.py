"""Orders and their lines."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from shop.core.errors import InvalidTransitionError
from shop.core.money import Money, money_sum


class OrderStatus(str, enum.Enum):
    """Mirrors the database type ``order_status``.

    REFUNDED is new in the code and not yet in the database (known drift).
    """

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


_ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.REFUNDED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.REFUNDED}),
}


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Money

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"{self.sku}: quantity must be positive, got {self.quantity}")

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass
class Order:
    id: int
    customer_id: str
    lines: list[OrderLine]
    created_at: datetime
    status: OrderStatus = OrderStatus.PENDING
    discount: Money = Money(0)
    tax: Money = Money(0)

    @property
    def subtotal(self) -> Money:
        return money_sum(line.total for line in self.lines)

    @property
    def total(self) -> Money:
        return self.subtotal - self.discount + self.tax

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def transition(self, new: OrderStatus) -> None:
        if new not in _ALLOWED.get(self.status, frozenset()):
            raise InvalidTransitionError(f"order {self.id}: {self.status.value} -> {new.value}")
        self.status = new


# -- the table behind SqlOrderRepository, for SQLAlchemy users (optional: the shop itself needs only
#    the standard library, so without SQLAlchemy this mapping is simply absent) --------------------
try:
    import sqlalchemy as sa
except ImportError:  # pragma: no cover - depends on the environment
    sa = None

if sa is not None:
    metadata = sa.MetaData()
    orders_table = sa.Table(
        "orders",
        metadata,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("customer", sa.Text, nullable=False),
        sa.Column("status", sa.Enum(OrderStatus, name="order_status", values_callable=lambda e: [m.value for m in e]),
                  nullable=False, server_default="pending"),
        sa.Column("total_cents", sa.Numeric(12, 2), nullable=False),
    )
