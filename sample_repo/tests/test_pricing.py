from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shop.core import config
from shop.core.config import Settings, load
from shop.core.errors import ConfigError
from shop.core.money import Money
from shop.orders import pricing
from shop.orders.models import Order, OrderLine
from shop.plugins import discount
from shop.plugins.loyalty import LoyaltyPlugin

WHEN = datetime(2026, 11, 23, tzinfo=UTC)


def order_of(customer: str, quantity: int) -> Order:
    return Order(1, customer, [OrderLine("MUG", quantity, Money(1000))], WHEN)


def test_core_config_is_the_settings_function() -> None:
    # shop.core re-exports the function over its submodule of the same name
    assert callable(config)
    assert isinstance(config(), Settings)
    assert config() is config()


def test_settings_validation() -> None:
    assert load({"SHOP_TAX_RATE": "7.5"}).tax_rate == Decimal("7.5")
    with pytest.raises(ConfigError):
        load({"SHOP_TAX_RATE": "lots"})
    with pytest.raises(ConfigError):
        load({"SHOP_TAX_RATE": "120"})


def test_quote_without_plugins_is_subtotal_plus_tax() -> None:
    quote = pricing.quote(order_of("c-1", 3), plugins=[])
    assert (quote.subtotal, quote.discount, quote.tax) == (Money(3000), Money(0), Money(600))
    assert quote.total == Money(3600)


@pytest.mark.parametrize(("quantity", "percent"), [(9, 0), (10, 5), (49, 5), (50, 10)])
def test_volume_discount_tiers(quantity: int, percent: int) -> None:
    assert discount.percent_for(quantity) == percent
    assert discount.discount(order_of("c-1", quantity)) == Money(1000 * quantity * percent // 100)


def test_all_plugins_stack_and_tax_follows_discount() -> None:
    quote = pricing.quote(order_of("c-gold", 10))  # default: every built-in plugin
    assert quote.discount == Money(500 + 300)  # 5% volume + 3% gold
    assert quote.tax == Money(1840)  # 20% of 92.00
    assert LoyaltyPlugin().discount(order_of("c-nobody", 10)) == Money(0)
