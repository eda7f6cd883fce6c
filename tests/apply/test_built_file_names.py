"""A module whose file the package finds by a file name it builds keeps its name (issue 13, vulture).

vulture reads a whitelist for each imported module by a name it builds, ``Path("whitelists") / (import_name
+ "_whitelist.py")``, with ``pkgutil.get_data``: the file is read, not imported. Renamed, the whitelists were
no longer found, and vulture reported the names they list as unused (its ``test_tests`` lost). Such a module is
kept now, listed under the plan's ``kept`` with the file and line that build the name
(planner/built_file_names.py); the module that builds it is renamed as any other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

# the shape of vulture's core.py: a data file per imported name, its name built around the name
CORE = """\
import pkgutil
from pathlib import Path


def listed(name):
    path = Path("lists") / (name + "_list.py")
    try:
        data = pkgutil.get_data("pkg", str(path))
    except OSError:
        return "none"
    return data.decode().strip()
"""


def test_a_module_found_by_a_built_file_name_keeps_its_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/core.py": CORE,
            "pkg/lists/ast_list.py": "visit_Name = 1\n",
            "pkg/lists/sys_list.py": "argv = 1\n",
            "pkg/helpers.py": "def helper():\n    return 2\n",
            "use.py": "from pkg.core import listed\n\nprint(listed('ast'), listed('sys'), listed('os'))\n",
        },
    )
    committed(repo)
    original = snapshot(repo)

    def use() -> str:
        done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    assert use() == "visit_Name = 1 argv = 1 none\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(r["old"] for b in plan["batches"] for r in b["renames"]) == ["pkg/core.py", "pkg/helpers.py"]
    reason = "found by name by pkg/core.py:6, which builds the file name `*_list.py` (read by that name)"
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/lists/ast_list.py": reason,
        "pkg/lists/sys_list.py": reason,
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/lists/ast_list.py").exists() and not (repo / "pkg/core.py").exists()
    assert use() == "visit_Name = 1 argv = 1 none\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_file_names_a_string_builds_around_a_value() -> None:
    from planner.read_facts import extract

    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "pkg/mod.py").bound_names if k.startswith("built-file:"))

    assert read('p = Path("w") / (name + "_whitelist.py")\n') == ["built-file:*_whitelist.py"]
    assert read('p = f"{base}/plugins/{name}_plugin.py"\n') == ["built-file:*_plugin.py"]
    assert read('p = "lists/" + kind + "_" + name + "_list.py"\n') == ["built-file:*_*_list.py"]
    assert read('p = "plugin_%s.py" % name\nq = "{}_hook.py".format(name)\n') == [
        "built-file:*_hook.py",
        "built-file:plugin_*.py",
    ]
    assert read('p = name + ".py"\nq = f"{d}/{n}.py"\nr = a + "_" + b + ".py"\n') == []  # by the value alone
    assert read('p = "setup" + ".py"\nq = f"reading {name}_list.py"\nr = base + "/main.py"\n') == []
