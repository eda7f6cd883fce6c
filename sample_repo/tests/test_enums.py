"""The Python enums mirror the database ENUM types (db/schema.sql)."""
import pytest

from shop.billing.models import InvoiceStatus, PaymentMethod
from shop.inventory.models import StockState
from shop.orders.legacy import LegacyOrderStatus, from_order_status, parse_status, to_order_status
from shop.orders.models import OrderStatus

DATABASE = {
    "order_status": ["pending", "paid", "shipped", "delivered", "cancelled"],
    "orderstatus": ["pending", "paid", "shipped", "canceled"],
    "status_enum": ["pending", "paid", "shipped", "delivered", "cancelled"],
    "payment_method": ["card", "invoice", "voucher"],
    "stock_state": ["in_stock", "reserved", "out_of_stock"],
}


@pytest.mark.parametrize(
    ("db_type", "enum"),
    [
        ("orderstatus", LegacyOrderStatus),
        ("status_enum", InvoiceStatus),
        ("payment_method", PaymentMethod),
        ("stock_state", StockState),
    ],
)
def test_enum_mirrors_database(db_type: str, enum: type) -> None:
    assert [member.value for member in enum] == DATABASE[db_type]
    assert all(member.name == member.value.upper() for member in enum)


def test_order_status_drifts_by_refunded_only() -> None:
    values = [member.value for member in OrderStatus]
    assert set(values) - set(DATABASE["order_status"]) == {"refunded"}
    assert values[:5] == DATABASE["order_status"]


def test_legacy_statuses_map_to_current() -> None:
    assert to_order_status(LegacyOrderStatus.CANCELED) is OrderStatus.CANCELLED
    assert parse_status("canceled") is parse_status("cancelled") is OrderStatus.CANCELLED
    assert from_order_status(OrderStatus.DELIVERED) is LegacyOrderStatus.SHIPPED
    with pytest.raises(ValueError):
        from_order_status(OrderStatus.REFUNDED)
