"""Entry-point group names that are spelled like a module path (issue 13, isort).

A plugin namespace such as ``isort.profiles`` is often named after the module that defines the built-in
entries: ``entry_points(group="isort.profiles")`` in the code, ``[project.entry-points."isort.profiles"]``
in a plugin's ``pyproject.toml``, ``isort.profiles =`` under ``[options.entry_points]`` in a ``setup.cfg``
(or in a docs page showing one), ``[isort.profiles]`` in an egg-info's ``entry_points.txt``. That name is
the plugins' contract, not the module: renaming the module must not rewrite it, or every installed
plugin registered under the old group stops being found. The exact token stays; a path through it
(``isort.profiles.profiles``, ``isort.profiles:x``) still names the module and is rewritten.

The planner leaves such a token out of the plan's references and ``apply`` leaves it alone
(:meth:`codemods.base.Renames.keeping`); both read the names with :func:`entry_point_groups`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["entry_point_groups"]

_NAME = r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+"
#: ``group="x.y"`` (``entry_points``, ``EntryPoints.select``, pkg_resources), ``iter_entry_points("x.y")``
_CODE = re.compile(rf"""(?:\bgroup\s*=\s*|\b(?:iter_entry_points|get_group_all|get_entry_map)\(\s*)(['"])({_NAME})\1""")
#: ``[project.entry-points."x.y"]``, ``[tool.poetry.plugins."x.y"]`` (the quotes are optional in TOML)
_TABLE = re.compile(rf"""^\s*\[\s*(?:project\.entry-points|tool\.poetry\.plugins)\.(['"]?)({_NAME})\1\s*\]""", re.M)
#: ``x.y =`` with nothing after it at a line's start: a setup.cfg group whose entries follow, indented
_KEY = re.compile(rf"^({_NAME})[ \t]*=[ \t]*$", re.M)
#: an egg-info's ``entry_points.txt``: every section is a group
_SECTION = re.compile(rf"^\[({_NAME})\][ \t]*$", re.M)


def entry_point_groups(texts: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The dotted entry-point group names that ``texts`` (path, text) use or define.

    Returns:
        Every group name found, whatever module it may coincide with.
    """
    found: set[str] = set()
    for path, text in texts:
        egg_info = path.rpartition("/")[2] == "entry_points.txt"
        if not egg_info and "entry" not in text and "group" not in text and "plugins" not in text:
            continue
        found.update(m.group(2) for m in _CODE.finditer(text))
        found.update(m.group(2) for m in _TABLE.finditer(text))
        found.update(m.group(1) for m in _KEY.finditer(text))
        if egg_info:
            found.update(m.group(1) for m in _SECTION.finditer(text))
    return frozenset(found)
