"""Loading pricing plugins by their dotted names.

A plugin has a ``name`` and ``discount(order) -> Money``. A spec is a module
name (the module is the plugin) or ``module:attribute`` (a factory to call),
the same forms as the ``shop.plugins`` entry points in pyproject.toml.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from shop.core.errors import PluginError

if TYPE_CHECKING:
    from shop.core.money import Money
    from shop.orders.models import Order

BUILTIN_PLUGINS: list[str] = ["shop.plugins.discount", "shop.plugins.loyalty:LoyaltyPlugin"]


class PricingPlugin(Protocol):
    name: str

    def discount(self, order: Order) -> Money: ...


def load(spec: str) -> PricingPlugin:
    module_name, _, attribute = spec.partition(":")
    try:
        if not attribute:
            return importlib.import_module(module_name)  # type: ignore[return-value]
        module = __import__(module_name, fromlist=[attribute])
    except ImportError as exc:
        raise PluginError(f"cannot import plugin {spec!r}: {exc}") from exc
    try:
        factory = getattr(module, attribute)
    except AttributeError:
        raise PluginError(f"plugin {spec!r}: no attribute {attribute!r}") from None
    return factory()


def load_all(specs: Iterable[str] | None = None) -> list[PricingPlugin]:
    return [load(spec) for spec in (BUILTIN_PLUGINS if specs is None else specs)]


def volume_discount() -> PricingPlugin:
    """The volume discount alone (used by the checkout preview)."""
    return importlib.import_module("shop.plugins.discount")  # type: ignore[return-value]
