"""Messages to customers.

``shop.orders.service`` imports this module, and this module needs the service's
``describe``: the cycle is broken by importing the service lazily.
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import Order


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


OUTBOX: list[Message] = []


def _body(order: Order) -> str:
    import shop.orders.service as order_service  # lazy: order_service imports this module

    return order_service.describe(order)


def send_confirmation(order: Order) -> Message:
    message = Message(order.customer_id, f"Order #{order.id} confirmed", _body(order))
    OUTBOX.append(message)
    return message


def send_cancellation(order: Order) -> Message:
    message = Message(order.customer_id, f"Order #{order.id} cancelled", _body(order))
    OUTBOX.append(message)
    return message


def sent_to(customer_id: str) -> list[Message]:
    return [message for message in OUTBOX if message.to == customer_id]
