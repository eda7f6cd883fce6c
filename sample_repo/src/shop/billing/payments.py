"""Charging invoices: card through a gateway, bank transfer, or voucher."""
from __future__ import annotations

from dataclasses import dataclass, field

import shop.core.money
from shop.core.errors import PaymentError, PaymentTimeoutError

from .models import Invoice, Payment, PaymentMethod

try:
    import shop.plugins.loyalty as loyalty
except ImportError:  # the loyalty plugin is optional
    loyalty = None

GATEWAY_TIMEOUT = 30  # seconds
VOUCHER_LIMIT = shop.core.money.Money(5000)


@dataclass
class FakeGateway:
    """Stands in for the card processor: it answers after ``latency`` seconds."""

    latency: float = 0.2
    declined: set[str] = field(default_factory=set)  # customers whose card is refused
    authorizations: int = 0

    def authorize(self, customer_id: str, amount: shop.core.money.Money) -> str:
        if self.latency > GATEWAY_TIMEOUT:
            raise PaymentTimeoutError(f"gateway took {self.latency}s (limit {GATEWAY_TIMEOUT}s)")
        if customer_id in self.declined:
            raise PaymentError(f"card of {customer_id} declined for {amount}")
        self.authorizations += 1
        return f"AUTH-{self.authorizations:06d}"


GATEWAY = FakeGateway()


def charge(invoice: Invoice, method: PaymentMethod) -> Payment:
    amount = invoice.total
    if method is PaymentMethod.CARD:
        reference = GATEWAY.authorize(invoice.customer_id, amount)
    elif method is PaymentMethod.VOUCHER:
        if amount > VOUCHER_LIMIT:
            raise PaymentError(f"vouchers cover at most {VOUCHER_LIMIT}, invoice is {amount}")
        reference = f"VOUCHER-{invoice.number}"
    else:
        reference = f"TRANSFER-{invoice.number}"
    points = loyalty.points_for(amount) if loyalty is not None else 0
    return Payment(invoice.number, method, amount, reference, points)


def store(payment: Payment, invoice_id: int, connection) -> None:  # noqa: ANN001 - any DB-API connection
    """Write a payment row (DB-API connection with ``%s`` parameters)."""
    with connection.cursor() as cur:
        cur.execute("INSERT INTO payments VALUES (DEFAULT, %s, %s, %s)",
                    (invoice_id, payment.method.value, payment.amount.cents))


def unpaid_invoice_ids(connection) -> list[int]:  # noqa: ANN001 - any DB-API connection
    """Invoices still waiting for a payment, oldest first."""
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM invoices WHERE status = 'pending' ORDER BY id")
        return [row[0] for row in cur.fetchall()]
