"""Shared platform code: money, time, events, errors and settings."""
from . import clock, errors, events, money
from .config import config  # shadows the submodule: ``shop.core.config`` is this function
from .errors import ShopError

__all__ = ["ShopError", "clock", "config", "errors", "events", "money"]
