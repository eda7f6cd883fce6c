"""Inventory: stock per location, reservations for orders."""
from .models import Reservation, StockItem, StockState

__all__ = ["Reservation", "StockItem", "StockState"]
