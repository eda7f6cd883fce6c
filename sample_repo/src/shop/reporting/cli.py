"""``shop-report``: print a sales summary (``python -m shop.reporting.cli``)."""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from shop.core.money import Money
from shop.orders.models import Order, OrderLine, OrderStatus
from shop.reporting.summary import render
from shop.reporting.summary import sales_summary as summarize

DEMO_DAY = datetime(2026, 11, 23, tzinfo=UTC)


def order_from_dict(data: dict) -> Order:
    lines = [OrderLine(l["sku"], l["quantity"], Money(l["unit_price_cents"])) for l in data["lines"]]
    return Order(data["id"], data["customer_id"], lines, DEMO_DAY, OrderStatus(data["status"]))


def demo_orders() -> list[Order]:
    mug, tee = Money(1250), Money(2000)
    return [
        Order(1, "c-1", [OrderLine("MUG", 2, mug)], DEMO_DAY, OrderStatus.PAID),
        Order(2, "c-2", [OrderLine("TEE", 1, tee), OrderLine("MUG", 1, mug)], DEMO_DAY, OrderStatus.DELIVERED),
        Order(3, "c-3", [OrderLine("TEE", 3, tee)], DEMO_DAY, OrderStatus.CANCELLED),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shop-report", description="Print a sales summary.")
    parser.add_argument("orders", nargs="?", type=Path, help="JSON list of orders (default: demo data)")
    parser.add_argument("--top", type=int, default=3, help="how many best-selling SKUs to list")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.orders:
        orders = [order_from_dict(item) for item in json.loads(args.orders.read_text())]
    else:
        orders = demo_orders()
    summary = summarize(orders, top=args.top)
    if args.json:
        print(json.dumps({"orders": summary.orders, "revenue_cents": summary.revenue.cents,
                          "by_status": summary.by_status, "top_skus": summary.top_skus}))
    else:
        print(render(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
