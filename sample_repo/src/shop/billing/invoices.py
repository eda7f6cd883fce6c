"""Turning orders into invoices and booking them.

Note the hazard: this module imports the module ``ledger`` *and* ``post_invoice``
has a public keyword parameter called ``ledger``. Renaming the module must not
rename the parameter (callers write ``post_invoice(inv, ledger=book)``).
"""
from __future__ import annotations

from datetime import datetime

from shop.billing import ledger
from shop.billing.ledger import RECEIVABLES, REVENUE, TAX, Ledger
from shop.orders.models import Order

from .models import Invoice, InvoiceLine


def invoice_number(order_id: int, issued_at: datetime) -> str:
    return f"INV-{issued_at:%Y%m}-{order_id:05d}"


def build_invoice(order: Order, issued_at: datetime) -> Invoice:
    lines = [InvoiceLine(line.sku, line.quantity, line.total) for line in order.lines]
    number = invoice_number(order.id, issued_at)
    return Invoice(number, order.id, order.customer_id, lines, order.discount, order.tax, issued_at)


def general_ledger() -> Ledger:
    return ledger.GENERAL_LEDGER


def post_invoice(invoice: Invoice, ledger: Ledger | None = None) -> Ledger:
    """Book ``invoice``: receivables against revenue and tax (default: the general ledger)."""
    book = ledger if ledger is not None else general_ledger()
    if invoice.net.cents > 0:
        book.post(RECEIVABLES, REVENUE, invoice.net, invoice.number)
    if invoice.tax.cents > 0:
        book.post(RECEIVABLES, TAX, invoice.tax, invoice.number)
    return book
