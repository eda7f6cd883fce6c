"""Money as integer cents, so totals never drift through float rounding.

>>> from shop.core.money import Money
>>> Money(1999) + Money(1)
Money(cents=2000, currency='EUR')
>>> str(Money(1999).percent(10))
'2.00 EUR'
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import CurrencyMismatchError

__all__ = ["ZERO", "Money", "money_sum"]


@dataclass(frozen=True, order=True)
class Money:
    cents: int
    currency: str = "EUR"

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.cents - other.cents, self.currency)

    def __mul__(self, factor: int) -> Money:
        return Money(self.cents * factor, self.currency)

    def percent(self, rate: Decimal | int | str) -> Money:
        """``rate`` percent of this amount, rounded half up to the cent."""
        exact = Decimal(self.cents) * Decimal(rate) / 100
        return Money(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), self.currency)

    def allocate(self, parts: int) -> list[Money]:
        """Split into ``parts`` amounts that differ by at most one cent and add up exactly."""
        if parts <= 0:
            raise ValueError("parts must be positive")
        base, remainder = divmod(self.cents, parts)
        return [Money(base + (1 if i < remainder else 0), self.currency) for i in range(parts)]

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        units, cents = divmod(abs(self.cents), 100)
        return f"{sign}{units}.{cents:02d} {self.currency}"


ZERO = Money(0)


def money_sum(amounts: Iterable[Money], currency: str = "EUR") -> Money:
    """Add up amounts; an empty sum is zero in ``currency``."""
    total = Money(0, currency)
    for amount in amounts:
        total = total + amount
    return total
