"""A module path given as a list or tuple of its parts (issue 13, astroid).

astroid's tests hand its resolver its own module names as data: ``file_from_modpath(["astroid", "modutils"])``
compared with the module's ``__file__``, and ``modpath_from_file(...)`` compared with ``["astroid", "modutils"]``.
No string there spells a dotted path, so the plan did not list them and apply left them: after ``apply --all``
the resolver looked for ``astroid/modutils.py``, gone. A list or tuple of two or more string constants, each an
identifier, whose ``"."``-join is a renamed module's whole path is a ``module-parts`` reference now, listed with
its ``path:line`` and rewritten (only the renamed part changes). A longer list (``["pkg", "helpers", "VALUE"]``,
a path followed by an attribute, or words) and a longer token (``["pkg", "helpers_v2"]``) are left as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
RESOLVER = """\
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def file_from_modpath(parts):
    return os.path.join(ROOT, *parts) + ".py"


def modpath_from_file(path):
    return os.path.relpath(path, ROOT)[: -len(".py")].split(os.sep)
"""
SUITE = """\
import os

from pkg import helpers, resolver
from pkg.sub import deep

WORDS = ["pkg", "helpers", "VALUE"]
LONGER_TOKEN = ("pkg", "helpers_v2")


def test_a_path_by_its_parts():
    assert resolver.file_from_modpath(["pkg", "helpers"]) == os.path.abspath(helpers.__file__)
    assert resolver.modpath_from_file(deep.__file__) == [
        "pkg",
        "sub",
        "deep",
    ]


def test_other_lists_unchanged():
    assert WORDS[1] == "helpers" and LONGER_TOKEN[1] == "helpers_v2"
"""


def test_a_module_path_as_a_list_of_its_parts(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/sub").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/resolver.py").write_text(RESOLVER)
    (repo / "pkg/helpers.py").write_text("VALUE = 1\n")
    (repo / "pkg/sub/__init__.py").write_text("")
    (repo / "pkg/sub/deep.py").write_text("VALUE = 2\n")
    (repo / "tests/test_parts.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("2 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (x["old_module"], r["line"], r["kind"], r["text"], r["action"])
        for x, r in plan_references(plan)
        if r["path"] == "tests/test_parts.py" and r["kind"] == "module-parts"
    }
    assert found == {
        ("pkg.helpers", 11, "module-parts", "'pkg', 'helpers'", "rewrite"),
        ("pkg.sub.deep", 15, "module-parts", "'pkg', 'sub', 'deep'", "rewrite"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    suite = (repo / "tests/test_parts.py").read_text()
    assert 'resolver.file_from_modpath(["pkg", "WF1_V7_L' in suite and '_helpers"])' in suite
    assert '        "sub",\n        "WF1_V7_L' in suite
    assert 'WORDS = ["pkg", "helpers", "VALUE"]' in suite and 'LONGER_TOKEN = ("pkg", "helpers_v2")' in suite
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


WORDS_SUITE = """\
import subprocess


def test_orders_subcommand():
    subprocess.run(["shop", "orders"], check=False)


class Meta:
    unique_together = ("shop", "orders")


def test_label(order={"model": "shop.Orders"}):
    assert order["model"].lower().split(".") != ["shop", "orders"]


MODULES = []
PACKAGES = ["shop", "orders"]


def test_distribution(setup=dict):
    assert setup(name="shop", py_modules=MODULES, packages=PACKAGES)
    assert setup(py_modules=["shop", "orders"])
"""


def test_the_same_words_where_nothing_says_module_path_are_listed_not_rewritten(cli: Invoke, tmp_path: Path) -> None:
    """A console script and its subcommand, a Django ``unique_together``, an app label and model name (review24
    finding 03): words that joined are ``shop.orders``. The lists setuptools' ``packages=`` and ``py_modules=``
    take hold whole names, not one path's parts: neither listed nor rewritten (issue 13, configobj's ``setup.py``:
    ``setup(py_modules=MODULES, packages=PACKAGES)`` with ``PACKAGES = ['configobj', 'validate']``, two top-level
    packages, was rewritten as the module ``configobj.validate``'s parts, then listed as words). The plan lists them for a person, apply leaves them and
    names them in the batch's manual follow-ups, and ``guardian check`` passes on them after the rename."""
    repo = tmp_path / "repo"
    (repo / "shop").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG.replace('"pkg/**"', '"shop/**"'))
    (repo / "shop/__init__.py").write_text("")
    (repo / "shop/orders.py").write_text("def main():\n    return 1\n")
    (repo / "tests/test_cli.py").write_text(WORDS_SUITE)
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["line"], r["kind"], r["text"], r["action"])
        for _, r in plan_references(plan)
        if r["path"] == "tests/test_cli.py"
    }
    assert found == {
        (5, "module-words", "'shop', 'orders'", "follow-up"),
        (9, "module-words", "'shop', 'orders'", "follow-up"),
        (13, "module-words", "'shop', 'orders'", "follow-up"),
    }
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    listed = sorted(m["detail"] for b in report["batches"] for m in b["manual_follow_up"])
    assert [m.partition(": manual follow-up: ")[0] for m in listed] == [
        "tests/test_cli.py:13",
        "tests/test_cli.py:5",
        "tests/test_cli.py:9",
    ]
    assert "a list of words that joined is a module path (nothing there says it is one) names shop.orders" in listed[0]
    assert (repo / "tests/test_cli.py").read_text() == WORDS_SUITE
    cli(repo, "-q", "check")  # the words are no retired path
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
