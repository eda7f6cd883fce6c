"""JSON-shaped handlers for billing."""
from __future__ import annotations

from typing import Any

from shop.core.errors import NotFoundError, PaymentError

from .models import Invoice, PaymentMethod
from .service import BillingService


def invoice_to_dict(invoice: Invoice) -> dict[str, Any]:
    return {
        "number": invoice.number,
        "order_id": invoice.order_id,
        "status": str(invoice.status),
        "total_cents": invoice.total.cents,
        "tax_cents": invoice.tax.cents,
    }


def get_invoice(service: BillingService, number: str) -> dict[str, Any]:
    try:
        return {"status": 200, "invoice": invoice_to_dict(service.get(number))}
    except NotFoundError as exc:
        return {"status": 404, "error": str(exc)}


def pay_invoice(service: BillingService, number: str, method: str) -> dict[str, Any]:
    try:
        chosen = PaymentMethod(method)
    except ValueError:
        return {"status": 400, "error": f"unknown payment method {method!r}"}
    try:
        payment = service.pay(number, chosen)
    except NotFoundError as exc:
        return {"status": 404, "error": str(exc)}
    except PaymentError as exc:
        return {"status": 402, "error": str(exc)}
    return {"status": 200, "reference": payment.reference, "loyalty_points": payment.loyalty_points}
