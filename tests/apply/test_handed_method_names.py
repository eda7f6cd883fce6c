"""A module that hands its own name to a method reading the name's last part keeps it (issue 13).

``registry.register(__name__, dump)``, with ``registry = Registry()`` beside ``class Registry`` whose ``register``
keys its entries by ``name.rsplit(".", 1)[-1]``: renamed, the key was ``WF1_..._jsonfmt`` and ``entries["jsonfmt"]``
raised KeyError, with nothing kept and no hazard (the function form, ``register(__name__, obj)``, was followed:
tests/apply/test_handed_module_names.py). A method of a module-level class whose parameter is taken apart at its
dots is followed where the call's object is known: an instance the class's module makes at its top level, or the
class itself (a static method), each as the caller imports it (the name, the module, an alias). A call handing a
module's name to a method of that name on an object not known (``self._reg.register(__name__, self)``) in a file
that imports the class's module is a ``module-name-tail`` hazard.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

REGISTRY = """\
class Registry:
    def __init__(self):
        self.entries = {}

    def register(self, name, obj):
        self.entries[name.rsplit(".", 1)[-1]] = obj


class Names:
    SEEN = []

    @staticmethod
    def remember(name):
        Names.SEEN.append(name.split(".")[-1])


registry = Registry()
"""
PLUGINS = {
    "jsonfmt": "from pkg.registry import registry\n\nregistry.register(__name__, print)\n",
    "csvfmt": "from pkg import registry as r\n\nr.registry.register(__name__, print)\n",
    "inifmt": "from pkg.registry import Names\n\nNames.remember(__name__)\n",
    "xmlfmt": """\
from pkg.registry import Registry


class Plugin:
    def __init__(self):
        self._reg = Registry()
        self._reg.register(__name__, self)
""",
}
TESTS = """\
from pkg.plugins import csvfmt, inifmt, jsonfmt, xmlfmt  # noqa: F401
from pkg.registry import Names, registry


def test_registered():
    assert sorted(registry.entries) == ["csvfmt", "jsonfmt"]
    assert Names.SEEN == ["inifmt"]
"""


def test_a_module_handing_its_name_to_a_tail_reading_method_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/registry.py": REGISTRY,
            "pkg/plugins/__init__.py": "",
            **{f"pkg/plugins/{name}.py": code for name, code in PLUGINS.items()},
            "pkg/other.py": "VALUE = 1\n",
            "tests/__init__.py": "",
            "tests/test_plugins.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", [])}
    assert sorted(kept) == ["pkg/plugins/csvfmt.py", "pkg/plugins/inifmt.py", "pkg/plugins/jsonfmt.py"]
    assert kept["pkg/plugins/jsonfmt.py"] == (
        "found by name by pkg/registry.py:6, which reads its name's last part as data (`name` of "
        "`Registry.register`, given it by pkg/plugins/jsonfmt.py:3)"
    )
    hazards = {(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]}
    assert ("module-name-tail", "pkg.plugins.xmlfmt", "pkg/plugins/xmlfmt.py", 7) in hazards
    assert {h[2] for h in hazards} == {"pkg/plugins/xmlfmt.py"}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/other.py").exists() and (repo / "pkg/plugins/jsonfmt.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
