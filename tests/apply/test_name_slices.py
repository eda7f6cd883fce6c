"""A slice of a module's name keeps the module's name (issue 13).

``__name__[len("pkg.plugins."):]``, ``module.__name__[4:]``, ``__name__[-3:]``: a slice that reaches the end of the
name is its last part (or a piece of it) as data, like ``__name__.split(".")[-1]`` (planner/name_tails.py), and a
renamed module's slice is a piece of ``WF1_..._alpha``: a plugin registry lost its key and a parser its function.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

# a plugin registered under its name without its package's prefix
ALPHA = """\
from pkg.plugins import REGISTRY

REGISTRY[__name__[len("pkg.plugins.") :]] = lambda: "alpha"
"""

# the last three letters of its name, through a name assigned it
BETA = """\
from pkg.plugins import REGISTRY

NAME = __name__
REGISTRY[NAME[-4:]] = lambda: "beta"
"""

TESTS = """\
import pytest

from pkg import plugins
from pkg.parsers import json_, toml_
from pkg.plugins import alpha, beta  # noqa: F401


def test_registered():
    assert plugins.REGISTRY["alpha"]() == "alpha" and plugins.REGISTRY["beta"]() == "beta"


@pytest.mark.parametrize("module", [json_, toml_])
def test_parsers(module):
    kind = module.__name__[len("pkg.parsers.") : -1]
    assert getattr(module, "parse_" + kind)() == kind
"""

# the head of its name is all it reads: no tail, nothing kept
HEAD = """\
PACKAGE = __name__[: __name__.rindex(".")]
WHOLE = __name__[:]
"""


def test_a_slice_of_a_module_s_name_keeps_its_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": "REGISTRY = {}\n",
            "pkg/plugins/alpha.py": ALPHA,
            "pkg/plugins/beta.py": BETA,
            "pkg/parsers/__init__.py": "",
            "pkg/parsers/json_.py": "def parse_json():\n    return 'json'\n",
            "pkg/parsers/toml_.py": "def parse_toml():\n    return 'toml'\n",
            "pkg/head.py": HEAD,
            "tests/__init__.py": "",
            "tests/test_slices.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    reads = "reads its name's last part as data"
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/plugins/alpha.py": f"found by name by pkg/plugins/alpha.py:3, which {reads}",
        "pkg/plugins/beta.py": f"found by name by pkg/plugins/beta.py:4, which {reads}",
        "pkg/parsers/json_.py": f"found by name by tests/test_slices.py:14, which {reads}",
        "pkg/parsers/toml_.py": f"found by name by tests/test_slices.py:14, which {reads}",
    }
    assert sorted(r["old"] for r in plan_renames(plan)) == ["pkg/head.py"]
    assert plan["hazards"] == []

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/head.py").exists() and (repo / "pkg/plugins/alpha.py").exists()
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_slices_of_a_name() -> None:
    from planner.read_facts import extract

    def read(source: str, path: str = "pkg/mod.py") -> list[str]:
        return sorted(k for k in extract(source, path).bound_names if k.startswith("name-tail"))

    own = ["name-tail:"]
    assert read("T = __name__[4:]\n") == own
    assert read("T = __name__[-3:]\n") == own
    assert read('T = __spec__.name[len("pkg."):]\n') == own
    assert read("T = __name__[4:-1]\nU = __name__[-1]\n") == own
    assert read("from p import a\nT = a.__name__[2:]\n") == ["name-tail:p.a"]
    assert read("def f(m):\n    return m.__name__[4:]\n") == ["name-tail-param:f:0:m"]
    # the head (to a bound before the end that counts from the start), the whole name and other strings: nothing
    assert read('H = __name__[: __name__.rindex(".")]\nW = __name__[:]\nZ = __name__[0]\n') == []
    assert read("T = path[4:]\nU = type(x).__name__[4:]\n") == []


def test_a_slice_of_a_class_s_or_a_decorated_function_s_name_is_no_hazard(cli: Invoke, tmp_path: Path) -> None:
    """``cls.__name__[4:]`` is a class's name, and a bare decorator's parameter (``@register``: ``fn.__name__[5:]``)
    the function it decorates: neither is a module's, and they were ``module-name-tail`` hazards naming every module
    the file imports. A method's parameter sliced the same way still is one (its callers are not read)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/alpha.py": "X = 1\n",
            "pkg/reg.py": (
                "from pkg import alpha\n\nREGISTRY = {}\n\n\ndef register(fn):\n    REGISTRY[fn.__name__[5:]] = fn\n"
                "    return fn\n\n\n@register\ndef test_one():\n    return alpha.X\n\n\nclass Base:\n    @classmethod\n"
                "    def key(cls):\n        return cls.__name__[4:]\n\n    def name(self, module):\n"
                "        return module.__name__[4:]\n"
            ),
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]] == [
        ("module-name-tail", "pkg.alpha", "pkg/reg.py", 22)
    ]
