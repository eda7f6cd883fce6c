"""A checkout as django-celery-results 2.6.0 has it (flat layout, no Guardian configuration): the files pip,
Sphinx and Django find by name keep them through ``plan`` and ``apply --all``; its other modules are renamed
and their importers follow (planner/conventions.py).

Before: ``setup.py``, ``noxfile.py``, ``docs/conf.py`` and the app's ``models.py``, ``admin.py`` and ``apps.py``
were renamed with the rest; Django's app registry then no longer found ``shop.models``.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

FILES = {
    "setup.py": "from setuptools import setup\n\nsetup(name='shop', packages=['shop'])\n",
    "noxfile.py": "import nox\n\n\n@nox.session\ndef tests(session):\n    session.run('pytest')\n",
    "docs/conf.py": "project = 'shop'\n",
    "docs/index.rst": "Shop\n====\n",
    "shop/__init__.py": "",
    "shop/models.py": "from django.db import models\n\n\nclass Item(models.Model):\n    pass\n",
    "shop/admin.py": "from django.contrib import admin\n\nfrom shop.models import Item\n\nadmin.site.register(Item)\n",
    "shop/apps.py": "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n",
    "shop/views.py": "from shop.models import Item\n\n\ndef items(request):\n    return Item.objects.all()\n",
    "shop/urls.py": "from shop import views\n\nurlpatterns = [views.items]\n",
}


def test_files_tools_find_by_name_keep_their_names_through_apply_and_the_rest_is_renamed(cli: Invoke, tmp_path: Path):
    repo = tmp_path / "repo"
    write_files(repo, FILES)
    committed(repo)
    original = snapshot(repo)

    shown = cli(repo, "plan").output
    assert "Kept: 6 modules their tools find by name\n" in shown
    assert "  shop/apps.py: Django's app registry (<app>.apps)\n" in shown
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    assert [(r["old"], r["new"]) for r in plan_renames(plan)] == [
        ("shop/views.py", "shop/WF1_V7_L2_1of2_views.py"),
        ("shop/urls.py", "shop/WF1_V7_L3_2of2_urls.py"),
    ]
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "docs/conf.py": "found by name by Sphinx (the configuration of its source directory)",
        "noxfile.py": "found by name by nox (its sessions)",
        "setup.py": "found by name by pip and setuptools (a project's build script)",
        "shop/admin.py": "found by name by Django's admin.autodiscover() (<app>.admin)",
        "shop/apps.py": "found by name by Django's app registry (<app>.apps)",
        "shop/models.py": "found by name by Django's app registry (<app>.models)",
    }
    assessed = json.loads(cli(repo, "assess", "--json").output)["compliance"]
    assert {k["module"] for k in assessed["kept"]} == {
        "docs.conf",
        "noxfile",
        "setup",
        "shop.admin",
        "shop.apps",
        "shop.models",
    }
    assessed_text = cli(repo, "assess").output
    assert "Kept by name: 6 modules their tools find by name\n" in assessed_text
    assert "  shop.models: Django's app registry (<app>.models)\n" in assessed_text

    cli(repo, "-q", "apply", "--all")
    after = snapshot(repo)
    assert sorted(after) == [
        "docs/conf.py",
        "docs/index.rst",
        "noxfile.py",
        "setup.py",
        "shop/WF1_V7_L2_1of2_views.py",
        "shop/WF1_V7_L3_2of2_urls.py",
        "shop/__init__.py",
        "shop/admin.py",
        "shop/apps.py",
        "shop/models.py",
    ]
    assert after["shop/WF1_V7_L2_1of2_views.py"] == FILES["shop/views.py"].encode()  # its import of models stays
    assert after["shop/WF1_V7_L3_2of2_urls.py"].startswith(b"from shop import WF1_V7_L2_1of2_views as views\n")

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
