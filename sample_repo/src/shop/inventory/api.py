"""JSON-shaped handlers for stock queries."""
from __future__ import annotations

from typing import Any

from .service import InventoryService


def stock_levels(service: InventoryService, skus: list[str]) -> dict[str, Any]:
    levels = {}
    for sku in skus:
        item = service.warehouse.totals(sku)
        levels[sku] = {"on_hand": item.on_hand, "available": item.available, "state": item.state.value}
    return {"status": 200, "stock": levels}


def reorder_report(service: InventoryService) -> dict[str, Any]:
    return {"status": 200, "low_stock": service.warehouse.low_stock()}
