import pytest

from shop.billing import api as billing_api
from shop.core.money import Money
from shop.inventory import api as inventory_api
from shop.orders import api as orders_api
from shop.orders.models import OrderLine


def payload(customer: str, sku: str, quantity: int) -> dict:
    return {"customer_id": customer, "lines": [{"sku": sku, "quantity": quantity, "unit_price_cents": 1250}]}


def test_create_get_and_list_orders(order_service) -> None:
    created = orders_api.create_order(order_service, payload("c-1", "MUG", 2))
    assert created["status"] == 201
    assert created["order"]["total_cents"] == 3000
    assert orders_api.get_order(order_service, 1)["order"]["lines"] == [{"sku": "MUG", "quantity": 2}]
    assert orders_api.get_order(order_service, 2)["status"] == 404
    assert orders_api.create_order(order_service, payload("c-1", "CAP", 9))["status"] == 409
    order_service.cancel(1)
    # a v1 client spells it "canceled"
    listed = orders_api.list_orders(order_service, "canceled")
    assert [o["id"] for o in listed["orders"]] == [1]
    assert orders_api.list_orders(order_service, "lost")["status"] == 400


def test_billing_api(order_service, billing_service) -> None:
    order = order_service.place("c-1", [OrderLine("TEE", 1, Money(2000))])
    invoice = billing_service.invoice(order)
    assert billing_api.pay_invoice(billing_service, invoice.number, "bitcoin")["status"] == 400
    assert billing_api.pay_invoice(billing_service, "INV-0", "card")["status"] == 404
    paid = billing_api.pay_invoice(billing_service, invoice.number, "invoice")
    assert paid == {"status": 200, "reference": f"TRANSFER-{invoice.number}", "loyalty_points": 24}
    assert billing_api.get_invoice(billing_service, invoice.number)["invoice"]["status"] == "paid"
    assert billing_api.pay_invoice(billing_service, invoice.number, "card")["status"] == 402
    with pytest.raises(ValueError):
        order_service.place("c-1", [])


def test_inventory_api(inventory, order_service) -> None:
    order_service.place("c-1", [OrderLine("MUG", 2, Money(1250))])
    levels = inventory_api.stock_levels(inventory, ["MUG", "CAP", "HAT"])["stock"]
    assert levels["MUG"] == {"on_hand": 25, "available": 23, "state": "in_stock"}
    assert levels["HAT"]["state"] == "out_of_stock"
    assert inventory_api.reorder_report(inventory) == {"status": 200, "low_stock": {"paris": ["CAP"]}}
