"""An entry-point group spelled like a module path keeps its name (issue 13, isort).

A plugin namespace is often named after the module of the built-in entries (``pkg.plugins``). The group
is the plugins' contract: ``entry_points(group="pkg.plugins")`` must keep finding every plugin installed
under it. ``apply`` rewrote that string, the group's ``pyproject.toml`` table was left as a manual
follow-up (a section header), and the docs told plugin authors to register under the module's new name.
A path through the module (``pkg.plugins.BUILTIN``, ``pkg.plugins:BUILTIN``) is still rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "docs/**"]

[workflows]
"pkg/**" = 1
"""
LOADER = """\
\"\"\"Plugins.

>>> import {module}
\"\"\"

from importlib.metadata import entry_points

BUILTIN_PATH = "{module}.BUILTIN"


def load():
    return [ep.load() for ep in entry_points(group="pkg.plugins")]
"""
PYPROJECT = """\
[project]
name = "pkg"

[project.entry-points."pkg.plugins"]
builtin = "{module}:BUILTIN"
"""
EGG_INFO = """\
[pkg.plugins]
builtin = {module}:BUILTIN
"""
DOCS = """\
Register a plugin under the `pkg.plugins` group:

```
[options.entry_points]
pkg.plugins =
    mine = my_module:PLUGIN
```

The built-in entries are `{module}.BUILTIN`.
"""


def _tree(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "pkg.egg-info").mkdir()
    (root / "guardian.toml").write_text(CONFIG)
    (root / "pkg/__init__.py").write_text("")
    (root / "pkg/plugins.py").write_text("BUILTIN = {}\n")
    (root / "pkg/loader.py").write_text(LOADER.format(module="pkg.plugins"))
    (root / "pyproject.toml").write_text(PYPROJECT.format(module="pkg.plugins"))
    (root / "pkg.egg-info/entry_points.txt").write_text(EGG_INFO.format(module="pkg.plugins"))
    (root / "docs/plugins.md").write_text(DOCS.format(module="pkg.plugins"))
    return committed(root)


def test_the_group_stays_and_paths_through_the_module_are_rewritten(cli: Invoke, tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo")
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [plugins] = [r for r in plan_renames(plan) if r["old"] == "pkg/plugins.py"]
    assert sorted((r["path"], r["line"], r["text"]) for r in plugins["references"]) == [
        ("docs/plugins.md", 9, "pkg.plugins.BUILTIN"),
        ("pkg.egg-info/entry_points.txt", 2, "pkg.plugins:BUILTIN"),
        ("pkg/loader.py", 3, "pkg.plugins"),  # the doctest's import; not the group on line 12
        ("pkg/loader.py", 8, "pkg.plugins.BUILTIN"),
        ("pyproject.toml", 5, "pkg.plugins:BUILTIN"),
    ]

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [m for b in report["batches"] for m in b["manual_follow_up"]] == []
    module = plugins["new_module"]
    [loader] = (repo / "pkg").glob("WF*_loader.py")
    assert loader.read_text() == LOADER.format(module=module)  # group="pkg.plugins" as it was
    assert (repo / "pyproject.toml").read_text() == PYPROJECT.format(module=module)
    assert (repo / "pkg.egg-info/entry_points.txt").read_text() == EGG_INFO.format(module=module)
    assert (repo / "docs/plugins.md").read_text() == DOCS.format(module=module)
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_log_line_of_the_group_s_logger_is_no_path_through_the_module(cli: Invoke, tmp_path: Path) -> None:
    """mkdocs 1.6.1: ``mkdocs/plugins.py`` loads ``entry_points(group="mkdocs.plugins")`` and logs through
    ``logging.getLogger("mkdocs.plugins")``, both kept; its test expects ``"WARNING:mkdocs.plugins:Multiple ..."``,
    logging's ``LEVEL:name:message``. Apply read ``mkdocs.plugins:Multiple`` as a path through the module and rewrote
    the expected line only (the plan listed nothing): 3 tests lost. A ``:name`` after the group's token is the
    module's attribute only where the module binds that name."""
    repo = tmp_path / "repo"
    (repo / "pkg/tests").mkdir(parents=True)
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py", "**/tests/**"]\n')
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/tests/__init__.py").write_text("")
    (repo / "pkg/plugins.py").write_text(
        'import logging\nfrom importlib.metadata import entry_points\n\nlog = logging.getLogger("pkg.plugins")\n'
        'BUILTIN = {}\n\n\ndef load():\n    return entry_points(group="pkg.plugins")\n'
    )
    test = 'EXPECTED = "WARNING:pkg.plugins:Multiple handlers"\nBUILTIN = "pkg.plugins:BUILTIN"\n'
    (repo / "pkg/tests/test_log.py").write_text(test)
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = [(x["path"], x["line"]) for _, x in plan_references(plan)]
    assert found == [("pkg/tests/test_log.py", 2)]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    lines = (repo / "pkg/tests/test_log.py").read_text().splitlines()
    assert lines[0] == 'EXPECTED = "WARNING:pkg.plugins:Multiple handlers"' and "pkg.WF" in lines[1]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
