"""Billing workflow: invoice an order, take payment, keep the books."""
from __future__ import annotations

from shop.core.errors import NotFoundError, PaymentError
from shop.core.events import EventBus
from shop.core.money import Money
from shop.orders.models import Order

from .. import core
from . import invoices, payments
from .ledger import CASH, RECEIVABLES, Ledger
from .models import Invoice, InvoiceStatus, Payment, PaymentMethod


class BillingService:
    def __init__(self, book: Ledger | None = None, bus: EventBus | None = None) -> None:
        self.book = book if book is not None else Ledger()
        self.bus = bus if bus is not None else core.events.bus
        self.invoices: dict[str, Invoice] = {}
        self.payments: list[Payment] = []

    def invoice(self, order: Order) -> Invoice:
        invoice = invoices.build_invoice(order, core.clock.now())
        if invoice.number in self.invoices:
            raise PaymentError(f"order {order.id} is already invoiced")
        invoices.post_invoice(invoice, ledger=self.book)
        self.invoices[invoice.number] = invoice
        self.bus.publish("invoice.issued", number=invoice.number, total_cents=invoice.total.cents)
        return invoice

    def get(self, number: str) -> Invoice:
        try:
            return self.invoices[number]
        except KeyError:
            raise NotFoundError(f"no invoice {number}") from None

    def pay(self, number: str, method: PaymentMethod) -> Payment:
        invoice = self.get(number)
        if invoice.status is not InvoiceStatus.PENDING:
            raise PaymentError(f"invoice {number} is {invoice.status}")
        payment = payments.charge(invoice, method)
        self.book.post(CASH, RECEIVABLES, payment.amount, payment.reference)
        invoice.status = InvoiceStatus.PAID
        self.payments.append(payment)
        self.bus.publish("invoice.paid", number=number, method=method.value)
        return payment

    def outstanding(self) -> Money:
        return self.book.balance(RECEIVABLES)
