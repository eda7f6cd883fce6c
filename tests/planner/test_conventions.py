"""Modules a tool finds by their file name keep their names, in the tool's context only (planner/conventions.py).

Before: django-celery-results 2.6.0 (flat layout, no Guardian configuration) had ``setup.py``, ``manage.py``,
``docs/conf.py`` and its Django app's ``models.py``, ``admin.py`` and ``apps.py`` planned as renames. pip,
Sphinx and Django find each of them by name: after the rename Django's app registry no longer imported
``<app>.models`` and the package broke in ways no import graph shows.
"""

from __future__ import annotations

from pathlib import Path

from planner.build_plan import build_plan
from planner.config import Config
from planner.plan_file import plan_from_json

#: planner.conventions.FOUND_BY_NAME, spelled out: these tests also run (and fail) on the code before it
FOUND_BY_NAME = "found by name by "

DJANGO_APP = {
    "shop/__init__.py": "",
    "shop/models.py": "from django.db import models\n\n\nclass Item(models.Model):\n    pass\n",
    "shop/admin.py": "from django.contrib import admin\n\nfrom shop.models import Item\n\nadmin.site.register(Item)\n",
    "shop/apps.py": "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n",
    "shop/views.py": "from shop.models import Item\n\n\ndef items(request):\n    return Item.objects.all()\n",
    "shop/pricing.py": "def price(item):\n    return 1\n",
    "shop/tests.py": "from django.test import TestCase\n\n\nclass ItemTests(TestCase):\n    pass\n",
    "shop/management/__init__.py": "",
    "shop/management/commands/__init__.py": "",
    "shop/management/commands/restock.py": "from django.core.management.base import BaseCommand\n\nfrom shop.pricing import price\n",
    "shop/management/helpers.py": "from shop.pricing import price\n",
    "shop/templatetags/__init__.py": "",
    "shop/templatetags/shop_tags.py": "from django import template\n\nregister = template.Library()\n",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": "from django.db import migrations\n",
}


def plan_of(root: Path, **config: object) -> tuple[list[str], dict[str, str]]:
    """The plan's renamed paths and its kept paths with their reasons."""
    plan = build_plan(Config(root=root, **config))  # type: ignore[arg-type]
    assert plan_from_json(plan.to_json()).kept == plan.kept  # plan.json reads back the same
    return sorted(r.old for r in plan.renames), {k.path: k.reason for k in plan.kept}


def test_a_django_apps_modules_keep_their_names_and_its_other_modules_are_renamed(write_tree):
    """Django's app registry imports ``<app>.models`` and ``<app>.apps`` (``MODELS_MODULE_NAME``,
    ``APPS_MODULE_NAME``, django/apps/config.py); ``admin.autodiscover()`` imports ``<app>.admin``; a
    management command and a template tag library are named after their files; the test runner discovers
    ``test*.py``. (A migration's file name starts with its number: no module name, never renamed.)"""
    root = write_tree(DJANGO_APP)
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))  # a configuration that exempts no migrations
    assert renamed == ["shop/management/helpers.py", "shop/pricing.py", "shop/views.py"]
    assert kept == {
        "shop/admin.py": f"{FOUND_BY_NAME}Django's admin.autodiscover() (<app>.admin)",
        "shop/apps.py": f"{FOUND_BY_NAME}Django's app registry (<app>.apps)",
        "shop/management/commands/restock.py": f"{FOUND_BY_NAME}Django's manage.py (the command's name)",
        "shop/models.py": f"{FOUND_BY_NAME}Django's app registry (<app>.models)",
        "shop/templatetags/shop_tags.py": f"{FOUND_BY_NAME}Django's templates ({{% load library %}})",
        "shop/tests.py": f"{FOUND_BY_NAME}Django's test runner (test*.py)",
    }


def test_the_same_file_names_in_a_package_that_does_not_use_django_are_renamed(write_tree):
    """The context: a ``models.py`` of a package none of whose modules imports ``django`` is a module like
    any other, even in a checkout where another package is a Django app."""
    root = write_tree(
        {
            **DJANGO_APP,
            "store/__init__.py": "",
            "store/models.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Item:\n    name: str\n",
            "store/admin.py": "from store.models import Item\n",
            "store/apps.py": "",
            "store/management/__init__.py": "",
            "store/management/commands/__init__.py": "",
            "store/management/commands/sync.py": "from store.models import Item\n",
            "store/tests.py": "",
        }
    )
    renamed, kept = plan_of(root)
    assert [p for p in renamed if p.startswith("store/")] == [
        "store/admin.py",
        "store/apps.py",
        "store/management/commands/sync.py",
        "store/models.py",
        "store/tests.py",
    ]
    assert not [p for p in kept if p.startswith("store/")]
    assert "shop/models.py" in kept


def test_sphinx_conf_keeps_its_name_in_a_docs_directory_and_beside_an_index(write_tree):
    """'The configuration directory must contain a file named conf.py' (Sphinx's documentation): beside the
    root document (``index.rst``, or ``index.md`` with MyST) or under ``docs``; any other ``conf.py`` is renamed."""
    root = write_tree(
        {
            "docs/conf.py": "project = 'shop'\n",
            "docs/index.rst": "Shop\n====\n",
            "manual/conf.py": "project = 'manual'\n",
            "manual/index.md": "# Manual\n",
            "pkg/__init__.py": "",
            "pkg/conf.py": "DEBUG = False\n",
            "pkg/core.py": "from pkg.conf import DEBUG\n",
        }
    )
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))
    assert renamed == ["pkg/conf.py", "pkg/core.py"]
    assert kept == dict.fromkeys(
        ["docs/conf.py", "manual/conf.py"], f"{FOUND_BY_NAME}Sphinx (the configuration of its source directory)"
    )


def test_root_build_and_task_files_keep_their_names_and_the_same_names_in_a_package_do_not(write_tree):
    """pip builds a project from its directory's ``setup.py``; nox reads ``noxfile.py``, doit ``dodo.py``,
    Invoke the collection ``tasks`` and Fabric ``fabfile`` of the directory they run in; ``site`` imports
    ``sitecustomize`` at start-up; Alembic runs its script directory's ``env.py``; ``flask run`` without
    ``--app`` imports ``wsgi.py`` or ``app.py`` of the directory it runs in."""
    root = write_tree(
        {
            "setup.py": "from setuptools import setup\n\nsetup(name='pkg')\n",
            "noxfile.py": "import nox\n\n\n@nox.session\ndef tests(session):\n    session.run('pytest')\n",
            "dodo.py": "def task_hello():\n    return {'actions': ['echo hello']}\n",
            "tasks.py": "from invoke import task\n\n\n@task\ndef build(c):\n    pass\n",
            "sitecustomize.py": "",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "wsgi.py": "import os\n",
            "tools/fabfile.py": "from fabric import task\n",
            "migrations/env.py": "from alembic import context\n",
            "plugin/setup.py": "from setuptools import setup\n",
            "plugin/pyproject.toml": "[project]\nname = 'plugin'\n",
            "pkg/__init__.py": "",
            "pkg/setup.py": "def setup():\n    return 1\n",
            # a test project inside a package, in a directory with no __init__.py (pyfakefs' ns_package/test)
            "pkg/fixtures/project/setup.py": "",
            "pkg/noxfile.py": "",
            "pkg/tasks.py": "from invoke.tasks import Task\n",  # invoke's own invoke/tasks.py: a package module
            "pkg/env.py": "import os\n",
            "pkg/sitecustomize.py": "",
            "pkg/app.py": "from flask import Flask\n",
            "pkg/core.py": "from pkg import app, env, noxfile, setup, sitecustomize, tasks\n",
        }
    )
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))
    assert renamed == [
        "pkg/app.py",
        "pkg/core.py",
        "pkg/env.py",
        "pkg/noxfile.py",
        "pkg/setup.py",
        "pkg/sitecustomize.py",
        "pkg/tasks.py",
        "wsgi.py",  # no flask app: the flask command would not look for one here
    ]
    assert {path: reason.removeprefix(FOUND_BY_NAME) for path, reason in kept.items()} == {
        "dodo.py": "doit (its tasks)",
        "migrations/env.py": "Alembic (the env.py of its script directory)",
        "noxfile.py": "nox (its sessions)",
        "plugin/setup.py": "pip and setuptools (a project's build script)",
        "pkg/fixtures/project/setup.py": "pip and setuptools (a project's build script)",
        "setup.py": "pip and setuptools (a project's build script)",
        "app.py": "the flask command (the app when no --app is given)",
        "sitecustomize.py": "site (imported at start-up)",
        "tasks.py": "Invoke (its tasks)",
        "tools/fabfile.py": "Fabric (its tasks)",
    }


def test_celery_task_and_app_modules_keep_their_names_in_a_checkout_that_uses_celery(write_tree):
    """``autodiscover_tasks(related_name='tasks')`` imports ``<package>.tasks`` (celery/loaders/base.py);
    ``celery -A proj`` loads ``proj.celery`` (celery/app/utils.py ``find_app``); the default loader imports
    ``celeryconfig`` (celery/loaders/default.py)."""
    files = {
        "celeryconfig.py": "broker_url = 'memory://'\n",
        "proj/__init__.py": "",
        "proj/celery.py": "from celery import Celery\n\napp = Celery('proj')\napp.autodiscover_tasks()\n",
        "orders/__init__.py": "",
        "orders/tasks.py": "from proj.celery import app\n",
        "orders/util.py": "",
    }
    renamed, kept = plan_of(write_tree(files), exempt=("**/__init__.py",))
    assert renamed == ["orders/util.py"]
    assert sorted(kept) == ["celeryconfig.py", "orders/tasks.py", "proj/celery.py"]


def test_without_celery_a_packages_tasks_and_celery_modules_are_renamed(write_tree):
    files = {"celeryconfig.py": "", "jobs/__init__.py": "", "jobs/tasks.py": "", "jobs/celery.py": "VEGETABLE = 1\n"}
    renamed, kept = plan_of(write_tree(files), exempt=("**/__init__.py",))
    assert renamed == ["celeryconfig.py", "jobs/celery.py", "jobs/tasks.py"] and kept == {}


def test_a_module_an_exempt_glob_lists_is_not_listed_again(write_tree):
    """A convention adds to ``exempt``; it does not list what the user's globs already keep."""
    root = write_tree(DJANGO_APP)
    _, kept = plan_of(root, exempt=("**/__init__.py", "shop/admin.py"))
    assert "shop/admin.py" not in kept and "shop/models.py" in kept


def test_every_convention_names_its_tool_and_evidence():
    from planner.conventions import CONVENTIONS
    from planner.conventions import FOUND_BY_NAME as found

    assert found == FOUND_BY_NAME
    for convention in CONVENTIONS:
        assert convention.tool and convention.how and convention.evidence
        assert convention.applies.__doc__, convention.pattern  # the context, said in words


def test_a_package_that_imports_django_elsewhere_has_no_app_where_no_module_beside_it_does(write_tree):
    """The context is the app's directory, not the top-level package: kombu 5.7's ``utils/json.py`` imports
    Django for its encoder, and its SQLAlchemy transport's ``models.py`` (beside an ``__init__`` that imports
    SQLAlchemy) was kept as if Django's app registry imported it."""
    root = write_tree(
        {
            "broker/__init__.py": "",
            "broker/utils/__init__.py": "",
            "broker/utils/json.py": "try:\n    from django.utils.functional import Promise\nexcept ImportError:\n"
            "    Promise = None\n",
            "broker/transport/__init__.py": "",
            "broker/transport/sql/__init__.py": "import sqlalchemy\n",
            "broker/transport/sql/models.py": "from sqlalchemy import Column\n",
            "broker/transport/sql/management/__init__.py": "",
            "broker/transport/sql/management/commands/__init__.py": "",
            "broker/transport/sql/management/commands/purge.py": "from broker.transport.sql.models import Column\n",
            **DJANGO_APP,
        }
    )
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))
    assert "broker/transport/sql/models.py" in renamed
    assert "broker/transport/sql/management/commands/purge.py" in renamed
    assert {"shop/models.py", "shop/admin.py", "shop/apps.py", "shop/management/commands/restock.py"} <= set(kept)


def test_the_task_modules_of_an_invoke_tasks_package_keep_their_names(write_tree):
    """parse_type 0.6.6's ``tasks/__init__.py``: ``namespace.add_collection(Collection.from_module(test))``.
    Invoke names the sub-collection after the module (``invoke test.unittest``), so renaming ``tasks/test.py``
    renamed its command line. A module of a top-level ``tasks`` package that imports invoke keeps its name;
    its helpers that do not, and a ``tasks`` package below another, are renamed."""
    root = write_tree(
        {
            "tasks/__init__.py": "from invoke import Collection\n\nfrom . import test\n\n"
            "namespace = Collection()\nnamespace.add_collection(Collection.from_module(test))\n",
            "tasks/test.py": "from invoke import task\n\nfrom ._path import here\n\n\n@task\ndef unittest(ctx):\n    pass\n",
            "tasks/_path.py": "def here():\n    return '.'\n",
            "pkg/__init__.py": "",
            "pkg/tasks/__init__.py": "",
            "pkg/tasks/build.py": "from invoke import task\n",
        }
    )
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))
    assert renamed == ["pkg/tasks/build.py", "tasks/_path.py"]
    assert kept == {"tasks/test.py": f"{FOUND_BY_NAME}Invoke (a sub-collection named after its module)"}


def test_a_django_database_backend_and_a_locale_formats_module_keep_their_names(write_tree):
    """breaker B2: Django imports ``<ENGINE>.base`` for each database (``load_backend``) and
    ``<path>.<locale>.formats`` for each ``FORMAT_MODULE_PATH``: renamed, every test lost its database
    ("isn't an available database backend") and dates their format. The same names elsewhere are renamed."""
    root = write_tree(
        {
            "proj/__init__.py": "",
            "proj/settings.py": "DATABASES = {'default': {'ENGINE': 'proj.dbback'}}\nFORMAT_MODULE_PATH = ['proj.formats']\n",
            "proj/dbback/__init__.py": "",
            "proj/dbback/base.py": "from django.db.backends.sqlite3.base import DatabaseWrapper as W\n\n\nclass DatabaseWrapper(W):\n    pass\n",
            "proj/formats/__init__.py": "",
            "proj/formats/en/__init__.py": "",
            "proj/formats/en/formats.py": 'DATE_FORMAT = "Y/m/d"\n',
            "proj/formats/pt_BR/__init__.py": "",
            "proj/formats/pt_BR/formats.py": 'DATE_FORMAT = "d/m/Y"\n',
            "proj/render/__init__.py": "",
            "proj/render/formats.py": "from django.utils import formats\n",
            "proj/render/base.py": "import django\n",
            "tool/__init__.py": "",
            "tool/en/__init__.py": "",
            "tool/en/formats.py": "",
            "tool/base.py": "",
        }
    )
    renamed, kept = plan_of(root, exempt=("**/__init__.py",))
    assert kept == {
        "proj/dbback/base.py": f"{FOUND_BY_NAME}Django's database backends (<ENGINE>.base)",
        "proj/formats/en/formats.py": f"{FOUND_BY_NAME}Django's FORMAT_MODULE_PATH (<path>.<locale>.formats)",
        "proj/formats/pt_BR/formats.py": f"{FOUND_BY_NAME}Django's FORMAT_MODULE_PATH (<path>.<locale>.formats)",
    }
    assert renamed == [
        "proj/render/base.py",
        "proj/render/formats.py",
        "proj/settings.py",
        "tool/base.py",
        "tool/en/formats.py",
    ]
