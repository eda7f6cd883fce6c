"""Order taking: models, pricing, the order service and its API."""
from . import pricing
from .models import Order, OrderLine, OrderStatus

__all__ = ["Order", "OrderLine", "OrderStatus", "pricing"]
