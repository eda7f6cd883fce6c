"""Which strings planner/django_model_refs.py reads as Django model labels (issue 13, breaker F19): only a two-part
label where Django takes a model, so a module path elsewhere (or of three parts) stays a path."""

from __future__ import annotations

import ast

from planner.django_model_refs import migration_file, model_label_strings

SOURCE = """\
from django.db import migrations, models

a = models.ForeignKey("shop.order", on_delete=models.CASCADE)
b = models.ManyToManyField(to="shop.order", through="shop.line")
c = apps.get_model("shop.order")
AUTH_USER_MODEL = "accounts.user"
settings.CART_MODEL = "shop.cart"
d = convert("shop.order", to="shop.order")
e = models.ForeignKey("shop.models.Order")
f = import_module("shop.order")
g = migrations.AlterField(model_name="shop.line", name="x", field=None)
h = migrations.RunSQL("shop.order")
default_model = "shop.order"
"""


def _labels(migration: bool) -> list[tuple[int, str]]:
    tree = ast.parse(SOURCE)
    return sorted((s.lineno, s.value) for s in model_label_strings(tree, migration=migration))


def test_labels_only_where_django_takes_a_model() -> None:
    expected = [
        (3, "shop.order"),
        (4, "shop.line"),
        (4, "shop.order"),
        (5, "shop.order"),
        (6, "accounts.user"),
        (7, "shop.cart"),
    ]
    assert _labels(migration=False) == expected
    assert _labels(migration=True) == sorted([*expected, (8, "shop.order"), (11, "shop.line")])


def test_a_migration_file_is_below_migrations_and_declares_one() -> None:
    source = b"from django.db import migrations\n\nclass Migration(migrations.Migration):\n    pass\n"
    assert migration_file("shop/migrations/0001_initial.py", source)
    assert migration_file("migrations/0002_more.py", source)
    assert not migration_file("shop/order.py", source)
    assert not migration_file("shop/migrations/helpers.py", b"def helper():\n    pass\n")
