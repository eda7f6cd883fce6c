"""Aliases a module registers below its own path in ``sys.modules`` keep the old path (issue 13, requests).

requests' ``packages.py`` makes ``requests.packages.urllib3`` urllib3 itself, module by module
(``sys.modules[f"requests.packages.{mod}"] = sys.modules[mod]``), and its users import
``from requests.packages.urllib3.util.retry import Retry``. Renaming ``packages.py`` rewrote the key's
literal part and Rope rewrote the imports below the module to the new path, which the graph verification
could not resolve, so the batch was rolled back; and the old path, the module's public API, was gone. Such a
key is a ``module-alias`` reference now (``keep-old-path``): it keeps the old path, the module gets a shim,
and an import below the module keeps its old path too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
PACKAGES = """\
import sys

import json

for mod in list(sys.modules):
    if mod == "json" or mod.startswith("json."):
        sys.modules[f"pkg.packages.{mod}"] = sys.modules[mod]
"""
USER = """\
import pkg
from pkg.packages.json.decoder import JSONDecoder


def decoder():
    return JSONDecoder is pkg.packages.json.decoder.JSONDecoder
"""
CHECKS = (
    "from pkg.user import decoder; print(decoder())",
    "import pkg.packages.json.decoder as d, json.decoder; print(d is json.decoder)",
    "import pkg; from pkg import packages; print(packages.json is pkg.packages.json)",
)


def test_aliases_below_a_module_keep_its_old_path(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "from . import packages\n",
            "pkg/packages.py": PACKAGES,
            "pkg/user.py": USER,
        }
    )
    committed(repo)
    original = snapshot(repo)

    def run(check: str) -> str:
        done = subprocess.run([sys.executable, "-c", check], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr[-300:]

    assert [run(c) for c in CHECKS] == ["True\n"] * 3
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    assert [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in found["pkg/packages.py"]] == [
        ("pkg/packages.py", 7, "module-alias", "pkg.packages.", "keep-old-path")
    ]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    [user] = (repo / "pkg").glob("WF*_user.py")
    assert "from pkg.packages.json.decoder import JSONDecoder" in user.read_text()
    [renamed] = (repo / "pkg").glob("WF*_packages.py")
    assert 'sys.modules[f"pkg.packages.{mod}"]' in renamed.read_text()
    assert (repo / "pkg" / "packages.py").exists()  # the shim
    checks = [c.replace("pkg.user", f"pkg.{user.stem}") for c in CHECKS]
    assert [run(c) for c in checks] == ["True\n"] * 3
    report = json.loads(cli(repo, "--json", "validate", code=None).stdout)
    checks_by_name = {c["check"]: c for c in report["checks"]}
    assert checks_by_name["old-names"]["status"] == "pass", checks_by_name["old-names"]  # the kept alias paths
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


# plumbum 2.0.2's colors.py: an object stands in for the module, and its parts are registered below the
# module's own name, built from ``__name__`` (not spelled as a path)
COLORS = """\
import sys


class Palette:
    red = "RED"


class Colors:
    fg = Palette()


colors = Colors()
sys.modules[__name__ + ".fg"] = colors.fg
sys.modules[__name__] = colors
"""
COLOR_CHECK = "from pkg.colors.fg import red; import pkg.colors; print(red, pkg.colors.fg.red)"


def test_aliases_built_on_the_module_name_are_kept_under_the_old_name(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``sys.modules[__name__ + ".fg"]`` registers the alias below the module's name when it runs: after the
    rename that is the new name, and ``from plumbum.colors.fg import red`` failed ('plumbum.colors' is not a
    package; its test lost) although the plan listed the key as ``module-alias``, ``keep-old-path``. The shim
    at the old path registers the module's aliases under the old name too."""
    repo = write_tree({"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/colors.py": COLORS})
    committed(repo)
    original = snapshot(repo)

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", COLOR_CHECK], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr[-300:]

    assert run() == "RED RED\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = plan_renames(plan)
    assert [(r["line"], r["kind"], r["text"], r["action"]) for r in rename["references"]] == [
        (13, "module-alias", "pkg.colors.fg", "keep-old-path")
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg" / "colors.py").exists()  # the shim
    assert run() == "RED RED\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
