"""A module path's middle part spelled between dots, read as data (issue 13, django-debug-toolbar 8.0.0).

django-debug-toolbar's ``Panel.enabled`` takes ``get_name_from_obj(self)`` (a helper's ``obj.__module__ + "." +
qualname``) and also looks up ``panel_path.replace(".panel.", ".")`` in ``DISABLE_PANELS``, so a setting may name
``debug_toolbar.panels.sql.SQLPanel`` for the class of ``debug_toolbar/panels/sql/panel.py``. Renamed, the module's
part is ``WF3_..._panel``, the literal no longer matches, and 3 of its tests were lost with nothing listed: the
name-tail reads (planner/name_tails.py) follow ``__module__`` within one function only. A string literal that is a
dotted name's part between two dots (``".panel."``) given to a string method or tested with ``in`` names that part of
module paths: each module with that part below its top level keeps its name (listed under ``kept``).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/naming.py": (
        "def name_of(obj):\n    klass = type(obj)\n    return klass.__module__ + '.' + klass.__qualname__\n"
    ),
    "pkg/panels/__init__.py": (
        "from pkg.naming import name_of\n\n\nclass Panel:\n    def enabled(self, disabled):\n"
        "        path = name_of(self)\n"
        '        return path not in disabled and path.replace(".panel.", ".") not in disabled\n'
    ),
    "pkg/panels/sql/__init__.py": "from .panel import SQLPanel\n",
    "pkg/panels/sql/panel.py": "from pkg.panels import Panel\n\n\nclass SQLPanel(Panel):\n    pass\n",
    "pkg/panels/sql/forms.py": "FIELDS = ['query']\n",
    "tests/test_panels.py": (
        "from pkg.panels.sql import SQLPanel\nfrom pkg.panels.sql.forms import FIELDS\n\n\n"
        "def test_disabled_by_the_short_path():\n"
        "    assert SQLPanel().enabled(set())\n"
        '    assert not SQLPanel().enabled({"pkg.panels.sql.SQLPanel"})\n'
        "    assert FIELDS == ['query']\n"
    ),
}


def test_a_part_between_dots_keeps_its_modules(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renamed = {r["old_module"] for batch in plan["batches"] for r in batch["renames"]}
    assert "pkg.panels.sql.panel" not in renamed
    assert {"pkg.naming", "pkg.panels.sql.forms"} <= renamed  # another part, another module: renamed as before

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/panels/sql/panel.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
