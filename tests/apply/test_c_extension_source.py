"""A C extension's source that imports its package's modules by name is rewritten (issue 13, simplejson).

simplejson's ``_speedups.c`` does ``import_dependency("simplejson.errors", "JSONDecodeError")`` when the
extension loads (wrapt's ``_wrappers.c``: ``PyImport_ImportModule("wrapt.exceptions")``). Guardian read no C
file: after the rename, an extension built from the checkout failed to import (``No module named
'simplejson.raw_json'``), simplejson fell back to pure Python without a word, and 12 of its speedups tests
went from passed to skipped. A whole C string literal naming a module is a ``c-source`` reference now,
rewritten; the same path in a comment is prose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
SPEEDUPS = """\
/* needs pkg.errors at load time */
static int
module_exec(PyObject *m)
{
    PyObject *errors = PyImport_ImportModule("pkg.errors");
    return errors == NULL ? -1 : 0;
}
"""


def test_a_c_string_naming_a_module_is_rewritten(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "from .errors import Error\n",
            "pkg/errors.py": "class Error(Exception):\n    pass\n",
            "pkg/_speedups.c": SPEEDUPS,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [errors] = [r for r in plan_renames(plan) if r["old"] == "pkg/errors.py"]
    assert [(r["path"], r["line"], r["kind"], r["action"]) for r in errors["references"]] == [
        ("pkg/_speedups.c", 1, "comment", "rewrite-prose"),
        ("pkg/_speedups.c", 5, "c-source", "rewrite"),
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    [renamed] = (repo / "pkg").glob("WF*_errors.py")
    source = (repo / "pkg" / "_speedups.c").read_text()
    assert f'PyImport_ImportModule("pkg.{renamed.stem}")' in source
    assert f"/* needs pkg.{renamed.stem} at load time */" in source
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
