"""Order statuses of the v1 API (database type ``orderstatus``), kept for old clients.

v1 spelled "canceled" with one l and had no "delivered"; new code uses OrderStatus.
"""
from __future__ import annotations

import enum
import warnings

from .models import OrderStatus

warnings.warn("LegacyOrderStatus is deprecated; use OrderStatus", DeprecationWarning, stacklevel=2)


class LegacyOrderStatus(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELED = "canceled"


_TO_CURRENT = {
    LegacyOrderStatus.PENDING: OrderStatus.PENDING,
    LegacyOrderStatus.PAID: OrderStatus.PAID,
    LegacyOrderStatus.SHIPPED: OrderStatus.SHIPPED,
    LegacyOrderStatus.CANCELED: OrderStatus.CANCELLED,
}


def to_order_status(legacy: LegacyOrderStatus) -> OrderStatus:
    return _TO_CURRENT[legacy]


def from_order_status(status: OrderStatus) -> LegacyOrderStatus:
    """What a v1 client sees: delivered orders still read as shipped."""
    if status is OrderStatus.DELIVERED:
        return LegacyOrderStatus.SHIPPED
    for legacy, current in _TO_CURRENT.items():
        if current is status:
            return legacy
    raise ValueError(f"{status.value!r} has no v1 equivalent")


def parse_status(raw: str) -> OrderStatus:
    """Accept the current spelling or the v1 spelling of a status."""
    try:
        return OrderStatus(raw)
    except ValueError:
        return to_order_status(LegacyOrderStatus(raw))
