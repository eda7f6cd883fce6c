"""JSON-shaped handlers for orders (what the web layer calls)."""
from __future__ import annotations

import warnings
from typing import Any

import shop.orders.models
import shop.orders.service
from shop.core.errors import NotFoundError, ShopError
from shop.core.money import Money

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import shop.orders.legacy as legacy  # v1 clients still send "canceled"


def order_to_dict(order: "shop.orders.models.Order") -> dict[str, Any]:
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "status": order.status.value,
        "total_cents": order.total.cents,
        "currency": order.total.currency,
        "lines": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines],
    }


def create_order(service: shop.orders.service.OrderService, payload: dict[str, Any]) -> dict[str, Any]:
    lines = [
        shop.orders.models.OrderLine(item["sku"], int(item["quantity"]), Money(int(item["unit_price_cents"])))
        for item in payload["lines"]
    ]
    try:
        order = service.place(payload["customer_id"], lines)
    except ShopError as exc:
        return {"status": 409, "error": str(exc)}
    return {"status": 201, "order": order_to_dict(order)}


def get_order(service: shop.orders.service.OrderService, order_id: int) -> dict[str, Any]:
    try:
        return {"status": 200, "order": order_to_dict(service.get(order_id))}
    except NotFoundError as exc:
        return {"status": 404, "error": str(exc)}


def list_orders(service: shop.orders.service.OrderService, status: str) -> dict[str, Any]:
    """Orders in ``status``; accepts v1 spellings such as "canceled"."""
    try:
        wanted = legacy.parse_status(status)
    except ValueError:
        return {"status": 400, "error": f"unknown status {status!r}"}
    return {"status": 200, "orders": [order_to_dict(o) for o in service.repository.by_status(wanted)]}
