"""A module's name with its package's prefix removed by ``replace``, or sliced after ``str()``, keeps its name
(issue 13).

``REGISTRY[__name__.replace("pkg.plugins.", "")]`` and ``REGISTRY[str(__name__)[12:]]`` read the name's last part
as ``__name__.rsplit(".", 1)[-1]`` does (planner/name_tails.py); renamed, the keys were ``WF1_..._alpha`` and the
registry's lookups raised KeyError, with nothing kept and no hazard.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

# the package's prefix removed from its plugins' names; a function given one does the same
PACKAGE = """\
REGISTRY = {}


def register(name, obj):
    REGISTRY[name.replace("pkg.plugins.", "")] = obj
"""

ALPHA = """\
from pkg.plugins import REGISTRY

REGISTRY[__name__.replace("pkg.plugins.", "")] = "alpha"
"""

BETA = """\
from pkg.plugins import REGISTRY

REGISTRY[str(__name__)[12:]] = "beta"
"""

GAMMA = """\
from pkg.plugins import register

register(__name__, "gamma")
"""

# the whole name with its dots replaced, not removed: a path, no tail (a module-name-data hazard)
OTHER = """\
PATH = __name__.replace(".", "/")
"""

TESTS = """\
from pkg import other
from pkg.plugins import REGISTRY, alpha, beta, gamma  # noqa: F401


def test_registered():
    assert sorted(REGISTRY.items()) == [("alpha", "alpha"), ("beta", "beta"), ("gamma", "gamma")]


def test_path():
    assert other.PATH.startswith("pkg/")
"""


def test_a_name_without_its_package_s_prefix_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": PACKAGE,
            "pkg/plugins/alpha.py": ALPHA,
            "pkg/plugins/beta.py": BETA,
            "pkg/plugins/gamma.py": GAMMA,
            "pkg/other.py": OTHER,
            "tests/__init__.py": "",
            "tests/test_registry.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    reads = "reads its name's last part as data"
    assert {k["path"]: k["reason"] for k in plan.get("kept", [])} == {
        "pkg/plugins/alpha.py": f"found by name by pkg/plugins/alpha.py:3, which {reads}",
        "pkg/plugins/beta.py": f"found by name by pkg/plugins/beta.py:3, which {reads}",
        "pkg/plugins/gamma.py": f"found by name by pkg/plugins/__init__.py:5, which {reads} (`name` of `register`, "
        "given it by pkg/plugins/gamma.py:3)",
    }
    assert sorted(r["old"] for r in plan_renames(plan)) == ["pkg/other.py"]
    # the whole name edited and kept (planner/name_uses.py): listed for a person, the module renamed all the same
    assert [(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]] == [
        ("module-name-data", "pkg.other", "pkg/other.py", 1)
    ]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/other.py").exists() and (repo / "pkg/plugins/alpha.py").exists()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_prefixes_removed_from_a_name() -> None:
    from planner.read_facts import extract

    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "pkg/mod.py").bound_names if k.startswith("name-tail"))

    own = ["name-tail:"]
    assert read('T = __name__.replace("pkg.", "")\n') == own
    assert read("T = str(__name__)[4:]\n") == own
    assert read('from p import a\nT = str(a.__name__).replace("p.", "")\n') == ["name-tail:p.a"]
    assert read('def f(name):\n    return name.replace("pkg.", "")\n') == ["name-tail-arg:f:0:name"]
    assert read('def f(name):\n    return name.removeprefix("pkg.")\n') == ["name-tail-arg:f:0:name"]
    # dots replaced by another text, a prefix without its dot, a word removed: no tail read
    assert read('P = __name__.replace(".", "/")\nQ = __name__.replace("pkg", "")\n') == []
    assert read('def f(name):\n    return name.replace("x", ""), name.removeprefix("test_")\n') == []
