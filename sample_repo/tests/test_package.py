import importlib
import pkgutil

import shop
import shop.orders.models
from shop.orders import OrderStatus, __all__ as orders_all, pricing


def test_every_module_imports() -> None:
    names = [info.name for info in pkgutil.walk_packages(shop.__path__, "shop.")]
    assert len(names) >= 30
    for name in names:
        importlib.import_module(name)


def test_package_reexports() -> None:
    assert shop.orders.models.OrderStatus is OrderStatus
    assert "pricing" in orders_all  # a submodule listed in __all__
    assert shop.orders.pricing is pricing
    assert callable(shop.core.config)  # the function, not the submodule
    assert shop.core.money.Money(1) == shop.core.money.Money(1)
