"""Stock items and reservations."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class StockState(enum.Enum):
    """Mirrors the database type ``stock_state``."""

    IN_STOCK = "in_stock"
    RESERVED = "reserved"
    OUT_OF_STOCK = "out_of_stock"


@dataclass
class StockItem:
    sku: str
    on_hand: int = 0
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def state(self) -> StockState:
        if self.available > 0:
            return StockState.IN_STOCK
        if self.reserved > 0:
            return StockState.RESERVED  # every unit left is promised to an order
        return StockState.OUT_OF_STOCK


@dataclass(frozen=True)
class Reservation:
    order_id: int
    sku: str
    quantity: int
    location: str
