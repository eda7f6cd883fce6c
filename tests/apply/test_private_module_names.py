"""A private module stays private after its rename (issue 13, anyio).

anyio's ``test_all_attributes`` walks its package with ``pkgutil.walk_packages``, skips every module whose
name holds ``"._"`` (private by Python's convention) and checks that each other module lists its functions
and classes in ``__all__``. The pattern puts ``{name}`` last, so ``anyio._lazyimport`` became
``anyio.WF5_V7_L1_1of3__lazyimport``: a public name, without ``__all__``, and the test failed. A private
module's leading underscores now lead its new name (``_WF1_V7_L1_1of2_impl``); the earlier spelling is
still parsed and compliant, so a checkout renamed in it is not renamed again.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
PUBLIC_API_TEST = """\
import pkgutil
from importlib import import_module
from inspect import isfunction

import pkg


def test_public_modules_list_their_functions_in_all():
    public = []
    for _finder, name, _ispkg in pkgutil.walk_packages(pkg.__path__, "pkg."):
        if "._" in name:
            continue
        public.append(name.rpartition(".")[2])
        module = import_module(name)
        functions = {n: getattr(module, n) for n in dir(module) if isfunction(getattr(module, n))}
        own = {n for n, f in functions.items() if not n.startswith("_") and f.__module__ == name}
        assert own <= set(module.__all__), name
    assert len(public) == 1  # no new public module
"""


def test_a_private_module_keeps_its_leading_underscore(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from .api import greet\n\n__all__ = ['greet']\n")
    (repo / "pkg/api.py").write_text(
        "from ._impl import shout\n\n__all__ = ('greet',)\n\n\ndef greet(x):\n    return shout(x)\n"
    )
    (repo / "pkg/_impl.py").write_text("def shout(x):\n    return x.upper()\n")
    (repo / "tests/test_public_api.py").write_text(PUBLIC_API_TEST)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    targets = {r["old"]: r for r in plan_renames(plan)}
    assert targets["pkg/_impl.py"]["new"] == "pkg/_WF1_V7_L1_1of2_impl.py"
    assert targets["pkg/_impl.py"]["reason"] == (
        "does not follow the pattern WF{workflow}_V{version}_L{layer}_{index}of{total}_{name} "
        "(a private name keeps its leading underscore) -> _WF1_V7_L1_1of2_impl.py"
    )
    assert targets["pkg/api.py"]["new"] == "pkg/WF1_V7_L2_2of2_api.py"

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/WF1_V7_L2_2of2_api.py").read_text().startswith("from ._WF1_V7_L1_1of2_impl import shout\n")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "check")  # compliant: nothing to rename again
    assert json.loads(cli(repo, "--json", "plan").stdout)["batches"] == []
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_module_named_only_with_underscores_stays_private(cli: Invoke, tmp_path: Path) -> None:
    """``_.py`` and ``__.py`` became ``WF1_V7_L1_1of3__`` and ``WF1_V7_L1_2of3___``: public names (review 23).
    Their underscores lead the new name too, and the renamed checkout is compliant."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from . import _, __\n")
    (repo / "pkg/_.py").write_text("A = 1\n")
    (repo / "pkg/__.py").write_text("B = 1\n")
    (repo / "pkg/pub.py").write_text("__all__ = ['C']\nC = 1\n")
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    targets = {r["old"]: r["new"] for r in plan_renames(plan)}
    assert targets == {
        "pkg/_.py": "pkg/_WF1_V7_L1_1of3__.py",
        "pkg/__.py": "pkg/__WF1_V7_L1_2of3___.py",
        "pkg/pub.py": "pkg/WF1_V7_L1_3of3_pub.py",
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/__init__.py").read_text() == (
        "from . import _WF1_V7_L1_1of3__ as _, __WF1_V7_L1_2of3___ as __\n"  # the names it binds stay
    )
    cli(repo, "-q", "check")  # compliant: nothing to rename again
    assert json.loads(cli(repo, "--json", "plan").stdout)["batches"] == []
