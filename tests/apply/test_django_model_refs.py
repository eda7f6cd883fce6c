"""A Django lazy model reference ``"<app_label>.<model_name>"`` is no module path (issue 13, breaker F19).

makemigrations writes ``to='shop.order'`` (the model name lower-cased, always); when the app also has a module
``shop/order.py`` (its services), the reference is spelled as that module's path. Apply rewrote it to
``to='shop.WF1_..._order'``: ``migrate`` raised "Related model cannot be resolved" and every database test was lost.
The same string given to a relation field (``ForeignKey``, ``OneToOneField``, ``ManyToManyField``, its ``to=`` or
``through=``), to ``get_model``, assigned to a ``*_MODEL`` setting, or as a keyword of a call in a migration file
names a model: neither listed nor rewritten. The same path given to ``import_module`` is still rewritten; revert
gives back every byte. The fixture's ``django`` is a stand-in resolving labels as Django's registry does.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

MODELS_STUB = """\
REGISTRY = {}
CASCADE = "cascade"


class Model:
    def __init_subclass__(cls, **kwargs):
        REGISTRY[f"{cls.__module__.split('.')[0]}.{cls.__name__.lower()}"] = cls


class Field:
    def __init__(self, to=None, *args, through=None, **kwargs):
        self.to, self.through = to, through


class ForeignKey(Field):
    pass


class OneToOneField(Field):
    pass


class ManyToManyField(Field):
    pass


class IntegerField(Field):
    pass
"""
MIGRATIONS_STUB = """\
class Migration:
    pass


class CreateModel:
    def __init__(self, name, fields, **kwargs):
        self.fields = dict(fields)


class AddField:
    def __init__(self, model_name, name, field):
        self.model_name, self.fields = model_name, {name: field}


def swappable_dependency(value):
    return (value.split(".")[0], "__first__")
"""
APPS_STUB = """\
from django.db.models import REGISTRY


class Apps:
    def get_model(self, app_label, model_name=None):
        if model_name is None:
            app_label, model_name = app_label.split(".")
        return REGISTRY[f"{app_label}.{model_name.lower()}"]  # Related model cannot be resolved


apps = Apps()
"""
MODELS = """\
from django.apps import apps
from django.db import models


class Order(models.Model):
    pass


class Line(models.Model):
    order = models.ForeignKey("shop.order", on_delete=models.CASCADE)
    twin = models.OneToOneField(to="shop.order", on_delete=models.CASCADE)
    orders = models.ManyToManyField("shop.order", through="shop.order")


def order_model():
    assert apps.get_model("shop", "order") is Order
    return apps.get_model("shop.order")
"""
MIGRATION = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency("shop.order")]

    operations = [
        migrations.CreateModel(
            name="Line",
            fields=[
                ("qty", models.IntegerField(default=1)),
                ("order", models.ForeignKey(on_delete="cascade", to="shop.order")),
            ],
        ),
        migrations.AddField(model_name="shop.line", name="more", field=models.ManyToManyField(to="shop.order")),
    ]
"""
# a settings file in Django's context (planner/django_model_refs.py): AUTH_USER_MODEL needs django.contrib.auth
SETTINGS = 'INSTALLED_APPS = ["django.contrib.auth", "shop"]\nAUTH_USER_MODEL = "shop.order"\n'
TEST = """\
import importlib

from django.apps import apps
from proj import settings
from shop.models import Line, Order, order_model


def test_every_model_reference_resolves() -> None:
    migration = importlib.import_module("shop.migrations.0001_initial").Migration
    fields = [f for op in migration.operations for f in op.fields.values()]
    labels = [f.to for f in fields if f.to] + [Line.order.to, Line.twin.to, Line.orders.to, Line.orders.through]
    assert len(labels) == 6
    assert {apps.get_model(label) for label in labels} == {Order}
    assert apps.get_model(settings.AUTH_USER_MODEL) is order_model() is Order
    assert migration.dependencies == [("shop", "__first__")]
    assert importlib.import_module("shop.order").total([2, 3]) == 5
"""
FILES = {
    "guardian.toml": (
        'exempt = ["**/__init__.py", "tests/**", "django/**", "proj/**", "shop/migrations/**"]\n\n'
        '[workflows]\n"shop/**" = 1\n'
    ),
    "django/__init__.py": "",
    "django/apps.py": APPS_STUB,
    "django/db/__init__.py": "",
    "django/db/models.py": MODELS_STUB,
    "django/db/migrations.py": MIGRATIONS_STUB,
    "proj/__init__.py": "",
    "proj/settings.py": SETTINGS,
    "shop/__init__.py": "",
    "shop/order.py": "def total(quantities):\n    return sum(quantities)\n",
    "shop/models.py": MODELS,
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": MIGRATION,
    "tests/test_shop.py": TEST,
}


def test_a_model_label_spelled_as_a_module_path_is_left(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "1 passed")
    listed = {(r["path"], r["text"]) for _, r in plan_references(plan)}
    assert ("tests/test_shop.py", "shop.order") in listed  # ``import_module("shop.order")``: the module
    assert not {p for p, _ in listed} & {"shop/models.py", "proj/settings.py", "shop/migrations/0001_initial.py"}

    applied(cli, repo, "1 passed")
    [new] = (repo / "shop").glob("WF*_order.py")
    assert (repo / "tests" / "test_shop.py").read_text() == TEST.replace('"shop.order"', f'"shop.{new.stem}"')
    for path, text in (("shop/models.py", MODELS), ("proj/settings.py", SETTINGS)):
        assert (repo / path).read_text() == text
    assert (repo / "shop" / "migrations" / "0001_initial.py").read_text() == MIGRATION
    reverted(cli, repo, original)
