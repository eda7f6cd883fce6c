"""Billing: invoices, the ledger and payments."""
from .models import Invoice, InvoiceStatus, Payment, PaymentMethod

__all__ = ["Invoice", "InvoiceStatus", "Payment", "PaymentMethod"]
