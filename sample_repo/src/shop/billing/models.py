"""Invoices and payments."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from shop.core.money import Money, money_sum


class InvoiceStatus(enum.StrEnum):
    """Mirrors the database type ``status_enum``."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class PaymentMethod(str, enum.Enum):
    """Mirrors the database type ``payment_method``."""

    CARD = "card"
    INVOICE = "invoice"
    VOUCHER = "voucher"


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: int
    amount: Money


@dataclass
class Invoice:
    number: str
    order_id: int
    customer_id: str
    lines: list[InvoiceLine]
    discount: Money
    tax: Money
    issued_at: datetime
    status: InvoiceStatus = InvoiceStatus.PENDING

    @property
    def subtotal(self) -> Money:
        return money_sum(line.amount for line in self.lines)

    @property
    def net(self) -> Money:
        return self.subtotal - self.discount

    @property
    def total(self) -> Money:
        return self.net + self.tax


@dataclass(frozen=True)
class Payment:
    invoice_number: str
    method: PaymentMethod
    amount: Money
    reference: str
    loyalty_points: int = 0
