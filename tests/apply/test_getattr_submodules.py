"""A renamed submodule reached by the built-ins that take an attribute name (issue 13, shape13):
``getattr(pkg, "alpha")`` and ``hasattr(pkg, "alpha")`` after ``import pkg.alpha``. Rope rewrites the import to
``import pkg.WF1_..._alpha``, which binds the package's attribute by the new name only, and the string kept the old
one (``AttributeError``). The string gets the new name, as ``mock.patch.object(pkg, "alpha")``'s does. A submodule
its package shadows (``from .slug import slug``: ``pkg.slug`` is the function) keeps the string.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import pkg
import pkg.alpha
from unittest import mock


def test_submodule_by_attribute_name():
    assert getattr(pkg, "alpha").A == 1 and hasattr(pkg, "alpha")
    assert getattr(pkg, "slug")("a b") == "a-b"
    with mock.patch.object(pkg, "alpha"):
        assert getattr(pkg, "alpha", None) is not None
"""


def test_getattr_of_a_renamed_submodule_follows_it(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "from .slug import slug\n",
            "pkg/alpha.py": "A = 1\n",
            "pkg/slug.py": 'def slug(text):\n    return text.replace(" ", "-")\n',
            "tests/test_attrs.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian/plan.json").read_text())
    listed = sorted(
        (ref["path"], ref["line"], ref["kind"], ref["text"], ref["action"], rename["old_module"])
        for rename, ref in plan_references(plan)
        if ref["path"] == "tests/test_attrs.py"
    )
    assert listed == [
        ("tests/test_attrs.py", 7, "getattr", "alpha", "rewrite", "pkg.alpha"),
        ("tests/test_attrs.py", 7, "getattr", "alpha", "rewrite", "pkg.alpha"),
        ("tests/test_attrs.py", 9, "mock.patch.object", "alpha", "rewrite", "pkg.alpha"),
        ("tests/test_attrs.py", 10, "getattr", "alpha", "rewrite", "pkg.alpha"),
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    text = (repo / "tests/test_attrs.py").read_text()
    assert 'getattr(pkg, "WF1_V7_L1_1of2_alpha")' in text and 'hasattr(pkg, "WF1_V7_L1_1of2_alpha")' in text
    assert 'getattr(pkg, "slug")' in text and 'mock.patch.object(pkg, "WF1_V7_L1_1of2_alpha")' in text
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
