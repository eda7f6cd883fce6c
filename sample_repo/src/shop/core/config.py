"""Process-wide settings, read once from the environment.

``shop.core`` re-exports the function ``config`` under the same name as this
module, so ``from shop.core import config`` gives the function, not the module.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    currency: str = "EUR"
    tax_rate: Decimal = Decimal("20")  # percent
    loyalty_points_per_euro: int = 1


def load(environ: Mapping[str, str]) -> Settings:
    raw = environ.get("SHOP_TAX_RATE", "20")
    try:
        rate = Decimal(raw)
    except InvalidOperation:
        raise ConfigError(f"SHOP_TAX_RATE is not a number: {raw!r}") from None
    if not 0 <= rate <= 100:
        raise ConfigError(f"SHOP_TAX_RATE must be between 0 and 100, got {raw}")
    points = environ.get("SHOP_LOYALTY_POINTS", "1")
    if not points.isdigit():
        raise ConfigError(f"SHOP_LOYALTY_POINTS must be a whole number, got {points!r}")
    return Settings(environ.get("SHOP_CURRENCY", "EUR"), rate, int(points))


@lru_cache(maxsize=1)
def config() -> Settings:
    """The settings of this process (cached; ``config.cache_clear()`` re-reads them)."""
    return load(os.environ)
