"""A ``.py`` file of a family of data files the code reads by a prefix it builds keeps its name (issue 13,
pre-commit).

pre-commit keeps templates in its resources package (``empty_template_setup.py`` beside
``empty_template_Cargo.toml``, ``empty_template_go.mod`` ...) and reads each by a name it builds with the
file's extension in the value: ``resource_text(f"empty_template_{basename}")`` with ``basename`` from a tuple
holding ``"setup.py"``. The ``.py`` template was renamed like a module, the read raised ``FileNotFoundError`` and
every local ``language: python`` hook failed. A string built as a literal prefix followed by a value
(``f"tmpl_{name}"``, ``"tmpl_" + name``) keeps each module whose file name the prefix starts when the same
directory holds files of that prefix that are no Python modules (the family of data files); a prefix that only
modules start (a cache key ``f"cache_{key}"`` beside ``cache_utils.py``) keeps nothing (planner/built_file_names.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

# the shape of pre-commit's store.py: templates read by a prefix and a file name from a table
STORE = """\
import importlib.resources
import os

_TEMPLATES = ("build.py", "build.cfg", "conf/rules.ini")


def read(name):
    return importlib.resources.files("pkg.templates").joinpath(name).read_text()


def copy_templates():
    out = []
    for entry in _TEMPLATES:
        _, base = os.path.split(entry)
        out.append(read(f"skel_{base}").strip())
    return out


def cache_key(key):
    return f"cache_{key}"
"""


def test_a_module_of_a_data_family_read_by_a_built_prefix_keeps_its_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/store.py": STORE,
            "pkg/templates/__init__.py": "",
            "pkg/templates/skel_build.py": "# build template\n",
            "pkg/templates/skel_build.cfg": "[build]\n",
            "pkg/templates/skel_rules.ini": "[rules]\n",
            "pkg/cache_utils.py": "def clear():\n    return 0\n",
            "use.py": "from pkg.store import copy_templates\n\nprint(copy_templates())\n",
        },
    )
    committed(repo)
    original = snapshot(repo)

    def use() -> str:
        done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    expected = "['# build template', '[build]', '[rules]']\n"
    assert use() == expected
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(r["old"] for r in plan_renames(plan)) == [
        "pkg/cache_utils.py",
        "pkg/store.py",
    ]
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/templates/skel_build.py": "found by name by pkg/store.py:15, which builds the file name `skel_*`"
        " (read by that name)",
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/templates/skel_build.py").exists() and not (repo / "pkg/store.py").exists()
    assert use() == expected
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_prefixes_a_string_builds_before_a_value() -> None:
    from planner.read_facts import extract

    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "pkg/mod.py").bound_names if k.startswith("built-file:"))

    assert read('t = read(f"tmpl_{base}")\nu = read("skel-" + name)\n') == [
        "built-file:skel-*",
        "built-file:tmpl_*",
    ]
    assert read('t = f"templates/tmpl_{base}"\n') == ["built-file:tmpl_*"]
    # a value first, inside, or a stem that spells no word: no prefix of a file name
    assert read('a = f"{x}_tmpl"\nb = f"_{x}"\nc = f"tmpl_{x}_{y}"\nd = f"Hello {x}"\ne = f"a.b.{x}"\n') == []
