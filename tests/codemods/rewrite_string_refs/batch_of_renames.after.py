from unittest import mock

with mock.patch("shop.orders.WF1_V7_L1_1of9_models.Order"), mock.patch("shop.billing.WF2_V7_L2_1of4_invoice.render"):
    importlib.import_module("shop.orders.service")
