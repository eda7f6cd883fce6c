from unittest import mock

import pytest

from shop.billing import payments
from shop.billing.invoices import build_invoice, general_ledger, post_invoice
from shop.billing.ledger import CASH, RECEIVABLES, REVENUE, TAX, Ledger
from shop.billing.models import InvoiceStatus, PaymentMethod
from shop.core.errors import PaymentError, PaymentTimeoutError
from shop.core.money import Money
from shop.orders.models import Order, OrderLine
from shop.testing.fixtures import FROZEN_AT


def make_order(customer: str = "c-1", cents: int = 10000) -> Order:
    order = Order(7, customer, [OrderLine("TEE", 2, Money(cents // 2))], FROZEN_AT)
    order.discount, order.tax = Money(1000), Money(1800)
    return order


def test_post_invoice_into_a_given_ledger() -> None:
    invoice = build_invoice(make_order(), FROZEN_AT)
    assert invoice.number == "INV-202611-00007"
    book = Ledger()
    assert post_invoice(invoice, ledger=book) is book  # the keyword is spelled like the module
    assert book.balance(RECEIVABLES) == Money(10800)
    assert book.balance(REVENUE) == Money(-9000)
    assert book.balance(TAX) == Money(-1800)
    assert book.is_balanced()
    assert general_ledger().entries == []  # the general ledger was not touched


def test_invoice_then_pay_clears_receivables(billing_service, bus) -> None:
    invoice = billing_service.invoice(make_order())
    assert billing_service.outstanding() == Money(10800)
    payment = billing_service.pay(invoice.number, PaymentMethod.INVOICE)
    assert payment.reference == "TRANSFER-INV-202611-00007"
    assert invoice.status is InvoiceStatus.PAID
    assert billing_service.outstanding() == Money(0)
    assert billing_service.book.balance(CASH) == Money(10800)
    assert bus.names() == ["invoice.issued", "invoice.paid"]
    with pytest.raises(PaymentError):
        billing_service.pay(invoice.number, PaymentMethod.CARD)


def test_gateway_timeout(billing_service, monkeypatch) -> None:
    invoice = billing_service.invoice(make_order())
    monkeypatch.setattr("shop.billing.payments.GATEWAY_TIMEOUT", 1)
    monkeypatch.setattr(payments.GATEWAY, "latency", 5)
    with pytest.raises(PaymentTimeoutError):
        billing_service.pay(invoice.number, PaymentMethod.CARD)
    assert invoice.status is InvoiceStatus.PENDING


def test_declined_card(billing_service) -> None:
    invoice = billing_service.invoice(make_order("c-broke"))
    gateway = payments.FakeGateway(declined={"c-broke"})
    with mock.patch.object(payments, "GATEWAY", gateway), pytest.raises(PaymentError, match="declined"):
        billing_service.pay(invoice.number, PaymentMethod.CARD)
    assert billing_service.outstanding() == Money(10800)


def test_card_payment_earns_loyalty_points(billing_service) -> None:
    assert payments.loyalty is not None  # the optional import succeeded
    invoice = billing_service.invoice(make_order())
    payment = billing_service.pay(invoice.number, PaymentMethod.CARD)
    assert payment.reference.startswith("AUTH-")
    assert payment.loyalty_points == 108


def test_vouchers_have_a_limit(billing_service) -> None:
    invoice = billing_service.invoice(make_order(cents=100000))
    with pytest.raises(PaymentError, match="vouchers cover at most 50.00 EUR"):
        billing_service.pay(invoice.number, PaymentMethod.VOUCHER)
