import doctest
from decimal import Decimal

import pytest

from shop.core import money
from shop.core.errors import CurrencyMismatchError
from shop.core.money import Money, money_sum


def test_arithmetic_and_formatting() -> None:
    total = Money(1999) + Money(1) - Money(500)
    assert total == Money(1500)
    assert str(total * 3) == "45.00 EUR"
    assert str(Money(-5)) == "-0.05 EUR"


def test_currencies_do_not_mix() -> None:
    with pytest.raises(CurrencyMismatchError):
        Money(100, "EUR") + Money(100, "USD")
    assert money_sum([], "USD") == Money(0, "USD")


def test_percent_rounds_half_up() -> None:
    assert Money(250).percent(Decimal("20")) == Money(50)
    assert Money(5).percent(10) == Money(1)  # 0.5 cent rounds up
    assert Money(4).percent(10) == Money(0)


def test_allocate_adds_up_exactly() -> None:
    parts = Money(1000).allocate(3)
    assert parts == [Money(334), Money(333), Money(333)]
    assert money_sum(parts) == Money(1000)
    with pytest.raises(ValueError):
        Money(1).allocate(0)


def test_module_doctest() -> None:
    result = doctest.testmod(money)
    assert result.attempted >= 2
    assert result.failed == 0
