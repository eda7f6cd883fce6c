"""A small online shop: the codebase Guardian is demonstrated and tested on.

Importing ``shop`` imports its main subpackages, so ``shop.orders.models.Order``
works after a plain ``import shop``.
"""
from . import billing, core, inventory, orders

__all__ = ["billing", "core", "inventory", "orders"]
__version__ = "1.0.0"
