"""The exception hierarchy of the shop. Everything raised on purpose is a ShopError."""


class ShopError(Exception):
    """Base class of every error the shop raises deliberately."""


class ConfigError(ShopError):
    """A setting is missing or has a bad value."""


class CurrencyMismatchError(ShopError, ValueError):
    """Two amounts in different currencies were combined."""


class NotFoundError(ShopError, LookupError):
    """An order, invoice or other record does not exist."""


class InvalidTransitionError(ShopError):
    """A status change that the workflow does not allow."""


class OutOfStockError(ShopError):
    """Not enough units of a SKU are available."""

    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(f"{sku}: requested {requested}, only {available} available")
        self.sku = sku
        self.requested = requested
        self.available = available


class PaymentError(ShopError):
    """A payment was refused."""


class PaymentTimeoutError(PaymentError):
    """The payment gateway did not answer in time."""


class PluginError(ShopError):
    """A pricing plugin could not be loaded."""
