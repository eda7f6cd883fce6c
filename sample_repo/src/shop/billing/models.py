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


# -- ORM mapping of stored payments, for SQLAlchemy users (optional: the shop itself needs only the
#    standard library, so without SQLAlchemy these classes are simply absent) ----------------------
try:
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
except ImportError:  # pragma: no cover - depends on the environment
    sa = None

if sa is not None:
    class Base(DeclarativeBase):
        pass

    class PaymentRecord(Base):
        __tablename__ = "payments"

        id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
        invoice_id: Mapped[int] = mapped_column(sa.BigInteger)
        method: Mapped[PaymentMethod] = mapped_column(
            sa.Enum(PaymentMethod, name="payment_method", values_callable=lambda e: [m.value for m in e]))
        amount_cents: Mapped[int | None]
        reference: Mapped[str] = mapped_column(sa.String(64))
