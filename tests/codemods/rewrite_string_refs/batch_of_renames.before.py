from unittest import mock

with mock.patch("shop.orders.models.Order"), mock.patch("shop.billing.invoice.render"):
    importlib.import_module("shop.orders.service")
